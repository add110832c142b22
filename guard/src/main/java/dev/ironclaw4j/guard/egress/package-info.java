/**
 * Egress: the one HTTP client of the product. Every outbound request passes, in this order: strict URL
 * parse to a canonical form ({@link dev.ironclaw4j.guard.egress.CanonicalUrl}), the allow-list
 * ({@link dev.ironclaw4j.guard.egress.EgressPolicy}, default deny), a rate limit, a leak scan of the
 * request as the caller wrote it, credential injection where a binding allows it, DNS resolution with
 * every address classified ({@link dev.ironclaw4j.guard.egress.AddressClassifier}), a connection pinned
 * to the checked addresses, redirects re-authorized hop by hop (never for credentialed requests), a
 * response size cap and a leak scan of the response. Every decision goes to an
 * {@link dev.ironclaw4j.guard.egress.EgressAuditSink}.
 */
package dev.ironclaw4j.guard.egress;

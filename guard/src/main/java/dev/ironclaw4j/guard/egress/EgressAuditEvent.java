package dev.ironclaw4j.guard.egress;

import java.time.Instant;
import java.util.List;

/**
 * One egress decision, without payloads: no path, query, header or body, and secrets only by name.
 *
 * @param outcome {@code allowed} (sent; {@code status} is the response's), {@code denied} (refused
 *     before sending; {@code reason} says why) or {@code failed} (allowed, but the exchange failed)
 * @param host destination host, or {@code ?} when the URL did not parse
 * @param hop 0 for the caller's request, 1.. for redirects followed
 * @param secrets names of the secrets injected
 */
public record EgressAuditEvent(
    Instant time,
    String caller,
    String outcome,
    String reason,
    String method,
    String host,
    int port,
    int status,
    long bytesSent,
    long bytesReceived,
    long durationMillis,
    int hop,
    List<String> secrets) {
  public EgressAuditEvent {
    secrets = List.copyOf(secrets);
  }
}

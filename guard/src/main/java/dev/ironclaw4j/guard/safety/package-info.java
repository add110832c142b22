/**
 * The safety layer: untrusted content (web pages, files, MCP results, tool output, email, recalled
 * memory) reaches the model only normalized, inspected and fenced.
 *
 * <p>Public API:
 *
 * <ul>
 *   <li>{@link dev.ironclaw4j.guard.safety.SafetyLayer#inspect(String, Provenance)} returns a
 *       {@link dev.ironclaw4j.guard.safety.SafetyResult}: a {@link dev.ironclaw4j.guard.safety.Verdict}
 *       ({@code pass}, {@code warn}, {@code sanitize}, {@code review}, {@code block}), the content
 *       exactly as the model may see it, and the findings (rule id, family, severity, span, how it
 *       was seen, whether it was hidden) for audit.
 *   <li>{@link dev.ironclaw4j.guard.safety.Wrapper} fences the result with a per-session 128-bit
 *       marker and provenance; content cannot forge the fence.
 *   <li>{@link dev.ironclaw4j.guard.safety.InputValidator} enforces size, encoding, JSON depth,
 *       string-length and entry limits on tool parameters and outputs.
 *   <li>{@link dev.ironclaw4j.guard.safety.SafetyPolicy} and
 *       {@link dev.ironclaw4j.guard.safety.PolicyRule} map findings to verdicts per source and
 *       channel; {@link dev.ironclaw4j.guard.safety.SafetyConfig} bundles policy, link-host
 *       allow-list and limits.
 * </ul>
 *
 * <p>In the tool pipeline: {@code validator.checkJson(params)} before the call; after it, the leak
 * scan, then {@code inspect}, then (unless BLOCK, or REVIEW refused by the human) {@code wrap}.
 *
 * <p>Detection never changes what is shown by itself: views that undo obfuscation (NFKC, invisible
 * characters, lookalike letters, leetspeak, HTML markup, rot13, base64, hex, tag characters) are used
 * only to find spans in the original, which the policy then keeps, annotates, removes or withholds.
 * Every pattern is RE2 and every decoder bounded, so the cost is linear in the (capped) input.
 */
package dev.ironclaw4j.guard.safety;

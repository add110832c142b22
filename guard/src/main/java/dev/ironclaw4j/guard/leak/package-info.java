/**
 * The leak detector: finds credentials in anything that leaves the process.
 *
 * <p>{@link dev.ironclaw4j.guard.leak.LeakDetector} implements {@link dev.ironclaw4j.guard.leak.LeakScanner}:
 *
 * <ul>
 *   <li><b>Known secrets</b> — every vault value of at least 8 bytes, raw and as base64 / base64url at
 *       all three byte alignments, hex (both cases), percent-encoding and JSON escapes, matched exactly
 *       with one Aho-Corasick automaton; type {@code known_secret}, always {@code BLOCK}, with the
 *       secret's name (never its value). Shorter values are not substring-matched: they would block
 *       ordinary text. The matcher is rebuilt when {@code KnownSecrets.version()} changes.
 *   <li><b>Patterns</b> — more than 80 credential formats ({@code LeakDetector.patternTypes()}), each a
 *       linear-time RE2 pattern behind literal anchors. One Aho-Corasick pass over all anchors; an
 *       isolated hit is matched anchored at the hit, dense hits of one rule are merged into one
 *       unanchored pass, so every rule reads each character at most once. GitHub classic and npm
 *       tokens are accepted only with a valid CRC32 checksum; documentation keys and placeholders are
 *       dropped. Generic {@code password=} / {@code secret:} / {@code api_key} assignments need an
 *       assignment operator after the keyword and a value that is not code (member access, env
 *       lookups) and, for keys, has high entropy.
 *   <li><b>Decoded views</b> — regions around {@code %XX}, {@code \/} and {@code \\uXXXX} are
 *       URL-decoded and JSON-unescaped, and base64 runs of 24 to 65,536 characters that decode to
 *       printable text are decoded (at most 1 MiB per chunk), then scanned again; spans map back to
 *       the original text. One level of decoding, not nested.
 * </ul>
 *
 * <p><b>Bounds.</b> Input of any length is scanned in chunks of 1 Mi chars plus a 32 Ki overlap
 * (longer than any pattern's span), so memory beyond the input is proportional to a chunk; the
 * streaming API ({@code scan(Reader, ...)}) holds only one chunk and accepts up to 2^31-1 chars.
 * At most 10,000 findings per call by default. Offsets are UTF-16 char offsets, or Unicode code
 * points where asked (the CLI). Overlapping findings are resolved to the strongest one.
 */
package dev.ironclaw4j.guard.leak;

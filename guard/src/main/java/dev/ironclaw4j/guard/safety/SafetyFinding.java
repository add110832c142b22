package dev.ironclaw4j.guard.safety;

import java.util.Objects;

/**
 * One thing a detector found. {@code [start, end)} are character offsets into the inspected content
 * (the whole encoded run for an encoded payload). {@code via} says how it was seen: {@code verbatim},
 * {@code normalized} (NFKC, invisible characters removed, confusables or leetspeak folded),
 * {@code html} (tags stripped), {@code base64}, {@code hex}, {@code rot13} or {@code tag-chars}.
 * {@code hidden} is true when the span is invisible to a human reader (hidden HTML, tag characters);
 * such findings are one severity level higher. {@code detail} is a short human-readable note.
 */
public record SafetyFinding(
    String ruleId, Family family, Severity severity, int start, int end, String via, boolean hidden, String detail) {
  public SafetyFinding {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(via, "via");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
    detail = detail == null ? "" : detail;
  }

  SafetyFinding withSeverity(Severity s, String note) {
    return new SafetyFinding(ruleId, family, s, start, end, via, hidden, note == null ? detail : join(detail, note));
  }

  SafetyFinding asHidden(String kind) {
    return new SafetyFinding(ruleId, family, severity.raise(), start, end, via, true, join(detail, "hidden: " + kind));
  }

  SafetyFinding at(int s, int e, String newVia) {
    return new SafetyFinding(ruleId, family, severity, s, e, newVia, hidden, detail);
  }

  boolean overlaps(int s, int e) {
    return start < e && s < end;
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : a + "; " + b;
  }
}

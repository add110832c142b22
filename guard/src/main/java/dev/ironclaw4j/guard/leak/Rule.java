package dev.ironclaw4j.guard.leak;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One credential format: the literal anchors that the prefilter looks for, how far around an anchor
 * the full pattern may reach, the pattern itself (RE2 syntax, linear time, every repetition bounded),
 * which group is the secret, and what a match means.
 *
 * @param type stable identifier reported in findings, e.g. {@code github_pat}
 * @param anchors literals of which at least one occurs in every match (matched case-insensitively)
 * @param before how many characters before an anchor a match may start
 * @param after how many characters after an anchor's end a match may end
 * @param pattern the full pattern
 * @param group the group whose span is reported and redacted (0: the whole match)
 * @param boundary whether the match must not touch an ASCII letter or digit on either side
 * @param confidence confidence of a match that passes {@code check}
 * @param action what a match demands
 * @param check extra validation of the secret group (checksum, placeholder filter); true to accept
 * @param assignment whether an anchor counts only when an assignment ({@code =}, {@code :}) follows
 *     it within a few name characters: a cheap test that keeps prose and code that merely mentions
 *     "password" or "token" away from the full pattern
 */
record Rule(
    String type,
    List<String> anchors,
    int before,
    int after,
    Pattern pattern,
    int group,
    boolean boundary,
    double confidence,
    Finding.Action action,
    Predicate<String> check,
    boolean assignment) {
  /** Longest span any rule may cover; the chunk overlap is larger than this. */
  static final int MAX_SPAN = 20_000;

  Rule {
    Objects.requireNonNull(type, "type");
    anchors = List.copyOf(anchors);
    if (anchors.isEmpty() || before < 0 || after < 0 || before + after > MAX_SPAN) {
      throw new IllegalArgumentException("bad rule " + type);
    }
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(check, "check");
  }
}

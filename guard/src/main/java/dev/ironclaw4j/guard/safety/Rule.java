package dev.ironclaw4j.guard.safety;

import com.google.re2j.Pattern;
import java.util.List;

/**
 * One detection rule: an id such as {@code override.ignore-previous}, its family and base severity, a
 * linear-time (RE2) pattern written against a lower-cased detection view, and what a sanitizer removes
 * when it fires.
 *
 * @param latin whether the rule is about Latin-script text, so it runs on the confusable- and
 *     leet-folded view (non-Latin rules run on the view where other scripts are left alone)
 * @param span what sanitizing removes: the sentence around the match, or just the match
 * @param lang for multilingual rules, the language of this pattern (else null)
 * @param triggers literals of which at least one occurs in every match; the pattern only runs near
 *     them (a cheap prefilter that keeps large inputs fast). Empty: run everywhere.
 */
record Rule(String id, Family family, Severity severity, Pattern pattern, boolean latin, Span span, String lang,
    List<String> triggers) {
  enum Span {
    /** The whole sentence (or line) around the match: the instruction, not only its trigger words. */
    SENTENCE,
    /** Exactly the matched text (a token, a fence, a link). */
    MATCH
  }

  Rule {
    triggers = List.copyOf(triggers);
  }

  /** Compiles {@code regex} where a literal space stands for "one run of white space". */
  static Rule of(String id, Family family, Severity severity, boolean latin, Span span, String lang, String regex) {
    return new Rule(id, family, severity, Pattern.compile(regex.replace(" ", "\\s")), latin, span, lang, List.of());
  }

  /** This rule with prefilter literals, {@code |}-separated, lower case (as they appear in a view). */
  Rule when(String triggers) {
    return new Rule(id, family, severity, pattern, latin, span, lang, List.of(triggers.split("\\|")));
  }
}

package dev.ironclaw4j.guard.safety;

import com.google.re2j.Pattern;

/**
 * One detection rule: an id such as {@code override.ignore-previous}, its family and base severity, a
 * linear-time (RE2) pattern written against a lower-cased detection view, and what a sanitizer removes
 * when it fires.
 *
 * @param latin whether the rule is about Latin-script text, so it also runs on the confusable- and
 *     leet-folded view (non-Latin rules run only where the script is left alone)
 * @param span what sanitizing removes: the sentence around the match, or just the match
 * @param lang for multilingual rules, the language of this pattern (else null)
 */
record Rule(String id, Family family, Severity severity, Pattern pattern, boolean latin, Span span, String lang) {
  enum Span {
    /** The whole sentence (or line) around the match: the instruction, not only its trigger words. */
    SENTENCE,
    /** Exactly the matched text (a token, a fence, a link). */
    MATCH
  }

  /** Compiles {@code regex} where a literal space stands for "one run of white space". */
  static Rule of(String id, Family family, Severity severity, boolean latin, Span span, String lang, String regex) {
    return new Rule(id, family, severity, Pattern.compile(regex.replace(" ", "\\s")), latin, span, lang);
  }
}

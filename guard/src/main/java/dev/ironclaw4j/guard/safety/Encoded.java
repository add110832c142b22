package dev.ironclaw4j.guard.safety;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Base64 and hex payloads: each candidate run (at most {@link #MAX_CANDIDATES} per kind, each cut to
 * {@link #MAX_RUN} characters) is decoded, kept only if it is mostly printable UTF-8, and inspected
 * again by the full detector (up to a fixed nesting depth). A payload hiding a finding of medium
 * severity or more becomes one finding one level more severe, covering the whole encoded run.
 */
final class Encoded {
  private Encoded() {}

  static final int MAX_CANDIDATES = 256;
  static final int MAX_RUN = 64 * 1024;

  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]{24,}={0,2}");
  private static final Pattern HEX = Pattern.compile(
      "(?i)(?:[0-9a-f]{2}){16,}|(?:\\\\x[0-9a-f]{2}){8,}|(?:%[0-9a-f]{2}){8,}|(?:[0-9a-f]{2}[ :]){8,}[0-9a-f]{2}");

  static void scan(String s, Findings out, Detector.Inner inner) {
    scanKind(s, BASE64, "base64", out, inner);
    scanKind(s, HEX, "hex", out, inner);
  }

  private static void scanKind(String s, Pattern p, String kind, Findings out, Detector.Inner inner) {
    Matcher m = p.matcher(s);
    int n = 0;
    while (m.find() && !out.full()) {
      if (n >= MAX_CANDIDATES) {
        // Fail towards caution: payloads past the budget are not decoded, so say so.
        SafetyFinding f = new SafetyFinding("encoded.unscanned", Family.ENCODED, Severity.MEDIUM, m.start(), s.length(),
            kind, false, "more than " + MAX_CANDIDATES + " " + kind + " runs; the rest were not decoded");
        out.add(new Hit(f, m.start(), m.end(), ""));
        return;
      }
      String run = m.group();
      if (run.length() > MAX_RUN) {
        run = run.substring(0, MAX_RUN);
      }
      String decoded = kind.equals("base64") ? base64(run) : hex(run);
      if (decoded == null) {
        continue;
      }
      n++;
      Findings found = inner.inspect(decoded);
      Severity worst = null;
      for (Hit h : found.hits) {
        Severity sv = h.finding().severity();
        if (sv.atLeast(Severity.MEDIUM) && (worst == null || sv.compareTo(worst) > 0)) {
          worst = sv;
        }
      }
      if (worst != null) {
        SafetyFinding f = new SafetyFinding("encoded." + kind, Family.ENCODED, worst.raise(), m.start(), m.end(), kind,
            false, "decodes to " + String.join(", ", Detector.ruleIds(found)));
        out.add(new Hit(f, m.start(), m.end(), "[ironclaw4j removed an encoded instruction (" + kind + ")]"));
      }
    }
  }

  private static String base64(String run) {
    String t = run;
    int eq = t.indexOf('=');
    if (eq >= 0) {
      t = t.substring(0, eq);
    }
    t = t.substring(0, t.length() - (t.length() % 4 == 1 ? 1 : 0));
    byte[] bytes;
    try {
      bytes = (t.indexOf('-') >= 0 || t.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder())
          .decode(pad(t));
    } catch (IllegalArgumentException e) {
      return null;
    }
    return printable(bytes);
  }

  private static String pad(String t) {
    int r = t.length() % 4;
    return r == 0 ? t : t + "==".substring(0, 4 - r);
  }

  private static String hex(String run) {
    StringBuilder digits = new StringBuilder(run.length());
    for (int i = 0; i < run.length(); i++) {
      char c = run.charAt(i);
      if (c == '\\' && i + 1 < run.length() && (run.charAt(i + 1) == 'x' || run.charAt(i + 1) == 'X')) {
        i++;
      } else if (Character.digit(c, 16) >= 0) {
        digits.append(c);
      }
    }
    if (digits.length() % 2 == 1) {
      digits.setLength(digits.length() - 1);
    }
    try {
      return printable(HexFormat.of().parseHex(digits));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The bytes as text if they are valid UTF-8 and at least 85 % printable, else null. */
  static String printable(byte[] bytes) {
    if (bytes.length < 8) {
      return null;
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    int ok = 0;
    int letters = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isISOControl(c) || c == '\n' || c == '\t' || c == '\r') {
        ok++;
      }
      if (Character.isLetter(c)) {
        letters++;
      }
    }
    return ok * 100 >= text.length() * 85 && letters * 2 >= text.length() ? text : null;
  }
}

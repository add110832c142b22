package dev.ironclaw4j.guard.leak;

import dev.ironclaw4j.guard.vault.InsecureSecretAccess;
import dev.ironclaw4j.guard.vault.SecretValue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact matching of vault values in every common encoding, with one Aho-Corasick pass.
 *
 * <p>For each value of at least {@link #MIN_BYTES} bytes the matcher looks for: the raw text (UTF-8
 * decoded); standard base64 and base64url at all three byte alignments (the characters that depend
 * only on the value, so the value is found at any offset inside a longer base64 stream); hex in lower
 * and upper case; percent-encoding (upper- and lower-case hex, and every byte encoded); and the
 * JSON-escaped forms ({@code \"}, {@code \\}, control characters, {@code \/}, {@code \\uXXXX} for
 * non-ASCII). Shorter values are not matched as substrings: an 8-byte floor keeps a 4-character PIN
 * from blocking every message that happens to contain those characters; the vault should warn about
 * such values instead. The encoded forms are kept in char arrays and never printed.
 */
final class KnownMatcher {
  /** Values shorter than this are not matched. */
  static final int MIN_BYTES = 8;

  private final long version;
  private final AhoCorasick ac;
  private final char[][] forms;
  private final String[] names;

  private KnownMatcher(long version, AhoCorasick ac, char[][] forms, String[] names) {
    this.version = version;
    this.ac = ac;
    this.forms = forms;
    this.names = names;
  }

  long version() {
    return version;
  }

  static KnownMatcher build(List<SecretValue> secrets, long version) {
    Map<String, String> formToName = new LinkedHashMap<>();
    for (SecretValue sv : secrets) {
      byte[] v = sv.insecureBytes(InsecureSecretAccess.get());
      try {
        if (v.length >= MIN_BYTES) {
          for (String f : forms(v)) {
            formToName.putIfAbsent(f, sv.name());
          }
        }
      } finally {
        Arrays.fill(v, (byte) 0);
      }
    }
    if (formToName.isEmpty()) {
      return new KnownMatcher(version, null, new char[0][], new String[0]);
    }
    List<String> keys = new ArrayList<>(formToName.keySet());
    char[][] forms = new char[keys.size()][];
    String[] names = new String[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      forms[i] = keys.get(i).toCharArray();
      names[i] = formToName.get(keys.get(i));
    }
    return new KnownMatcher(version, new AhoCorasick(keys, false), forms, names);
  }

  /** Every encoded form of a value that the matcher looks for. */
  static List<String> forms(byte[] v) {
    List<String> out = new ArrayList<>();
    String raw = utf8(v);
    if (raw != null) {
      out.add(raw);
      json(raw, out);
    }
    for (Base64.Encoder enc : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
      for (int k = 0; k < 3; k++) {
        byte[] shifted = new byte[k + v.length];
        System.arraycopy(v, 0, shifted, k, v.length);
        String b = enc.withoutPadding().encodeToString(shifted);
        int from = (8 * k + 5) / 6;
        int to = 8 * (k + v.length) / 6;
        if (to - from >= MIN_BYTES) {
          out.add(b.substring(from, to));
        }
        Arrays.fill(shifted, (byte) 0);
      }
    }
    String hex = HexFormat.of().formatHex(v);
    out.add(hex);
    out.add(hex.toUpperCase(java.util.Locale.ROOT));
    StringBuilder pctUpper = new StringBuilder();
    StringBuilder pctAll = new StringBuilder();
    for (byte b : v) {
      int c = b & 0xff;
      boolean unreserved = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '-' || c == '.' || c == '_' || c == '~';
      if (unreserved) {
        pctUpper.append((char) c);
      } else {
        pctUpper.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
      }
      pctAll.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
    }
    out.add(pctUpper.toString());
    out.add(lowerEscapes(pctUpper));
    out.add(pctAll.toString());
    out.add(lowerEscapes(pctAll));
    return out.stream().distinct().toList();
  }

  private static String lowerEscapes(CharSequence pct) {
    StringBuilder sb = new StringBuilder(pct);
    for (int i = 0; i < sb.length(); i++) {
      if (sb.charAt(i) == '%' && i + 2 < sb.length()) {
        sb.setCharAt(i + 1, Character.toLowerCase(sb.charAt(i + 1)));
        sb.setCharAt(i + 2, Character.toLowerCase(sb.charAt(i + 2)));
      }
    }
    return sb.toString();
  }

  private static void json(String raw, List<String> out) {
    StringBuilder a = new StringBuilder();
    StringBuilder slash = new StringBuilder();
    StringBuilder ascii = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      String e = switch (c) {
        case '"' -> "\\\"";
        case '\\' -> "\\\\";
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        case '\t' -> "\\t";
        case '\b' -> "\\b";
        case '\f' -> "\\f";
        default -> c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
      };
      a.append(e);
      slash.append(c == '/' ? "\\/" : e);
      ascii.append(c >= 0x80 ? String.format("\\u%04x", (int) c) : e);
    }
    out.add(a.toString());
    out.add(slash.toString());
    out.add(ascii.toString());
  }

  private static String utf8(byte[] v) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(v))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Adds a BLOCK finding for every occurrence of a known form in {@code text[from, to)}. */
  void scan(String text, int from, int to, List<Finding> out) {
    if (ac == null) {
      return;
    }
    ac.scan(text, from, to, (p, end) -> {
      char[] f = forms[p];
      int start = end - f.length;
      for (int i = 0; i < f.length; i++) {
        if (text.charAt(start + i) != f[i]) {
          return; // a non-ASCII character shared a class with another one
        }
      }
      out.add(new Finding("known_secret", start, end, 1.0, Finding.Action.BLOCK, names[p]));
    });
  }
}

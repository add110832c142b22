package dev.ironclaw4j.server.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every form of a secret value a test checks for in captured traffic: raw, reversed, base64 and base64url
 * (the characters that depend only on the value, at each of the three byte alignments, so the value is
 * found inside a longer encoded stream), hex in both cases, percent-encoded (form encoding and every byte
 * encoded, both hex cases) and JSON unicode escapes.
 */
public final class SecretForms {
  private SecretForms() {}

  /** Form name to the text that must not appear. */
  public static Map<String, String> of(String value) {
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("raw", value);
    forms.put("reversed", new StringBuilder(value).reverse().toString());
    for (int align = 0; align < 3; align++) {
      byte[] padded = new byte[align + v.length];
      System.arraycopy(v, 0, padded, align, v.length);
      forms.put("base64@" + align, core(Base64.getEncoder().withoutPadding().encodeToString(padded), align, v.length));
      forms.put("base64url@" + align, core(Base64.getUrlEncoder().withoutPadding().encodeToString(padded), align, v.length));
    }
    forms.put("hex", HexFormat.of().formatHex(v));
    forms.put("HEX", HexFormat.of().withUpperCase().formatHex(v));
    forms.put("url-form", URLEncoder.encode(value, StandardCharsets.UTF_8));
    StringBuilder all = new StringBuilder();
    for (byte b : v) {
      all.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
    }
    forms.put("url-all", all.toString());
    forms.put("url-all-lower", all.toString().toLowerCase(Locale.ROOT));
    StringBuilder json = new StringBuilder();
    for (char c : value.toCharArray()) {
      json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
    }
    forms.put("json-unicode", json.toString());
    return forms;
  }

  /** The characters of a base64 text that depend only on the value's bytes (not on what is around it). */
  private static String core(String encoded, int align, int length) {
    int firstFull = (align + 2) / 3 * 3; // first byte offset starting a group made only of value bytes
    int start = firstFull / 3 * 4;
    int lastFull = (align + length) / 3 * 3; // groups ending before this are complete
    int end = lastFull / 3 * 4;
    return end > start ? encoded.substring(start, end) : encoded;
  }

  /** The names of the forms found in {@code text} (empty when none). */
  public static java.util.List<String> foundIn(String text, String value) {
    java.util.List<String> found = new java.util.ArrayList<>();
    String lower = text.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> f : of(value).entrySet()) {
      boolean hit = f.getKey().equals("hex") || f.getKey().equals("HEX") || f.getKey().startsWith("url-all") || f.getKey().equals("json-unicode")
          ? lower.contains(f.getValue().toLowerCase(Locale.ROOT))
          : text.contains(f.getValue());
      if (hit) {
        found.add(f.getKey());
      }
    }
    return found;
  }
}

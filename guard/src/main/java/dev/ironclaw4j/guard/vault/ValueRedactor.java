package dev.ironclaw4j.guard.vault;

import dev.ironclaw4j.guard.redact.Redactor;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Replaces every unlocked vault value in a log line with {@code [REDACTED:NAME]}: the plain text, and
 * also its base64 (standard and URL-safe) and hex forms. Holds the needles as char arrays, not
 * Strings, so {@link #wipe()} can overwrite them; longest needle first, so a value that contains
 * another is replaced whole.
 */
final class ValueRedactor implements Redactor {
  private record Needle(String name, char[] chars) {}

  private final List<Needle> needles;

  ValueRedactor(Map<String, SecretValue> values) {
    List<Needle> list = new ArrayList<>();
    for (Map.Entry<String, SecretValue> e : values.entrySet()) {
      byte[] b = e.getValue().insecureBytes(InsecureSecretAccess.get());
      try {
        CharBuffer cb = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(b));
        char[] plain = new char[cb.remaining()];
        cb.get(plain);
        if (cb.hasArray()) {
          Arrays.fill(cb.array(), '\0');
        }
        list.add(new Needle(e.getKey(), plain));
        list.add(new Needle(e.getKey(), ascii(Base64.getEncoder().encode(b))));
        list.add(new Needle(e.getKey(), ascii(Base64.getUrlEncoder().withoutPadding().encode(b))));
        list.add(new Needle(e.getKey(), HexFormat.of().formatHex(b).toCharArray()));
        list.add(new Needle(e.getKey(), HexFormat.of().withUpperCase().formatHex(b).toCharArray()));
      } finally {
        Arrays.fill(b, (byte) 0);
      }
    }
    list.removeIf(n -> n.chars.length == 0);
    list.sort(Comparator.comparingInt((Needle n) -> n.chars.length).reversed());
    this.needles = List.copyOf(list);
  }

  private static char[] ascii(byte[] b) {
    char[] c = new char[b.length];
    for (int i = 0; i < b.length; i++) {
      c[i] = (char) b[i];
    }
    Arrays.fill(b, (byte) 0);
    return c;
  }

  @Override
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (Needle n : needles) {
      out = replace(out, n.chars, "[REDACTED:" + n.name + "]");
    }
    return out;
  }

  private static String replace(String s, char[] needle, String marker) {
    int at = indexOf(s, needle, 0);
    if (at < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    int from = 0;
    while (at >= 0) {
      b.append(s, from, at).append(marker);
      from = at + needle.length;
      at = indexOf(s, needle, from);
    }
    return b.append(s, from, s.length()).toString();
  }

  private static int indexOf(String s, char[] needle, int from) {
    int last = s.length() - needle.length;
    char first = needle[0];
    for (int i = from; i <= last; i++) {
      if (s.charAt(i) != first) {
        continue;
      }
      int j = 1;
      while (j < needle.length && s.charAt(i + j) == needle[j]) {
        j++;
      }
      if (j == needle.length) {
        return i;
      }
    }
    return -1;
  }

  /** Overwrites the needles; the redactor must be unregistered first. */
  void wipe() {
    for (Needle n : needles) {
      Arrays.fill(n.chars, '\0');
    }
  }

  @Override
  public String toString() {
    return "ValueRedactor[" + needles.size() + " needles]";
  }
}

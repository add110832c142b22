package dev.ironclaw4j.guard.egress;

import java.net.IDN;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Host canonicalization: lower-case ASCII names (IDNA-normalized with {@link IDN}, then matched in
 * that ASCII form), canonical dotted quads, bracketed IPv6 literals. Refuses trailing dots, empty
 * labels, every numeric IPv4 form except a canonical dotted quad ({@code 2130706433},
 * {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1}), zone ids, and labels that mix scripts or are
 * written entirely in Cyrillic letters that look Latin (homographs).
 */
final class HostCanon {
  private static final Set<Character.UnicodeScript> NEUTRAL =
      EnumSet.of(Character.UnicodeScript.COMMON, Character.UnicodeScript.INHERITED);
  private static final Set<Character.UnicodeScript> HAN_FAMILY =
      EnumSet.of(Character.UnicodeScript.HAN, Character.UnicodeScript.HIRAGANA, Character.UnicodeScript.KATAKANA,
          Character.UnicodeScript.HANGUL, Character.UnicodeScript.BOPOMOFO);
  /** Cyrillic letters that render like Latin ones; a label made only of them imitates a Latin name. */
  private static final String CYRILLIC_LATIN_LOOKALIKES = "аеорсухіјѕһԁӏԛԝвкмнтьыэ";

  private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern DOTTED_QUAD =
      Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern IPV6_TEXT = Pattern.compile("[0-9a-fA-F:.]{2,45}");

  private HostCanon() {}

  static String canonical(String host) {
    if (host.isEmpty()) {
      throw UrlParser.deny("malformed-url", "URL has no host");
    }
    if (host.startsWith("[")) {
      return ipv6Literal(host.substring(1, host.length() - 1));
    }
    if (host.endsWith(".") || host.endsWith("。") || host.endsWith("．") || host.endsWith("｡")) {
      throw UrlParser.deny("non-canonical-host", "host '" + host + "' ends with a dot");
    }
    if (host.indexOf('%') >= 0) {
      throw UrlParser.deny("non-canonical-host", "percent-encoded host");
    }
    String ascii;
    if (isAscii(host)) {
      ascii = host.toLowerCase(Locale.ROOT);
    } else {
      try {
        ascii = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
      } catch (IllegalArgumentException e) {
        throw UrlParser.deny("non-canonical-host", "host is not a valid internationalized domain name");
      }
    }
    String[] labels = ascii.split("\\.", -1);
    String last = labels[labels.length - 1];
    if (NUMERIC_LABEL.matcher(last).matches()) {
      if (!isDottedQuad(ascii)) {
        throw UrlParser.deny("non-canonical-host",
            "numeric host '" + ascii + "' is not a canonical dotted quad (a.b.c.d, decimal, no leading zeros)");
      }
      return ascii;
    }
    if (ascii.length() > 253) {
      throw UrlParser.deny("non-canonical-host", "host name longer than 253 characters");
    }
    for (String label : labels) {
      if (!DNS_LABEL.matcher(label).matches()) {
        throw UrlParser.deny("non-canonical-host", "host label '" + label + "' is not a valid DNS label");
      }
      if (label.startsWith("xn--")) {
        checkHomograph(label);
      }
    }
    return ascii;
  }

  /** True for exactly {@code a.b.c.d} with decimal parts 0-255 and no leading zeros. */
  static boolean isDottedQuad(String s) {
    return DOTTED_QUAD.matcher(s).matches();
  }

  private static String ipv6Literal(String inner) {
    if (!IPV6_TEXT.matcher(inner).matches() || !inner.contains(":")) {
      throw UrlParser.deny("non-canonical-host", "bad IPv6 literal (zone ids are not allowed)");
    }
    try {
      InetAddress a = InetAddress.getByName(inner); // a literal: parsed locally, never looked up
      if (a instanceof Inet4Address) {
        return "[::ffff:" + a.getHostAddress() + "]";
      }
      return "[" + ((Inet6Address) a).getHostAddress() + "]";
    } catch (UnknownHostException e) {
      throw UrlParser.deny("non-canonical-host", "bad IPv6 literal");
    }
  }

  private static void checkHomograph(String aceLabel) {
    String unicode = IDN.toUnicode(aceLabel, IDN.USE_STD3_ASCII_RULES);
    if (unicode.startsWith("xn--")) {
      throw UrlParser.deny("non-canonical-host", "invalid punycode label '" + aceLabel + "'");
    }
    Set<Character.UnicodeScript> scripts = EnumSet.noneOf(Character.UnicodeScript.class);
    unicode.codePoints().map(Character::toLowerCase).forEach(cp -> {
      Character.UnicodeScript s = Character.UnicodeScript.of(cp);
      if (!NEUTRAL.contains(s)) {
        scripts.add(s);
      }
    });
    boolean cjkOnly = HAN_FAMILY.containsAll(scripts);
    if (scripts.size() > 1 && !cjkOnly) {
      throw UrlParser.deny("idn-homograph", "host label '" + aceLabel + "' mixes scripts " + scripts);
    }
    if (scripts.equals(EnumSet.of(Character.UnicodeScript.CYRILLIC))
        && unicode.codePoints().allMatch(cp -> CYRILLIC_LATIN_LOOKALIKES.indexOf(Character.toLowerCase(cp)) >= 0)) {
      throw UrlParser.deny("idn-homograph", "host label '" + aceLabel + "' imitates a Latin name with Cyrillic letters");
    }
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7e) {
        return false;
      }
    }
    return true;
  }
}

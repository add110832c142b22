package dev.ironclaw4j.guard.egress;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The strict URL parser behind {@link CanonicalUrl#parse}. It accepts far less than browsers do, on
 * purpose: anything two parsers could read differently (userinfo, backslashes, control characters,
 * encoded separators, double encoding, odd host forms) is refused rather than normalized.
 */
final class UrlParser {
  static final int MAX_URL_LENGTH = 8192;
  private static final String PLACEHOLDER_START = "{{secret:";

  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  private UrlParser() {}

  static CanonicalUrl parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw deny("malformed-url", "empty URL");
    }
    if (raw.length() > MAX_URL_LENGTH) {
      throw deny("malformed-url", "URL longer than " + MAX_URL_LENGTH + " characters");
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        throw deny("control-character", "URL contains a control or whitespace character at index " + i);
      }
      if (c == '\\') {
        throw deny("backslash", "URL contains a backslash (parsers disagree on what it means)");
      }
    }
    int colon = raw.indexOf(':');
    if (colon <= 0 || !raw.startsWith("//", colon + 1)) {
      throw deny("malformed-url", "URL must have the form scheme://host/path");
    }
    String scheme = raw.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw deny("scheme-not-allowed", "scheme '" + scheme + "' is not allowed; only http and https");
    }
    String rest = raw.substring(colon + 3);
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      rest = rest.substring(0, hash);
    }
    int end = 0;
    while (end < rest.length() && rest.charAt(end) != '/' && rest.charAt(end) != '?') {
      end++;
    }
    String authority = rest.substring(0, end);
    String remainder = rest.substring(end);
    if (authority.indexOf('@') >= 0) {
      throw deny("userinfo", "URL contains userinfo ('@' before the host); credentials go in the vault, not the URL");
    }
    String hostPart;
    String portPart = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw deny("malformed-url", "unterminated IPv6 literal");
      }
      hostPart = authority.substring(0, close + 1);
      String after = authority.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw deny("malformed-url", "unexpected characters after the IPv6 literal");
        }
        portPart = after.substring(1);
      }
    } else {
      int c = authority.indexOf(':');
      hostPart = c < 0 ? authority : authority.substring(0, c);
      portPart = c < 0 ? null : authority.substring(c + 1);
    }
    String host = HostCanon.canonical(hostPart);
    int port = portPart == null ? CanonicalUrl.defaultPort(scheme) : parsePort(portPart);
    int q = remainder.indexOf('?');
    String path = canonicalPath(q < 0 ? remainder : remainder.substring(0, q));
    String query = q < 0 ? null : checkQuery(remainder.substring(q + 1));
    return new CanonicalUrl(scheme, host, port, path, query);
  }

  static int parsePort(String p) {
    if (!PORT.matcher(p).matches()) {
      throw deny("malformed-url", "port must be a number between 1 and 65535");
    }
    int port = Integer.parseInt(p);
    if (port < 1 || port > 65535) {
      throw deny("malformed-url", "port must be a number between 1 and 65535");
    }
    return port;
  }

  /**
   * Normalizes each segment's percent-encoding (unreserved characters decoded, others upper-case
   * hex), then resolves dot segments. Refuses encoded separators, double encoding, encoded control
   * characters, and a path that climbs above the root.
   */
  static String canonicalPath(String raw) {
    if (raw.isEmpty()) {
      return "/";
    }
    if (raw.charAt(0) != '/') {
      throw deny("malformed-url", "path must start with /");
    }
    String[] segments = raw.substring(1).split("/", -1);
    Deque<String> out = new ArrayDeque<>();
    boolean trailingSlash = false;
    for (String rawSegment : segments) {
      String seg = normalizeSegment(rawSegment);
      String bare = seg.indexOf(';') >= 0 ? seg.substring(0, seg.indexOf(';')) : seg;
      if (bare.equals(".") || bare.equals("..")) {
        if (!bare.equals(seg)) {
          throw deny("path-traversal", "dot segment with parameters ('..;') in the path");
        }
        if (seg.equals("..")) {
          if (out.isEmpty()) {
            throw deny("path-traversal", "path climbs above the root");
          }
          out.removeLast();
        }
        trailingSlash = true;
      } else {
        out.addLast(seg);
        trailingSlash = false;
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String s : out) {
      sb.append('/').append(s);
    }
    if (trailingSlash || sb.isEmpty()) {
      sb.append('/');
    }
    return sb.toString();
  }

  private static String normalizeSegment(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '%') {
        int v = hexByte(s, i);
        if (v == '/' || v == '\\') {
          throw deny("encoded-separator", "encoded '/' or '\\' (%2F, %5C) in a path segment");
        }
        if (v == '%' && isHexAt(s, i + 3) && isHexAt(s, i + 4)) {
          throw deny("double-encoding", "double percent-encoding (%25XX) in the path");
        }
        if (v < 0x20 || v == 0x7f) {
          throw deny("control-character", "encoded control character in the path");
        }
        if (isUnreserved((char) v)) {
          sb.append((char) v);
        } else {
          sb.append('%').append(String.format(Locale.ROOT, "%02X", v));
        }
        i += 3;
      } else if (isUnreserved(c) || "!$&'()*+,;=:@".indexOf(c) >= 0) {
        sb.append(c);
        i++;
      } else if (s.startsWith(PLACEHOLDER_START, i)) {
        i = copyPlaceholder(s, i, sb);
      } else {
        throw deny("malformed-url", "character '" + printable(c) + "' must be percent-encoded in the path");
      }
    }
    return sb.toString();
  }

  private static String checkQuery(String query) {
    StringBuilder sb = new StringBuilder(query.length());
    int i = 0;
    while (i < query.length()) {
      char c = query.charAt(i);
      if (c == '%') {
        hexByte(query, i);
        sb.append(query, i, i + 3);
        i += 3;
      } else if (isQueryChar(c)) {
        sb.append(c);
        i++;
      } else if (query.startsWith(PLACEHOLDER_START, i)) {
        i = copyPlaceholder(query, i, sb);
      } else {
        throw deny("malformed-url", "character '" + printable(c) + "' must be percent-encoded in the query");
      }
    }
    return sb.toString();
  }

  private static boolean isQueryChar(char c) {
    return isUnreserved(c) || "!$&'()*+,;=:@/?".indexOf(c) >= 0;
  }

  /** Copies a {@code {{secret:NAME}}} token verbatim; credential injection decides where it may be. */
  private static int copyPlaceholder(String s, int i, StringBuilder sb) {
    int close = s.indexOf("}}", i);
    String name = close < 0 ? "" : s.substring(i + PLACEHOLDER_START.length(), close);
    if (close < 0 || !Placeholders.isValidName(name)) {
      throw deny("bad-placeholder", "malformed {{secret:NAME}} placeholder in the URL");
    }
    sb.append(s, i, close + 2);
    return close + 2;
  }

  /** The byte value of the {@code %XX} escape at {@code i}. */
  private static int hexByte(String s, int i) {
    int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
    int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
    if (hi < 0 || lo < 0) {
      throw deny("malformed-url", "'%' must be followed by two hex digits");
    }
    return hi * 16 + lo;
  }

  private static boolean isHexAt(String s, int i) {
    return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
  }

  static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
  }

  private static String printable(char c) {
    return c < 0x7f ? String.valueOf(c) : String.format(Locale.ROOT, "U+%04X", (int) c);
  }

  static EgressDeniedException deny(String reason, String message) {
    return new EgressDeniedException(reason, message);
  }
}

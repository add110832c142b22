package dev.ironclaw4j.guard.egress;

import dev.ironclaw4j.guard.vault.SecretBinding;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One allow rule: {@code scheme://host[:port]/path-prefix [METHODS] [allow-private]}. Config, tool
 * manifests, secret bindings and providers all produce this one type.
 *
 * <ul>
 *   <li>host is exact, or {@code *.suffix}, which matches names under the suffix and never the apex;
 *   <li>port is the scheme's default unless written;
 *   <li>the path matches on segment boundaries: {@code /v1} matches {@code /v1} and {@code /v1/x}, not
 *       {@code /v1evil}; a trailing {@code *} is a plain prefix: {@code /repos/*} means under
 *       {@code /repos/}, {@code /bot*} means any path starting {@code /bot};
 *   <li>methods: a comma-separated list; none means every method;
 *   <li>{@code allow-private}: this exact host:port may resolve to an internal address (a local Ollama,
 *       a test server). Refused with a wildcard host.
 * </ul>
 *
 * @param hostSuffix true when {@code host} is the suffix of a {@code *.suffix} pattern
 * @param pathIsPrefix true when the rule's path ended with {@code *}
 */
public record EgressRule(
    String scheme,
    String host,
    boolean hostSuffix,
    int port,
    String path,
    boolean pathIsPrefix,
    Set<String> methods,
    boolean allowPrivate) {
  static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
  static final String ALLOW_PRIVATE = "allow-private";

  public EgressRule {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(path, "path");
    TreeSet<String> m = new TreeSet<>();
    for (String s : methods) {
      String u = s.toUpperCase(Locale.ROOT);
      if (!KNOWN_METHODS.contains(u)) {
        throw new IllegalArgumentException("unknown HTTP method '" + s + "'");
      }
      m.add(u);
    }
    methods = Set.copyOf(m);
    if (allowPrivate && hostSuffix) {
      throw new IllegalArgumentException("allow-private needs an exact host, not *." + host);
    }
  }

  /**
   * Parses the text form, e.g. {@code https://api.github.com/repos/* GET,POST}.
   *
   * @throws IllegalArgumentException with a one-line message saying what is wrong
   */
  public static EgressRule parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty egress rule");
    }
    String[] tokens = text.strip().split("\\s+");
    Set<String> methods = Set.of();
    boolean allowPrivate = false;
    boolean sawMethods = false;
    for (int i = 1; i < tokens.length; i++) {
      if (tokens[i].equals(ALLOW_PRIVATE) && !allowPrivate) {
        allowPrivate = true;
      } else if (!sawMethods && tokens[i].matches("[A-Za-z]+(,[A-Za-z]+)*")) {
        methods = Set.of(tokens[i].split(","));
        sawMethods = true;
      } else {
        throw new IllegalArgumentException("unexpected '" + tokens[i] + "' in egress rule; expected METHOD,METHOD or allow-private");
      }
    }
    return pattern(tokens[0], methods, allowPrivate);
  }

  /** The rule a secret binding stands for (the binding's URL pattern and methods). */
  public static EgressRule of(SecretBinding binding) {
    return pattern(binding.urlRule(), binding.methods(), false);
  }

  private static EgressRule pattern(String url, Set<String> methods, boolean allowPrivate) {
    int sep = url.indexOf("://");
    if (sep < 0) {
      throw new IllegalArgumentException("egress rule must start with https:// or http://, got '" + url + "'");
    }
    String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("egress rule scheme must be https or http, got '" + scheme + "'");
    }
    for (char c : new char[] {'?', '#', '@', '\\'}) {
      if (url.indexOf(c) >= 0) {
        throw new IllegalArgumentException("egress rule must not contain '" + c + "'");
      }
    }
    String rest = url.substring(sep + 3);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String rawPath = slash < 0 ? "/" : rest.substring(slash);
    boolean suffix = authority.startsWith("*.");
    String hostAndPort = suffix ? authority.substring(2) : authority;
    boolean prefix = rawPath.endsWith("*");
    if (prefix) {
      rawPath = rawPath.substring(0, rawPath.length() - 1);
    }
    if (hostAndPort.contains("*") || rawPath.contains("*")) {
      throw new IllegalArgumentException("'*' is allowed only as '*.' before the host and at the very end of the path");
    }
    CanonicalUrl u;
    try {
      u = CanonicalUrl.parse(scheme + "://" + hostAndPort + (rawPath.isEmpty() ? "/" : rawPath));
    } catch (EgressDeniedException e) {
      throw new IllegalArgumentException("bad egress rule '" + url + "': " + e.getMessage());
    }
    if (suffix && (u.isIpLiteral() || !u.host().contains("."))) {
      throw new IllegalArgumentException("'*." + u.host() + "' is too broad; a suffix needs at least two labels");
    }
    String path = rawPath.isEmpty() ? "/" : u.path();
    return new EgressRule(scheme, u.host(), suffix, u.port(), path, prefix, methods, allowPrivate);
  }

  /** Whether scheme, host and port match (the origin part of the rule). */
  boolean matchesOrigin(CanonicalUrl url) {
    return scheme.equals(url.scheme()) && port == url.port() && matchesHost(url);
  }

  boolean matchesHost(CanonicalUrl url) {
    if (!hostSuffix) {
      return host.equals(url.host());
    }
    return !url.isIpLiteral() && url.host().endsWith("." + host);
  }

  boolean matchesPath(String p) {
    if (pathIsPrefix) {
      return p.startsWith(path);
    }
    if (path.equals("/") || p.equals(path)) {
      return true;
    }
    return p.startsWith(path.endsWith("/") ? path : path + "/");
  }

  public boolean allowsMethod(String method) {
    return methods.isEmpty() || methods.contains(method.toUpperCase(Locale.ROOT));
  }

  /** Whether this rule allows the method on the URL (internal addresses are checked by the policy). */
  public boolean matches(String method, CanonicalUrl url) {
    return matchesOrigin(url) && matchesPath(url.path()) && allowsMethod(method);
  }

  /** The text form {@link #parse} reads, with the port made explicit. */
  public String text() {
    String t = scheme + "://" + (hostSuffix ? "*." : "") + host + ":" + port + path + (pathIsPrefix ? "*" : "");
    if (!methods.isEmpty()) {
      t += " " + String.join(",", new TreeSet<>(methods));
    }
    return allowPrivate ? t + " " + ALLOW_PRIVATE : t;
  }

  @Override
  public String toString() {
    return text();
  }
}

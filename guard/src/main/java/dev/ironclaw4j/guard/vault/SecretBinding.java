package dev.ironclaw4j.guard.vault;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where one secret may be sent and how: a URL rule in the egress policy syntax (for example
 * {@code https://api.github.com/repos/*}), the HTTP methods allowed (empty means every method) and
 * the place in the request the value goes. Immutable; grants nothing beyond exactly this.
 *
 * <p>The URL rule is matched by the egress policy matcher (scheme, host or {@code *.suffix}, port,
 * path prefix on segment boundaries), the same matcher used for every other allow rule.
 */
public record SecretBinding(String urlRule, Set<String> methods, Injection injection) {
  private static final Set<String> KNOWN_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  public SecretBinding {
    Objects.requireNonNull(urlRule, "urlRule");
    Objects.requireNonNull(injection, "injection");
    if (!(urlRule.startsWith("https://") || urlRule.startsWith("http://")) || urlRule.length() > 2048) {
      throw new IllegalArgumentException("binding URL must start with https:// or http://, got '" + urlRule + "'");
    }
    TreeSet<String> m = new TreeSet<>();
    for (String s : methods) {
      String u = s.toUpperCase(Locale.ROOT);
      if (!KNOWN_METHODS.contains(u)) {
        throw new IllegalArgumentException("unknown HTTP method '" + s + "'");
      }
      m.add(u);
    }
    methods = Set.copyOf(m);
  }

  /**
   * Parses the CLI form {@code 'URL [METHOD,METHOD...]'}, e.g. {@code 'https://api.github.com/* GET,POST'}.
   */
  public static SecretBinding parse(String rule, Injection injection) {
    String t = rule.strip();
    int sp = t.indexOf(' ');
    if (sp < 0) {
      return new SecretBinding(t, Set.of(), injection);
    }
    Set<String> methods = new TreeSet<>();
    for (String m : t.substring(sp + 1).strip().split(",")) {
      if (!m.isBlank()) {
        methods.add(m.strip());
      }
    }
    return new SecretBinding(t.substring(0, sp), methods, injection);
  }

  /** Whether the method is allowed by this binding (empty set: all methods). */
  public boolean allowsMethod(String method) {
    return methods.isEmpty() || methods.contains(method.toUpperCase(Locale.ROOT));
  }

  /** The CLI form, {@code URL METHODS}. */
  public String ruleText() {
    return methods.isEmpty() ? urlRule : urlRule + " " + String.join(",", new TreeSet<>(methods));
  }
}

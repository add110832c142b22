package dev.ironclaw4j.guard.vault;

import java.util.Locale;
import java.util.Objects;

/**
 * Where in an outbound request a secret may be placed: {@code bearer}, {@code basic:USER},
 * {@code header:NAME[:PREFIX]} or {@code query:PARAM}. Parsed strictly; unknown forms are refused.
 */
public sealed interface Injection {
  /** {@code Authorization: Bearer VALUE}. */
  record Bearer() implements Injection {}

  /** {@code Authorization: Basic base64(USER:VALUE)}. */
  record Basic(String user) implements Injection {
    public Basic {
      if (user == null || user.isEmpty() || user.contains(":") || !isToken(user)) {
        throw new IllegalArgumentException("basic:USER needs a user name without ':' or control characters");
      }
    }
  }

  /** {@code NAME: PREFIXVALUE}. */
  record Header(String name, String prefix) implements Injection {
    public Header {
      if (name == null || !name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}")) {
        throw new IllegalArgumentException("header:NAME needs an HTTP header name, got '" + name + "'");
      }
      Objects.requireNonNull(prefix, "prefix");
      if (!isToken(prefix)) {
        throw new IllegalArgumentException("header prefix must not contain control characters");
      }
    }
  }

  /** {@code ?PARAM=VALUE}. */
  record Query(String param) implements Injection {
    public Query {
      if (param == null || !param.matches("[A-Za-z0-9._~-]{1,64}")) {
        throw new IllegalArgumentException("query:PARAM needs a plain parameter name, got '" + param + "'");
      }
    }
  }

  /**
   * Parses the CLI and storage form.
   *
   * @throws IllegalArgumentException with a message naming the accepted forms
   */
  static Injection parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("missing injection location");
    }
    int colon = text.indexOf(':');
    String kind = (colon < 0 ? text : text.substring(0, colon)).toLowerCase(Locale.ROOT);
    String rest = colon < 0 ? null : text.substring(colon + 1);
    return switch (kind) {
      case "bearer" -> {
        if (rest != null) {
          throw new IllegalArgumentException("bearer takes no argument");
        }
        yield new Bearer();
      }
      case "basic" -> new Basic(rest);
      case "header" -> {
        if (rest == null) {
          throw new IllegalArgumentException("header:NAME[:PREFIX] needs a header name");
        }
        int c2 = rest.indexOf(':');
        yield c2 < 0 ? new Header(rest, "") : new Header(rest.substring(0, c2), rest.substring(c2 + 1));
      }
      case "query" -> new Query(rest);
      default -> throw new IllegalArgumentException(
          "unknown injection '" + text + "'; use bearer, basic:USER, header:NAME[:PREFIX] or query:PARAM");
    };
  }

  /** The form {@link #parse} reads. */
  default String format() {
    return switch (this) {
      case Bearer b -> "bearer";
      case Basic b -> "basic:" + b.user();
      case Header h -> h.prefix().isEmpty() ? "header:" + h.name() : "header:" + h.name() + ":" + h.prefix();
      case Query q -> "query:" + q.param();
    };
  }

  private static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}

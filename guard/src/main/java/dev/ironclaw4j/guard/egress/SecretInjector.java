package dev.ironclaw4j.guard.egress;

import dev.ironclaw4j.guard.vault.Injection;
import dev.ironclaw4j.guard.vault.InsecureSecretAccess;
import dev.ironclaw4j.guard.vault.SecretBinding;
import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.guard.vault.SecretValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The only place secret bytes are read. A placeholder is replaced only where the secret's binding
 * allows this method and URL AND names the placeholder's location exactly:
 *
 * <ul>
 *   <li>{@code Authorization: Bearer {{secret:N}}} for {@code bearer};
 *   <li>{@code Authorization: Basic {{secret:N}}} for {@code basic:USER} (sent as base64 of USER:value);
 *   <li>{@code NAME: PREFIX{{secret:N}}} for {@code header:NAME:PREFIX};
 *   <li>a query parameter {@code PARAM={{secret:N}}} for {@code query:PARAM}.
 * </ul>
 *
 * Placeholders anywhere else (the path, a header name, other header text, the body) are refused:
 * bindings have no path or body location, and a body placeholder could be reflected anywhere by the
 * server. Each refusal names the secret, never its value. Copies of secret bytes are wiped after use;
 * the header or query {@code String} handed to the HTTP client cannot be wiped (JVM strings are
 * immutable) and lives until collected.
 */
final class SecretInjector {
  record Injected(CanonicalUrl url, List<Header> headers, List<String> secrets) {}

  private final SecretLookup lookup;

  SecretInjector(SecretLookup lookup) {
    this.lookup = lookup;
  }

  Injected inject(String method, CanonicalUrl url, List<Header> headers, byte[] body, List<String> attach) {
    List<String> used = new ArrayList<>();
    if (body != null) {
      String text = new String(body, StandardCharsets.ISO_8859_1);
      if (Placeholders.mentions(text)) {
        throw refuse("secret-location-not-allowed", nameIn(text), "a placeholder in the request body is never replaced; use a header or query binding");
      }
    }
    if (Placeholders.mentions(url.path())) {
      throw refuse("secret-location-not-allowed", nameIn(url.path()), "a placeholder in the URL path is never replaced; use a header or query binding");
    }
    CanonicalUrl outUrl = url.query() == null ? url : url.withQuery(injectQuery(method, url, used));
    List<Header> out = new ArrayList<>();
    for (Header h : headers) {
      out.add(Placeholders.mentions(h.name()) || Placeholders.mentions(h.value()) ? injectHeader(method, url, h, used) : h);
    }
    for (String name : attach) {
      SecretLookup.Resolved r = resolve(name);
      SecretBinding b = r.bindings().stream().filter(x -> bindingAllows(x, method, url)).findFirst()
          .orElseThrow(() -> refuse("secret-not-bound", name, "no binding of it allows " + method + " " + url.hostPort() + url.path()));
      Injection inj = b.injection();
      if (inj instanceof Injection.Query q) {
        outUrl = outUrl.withQuery(withParam(outUrl.query(), q.param(), percentEncode(r.value())));
      } else {
        String headerName = inj instanceof Injection.Header h ? h.name() : "Authorization";
        out.removeIf(x -> x.name().equalsIgnoreCase(headerName));
        out.add(new Header(headerName, headerValue(inj, r.value())));
      }
      used.add(name);
    }
    return new Injected(outUrl, out, List.copyOf(used));
  }

  private String injectQuery(String method, CanonicalUrl url, List<String> used) {
    List<String> params = new ArrayList<>();
    for (String p : url.query().split("&", -1)) {
      if (!Placeholders.mentions(p)) {
        params.add(p);
        continue;
      }
      int eq = p.indexOf('=');
      String key = eq < 0 ? p : p.substring(0, eq);
      String value = eq < 0 ? "" : p.substring(eq + 1);
      String name = nameIn(p);
      if (Placeholders.mentions(key) || !value.equals(Placeholders.of(name))) {
        throw refuse("secret-location-not-allowed", name, "a query placeholder must be the whole value: PARAM={{secret:" + name + "}}");
      }
      SecretLookup.Resolved r = resolve(name);
      r.bindings().stream()
          .filter(b -> b.injection() instanceof Injection.Query q && q.param().equals(key) && bindingAllows(b, method, url))
          .findFirst()
          .orElseThrow(() -> refuse("secret-not-bound", name, "no binding of it allows query parameter '" + key + "' for " + method + " " + url.hostPort() + url.path()));
      params.add(key + "=" + percentEncode(r.value()));
      used.add(name);
    }
    return String.join("&", params);
  }

  private Header injectHeader(String method, CanonicalUrl url, Header h, List<String> used) {
    String name = nameIn(h.name() + " " + h.value());
    if (Placeholders.mentions(h.name())) {
      throw refuse("secret-location-not-allowed", name, "a placeholder may not be part of a header name");
    }
    SecretLookup.Resolved r = resolve(name);
    String placeholder = Placeholders.of(name);
    for (SecretBinding b : r.bindings()) {
      if (bindingAllows(b, method, url) && h.value().equals(expectedText(b.injection(), placeholder))
          && h.name().equalsIgnoreCase(headerNameOf(b.injection()))) {
        used.add(name);
        return new Header(h.name(), headerValue(b.injection(), r.value()));
      }
    }
    throw refuse("secret-not-bound", name,
        "no binding of it allows header '" + h.name() + "' written this way for " + method + " " + url.hostPort() + url.path());
  }

  private static boolean bindingAllows(SecretBinding b, String method, CanonicalUrl url) {
    try {
      return b.allowsMethod(method) && EgressRule.of(b).matches(method, url);
    } catch (IllegalArgumentException e) {
      return false; // a binding whose rule does not parse allows nothing
    }
  }

  private static String headerNameOf(Injection inj) {
    return switch (inj) {
      case Injection.Bearer b -> "Authorization";
      case Injection.Basic b -> "Authorization";
      case Injection.Header h -> h.name();
      case Injection.Query q -> "";
    };
  }

  /** The header value as the caller must write it around the placeholder for this injection. */
  private static String expectedText(Injection inj, String placeholder) {
    return switch (inj) {
      case Injection.Bearer b -> "Bearer " + placeholder;
      case Injection.Basic b -> "Basic " + placeholder;
      case Injection.Header h -> h.prefix() + placeholder;
      case Injection.Query q -> null;
    };
  }

  private static String headerValue(Injection inj, SecretValue value) {
    byte[] secret = value.insecureBytes(InsecureSecretAccess.get());
    try {
      return switch (inj) {
        case Injection.Bearer b -> "Bearer " + asHeaderText(secret, value.name());
        case Injection.Header h -> h.prefix() + asHeaderText(secret, value.name());
        case Injection.Basic b -> {
          byte[] user = (b.user() + ":").getBytes(StandardCharsets.UTF_8);
          byte[] pair = Arrays.copyOf(user, user.length + secret.length);
          System.arraycopy(secret, 0, pair, user.length, secret.length);
          try {
            yield "Basic " + Base64.getEncoder().encodeToString(pair);
          } finally {
            Arrays.fill(pair, (byte) 0);
          }
        }
        case Injection.Query q -> throw new IllegalStateException("query injection is not a header");
      };
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** Header text must be visible ASCII; refuse otherwise instead of sending a mangled header. */
  private static String asHeaderText(byte[] secret, String name) {
    for (byte x : secret) {
      if (x < 0x21 || x > 0x7e) {
        throw refuse("secret-not-bound", name, "its value has characters a header cannot carry");
      }
    }
    return new String(secret, StandardCharsets.US_ASCII);
  }

  private static String percentEncode(SecretValue value) {
    byte[] secret = value.insecureBytes(InsecureSecretAccess.get());
    char[] out = new char[secret.length * 3];
    int n = 0;
    try {
      for (byte x : secret) {
        char c = (char) (x & 0xff);
        if (c < 0x80 && UrlParser.isUnreserved(c)) {
          out[n++] = c;
        } else {
          out[n++] = '%';
          out[n++] = Character.toUpperCase(Character.forDigit((x >> 4) & 0xf, 16));
          out[n++] = Character.toUpperCase(Character.forDigit(x & 0xf, 16));
        }
      }
      return new String(out, 0, n);
    } finally {
      Arrays.fill(secret, (byte) 0);
      Arrays.fill(out, '\0');
    }
  }

  private static String withParam(String query, String param, String encodedValue) {
    List<String> params = new ArrayList<>();
    if (query != null && !query.isEmpty()) {
      for (String p : query.split("&", -1)) {
        String key = p.indexOf('=') < 0 ? p : p.substring(0, p.indexOf('='));
        if (!key.equals(param)) {
          params.add(p);
        }
      }
    }
    params.add(param + "=" + encodedValue);
    return String.join("&", params);
  }

  private SecretLookup.Resolved resolve(String name) {
    return lookup.resolve(name).orElseThrow(() -> refuse("unknown-secret", name, "there is no secret with this name in the vault"));
  }

  private static String nameIn(String text) {
    List<String> names = Placeholders.names(text);
    return names.isEmpty() ? "(malformed placeholder)" : names.getFirst();
  }

  private static EgressDeniedException refuse(String reason, String secretName, String why) {
    return new EgressDeniedException(reason, "secret " + secretName + ": " + why);
  }
}

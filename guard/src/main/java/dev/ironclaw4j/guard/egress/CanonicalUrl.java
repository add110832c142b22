package dev.ironclaw4j.guard.egress;

import java.util.Objects;

/**
 * A URL in the one form every egress decision is made on: scheme {@code http} or {@code https}, a
 * lower-case ASCII host (IDNA-normalized, or a canonical IP literal), an explicit port, a path with dot
 * segments resolved and percent-encoding normalized, and the query as written (validated). Built only
 * by {@link #parse}, which refuses anything ambiguous. The fragment is never sent and is dropped.
 *
 * @param scheme {@code http} or {@code https}
 * @param host lower-case ASCII host; an IPv6 literal keeps its brackets
 * @param port explicit port, the scheme's default when the URL named none
 * @param path absolute path, starting with {@code /}
 * @param query the query without {@code ?}, or null when there is none
 */
public record CanonicalUrl(String scheme, String host, int port, String path, String query) {
  public CanonicalUrl {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(path, "path");
  }

  /**
   * Parses and canonicalizes a URL.
   *
   * @throws EgressDeniedException with a reason such as {@code userinfo}, {@code backslash},
   *     {@code non-canonical-host} or {@code path-traversal}
   */
  public static CanonicalUrl parse(String url) {
    return UrlParser.parse(url);
  }

  /** Whether the host is an IP address literal rather than a name. */
  public boolean isIpLiteral() {
    return host.startsWith("[") || HostCanon.isDottedQuad(host);
  }

  /** {@code host:port}, e.g. {@code api.github.com:443}. */
  public String hostPort() {
    return host + ":" + port;
  }

  /** The default port of a scheme. */
  static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }

  /** The same URL with another query (null for none). */
  CanonicalUrl withQuery(String newQuery) {
    return new CanonicalUrl(scheme, host, port, path, newQuery);
  }

  @Override
  public String toString() {
    return scheme + "://" + host + ":" + port + path + (query == null ? "" : "?" + query);
  }
}

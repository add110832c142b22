package dev.ironclaw4j.guard.egress;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the caller gets back: status, headers and body after the leak scan (credentials the server
 * echoed are replaced by {@code [REDACTED:...]}; {@code redacted} says whether that happened), the URL
 * that answered and how many redirects were followed to reach it.
 */
public record EgressResponse(
    int status, List<Header> headers, byte[] body, CanonicalUrl finalUrl, int redirects, boolean redacted) {
  public EgressResponse {
    headers = List.copyOf(headers);
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The first header with this name (case-insensitive). */
  public Optional<String> header(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return headers.stream().filter(h -> h.name().toLowerCase(Locale.ROOT).equals(n)).map(Header::value).findFirst();
  }
}

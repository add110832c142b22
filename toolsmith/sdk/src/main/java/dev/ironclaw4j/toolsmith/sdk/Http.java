package dev.ironclaw4j.toolsmith.sdk;

import java.util.Map;

/**
 * HTTP requests through the product's egress, allowed only by the tool's {@link AllowHttp} rules.
 * Mention secrets as placeholders ({@link Secrets#placeholder}); responses that echo a secret are
 * redacted before the tool sees them. A refused request throws {@link HostException}.
 */
public final class Http {
  private Http() {}

  public static Response get(String url) {
    return request("GET", url, null, null);
  }

  public static Response get(String url, Map<String, String> headers) {
    return request("GET", url, headers, null);
  }

  public static Response post(String url, Map<String, String> headers, String body) {
    return request("POST", url, headers, body);
  }

  /** One request; {@code headers} and {@code body} may be null. */
  public static Response request(String method, String url, Map<String, String> headers, String body) {
    Json req = Json.object().put("method", method).put("url", url);
    if (headers != null) {
      Json h = Json.object();
      for (Map.Entry<String, String> e : headers.entrySet()) {
        h.put(e.getKey(), e.getValue());
      }
      req.put("headers", h);
    }
    if (body != null) {
      req.put("body", body);
    }
    Json r = Abi.checked(Abi.answer(Abi.http(req.toString().toCharArray())));
    return new Response((int) r.get("status").asLong(0), r.get("headers"), r.get("body").asString(""));
  }

  /** An HTTP response. */
  public static final class Response {
    private final int status;
    private final Json headers;
    private final String body;

    Response(int status, Json headers, String body) {
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    public int status() {
      return status;
    }

    /** A header value (names are lower case), or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase()).asString(null);
    }

    public String body() {
      return body;
    }

    /** The body parsed as JSON. */
    public Json json() {
      return Json.parse(body);
    }
  }
}

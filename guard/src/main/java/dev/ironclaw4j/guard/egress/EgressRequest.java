package dev.ironclaw4j.guard.egress;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An outbound request as the caller wrote it: who asks ({@code caller}: a tool or provider id, the
 * key of rate limits and audit), method, URL, headers and body, which may hold
 * {@code {{secret:NAME}}} placeholders, and secrets to attach by their bindings without a placeholder.
 * Immutable.
 */
public final class EgressRequest {
  private final String caller;
  private final String method;
  private final String url;
  private final List<Header> headers;
  private final byte[] body;
  private final List<String> attachSecrets;

  private EgressRequest(Builder b) {
    this.caller = b.caller;
    this.method = b.method;
    this.url = b.url;
    this.headers = List.copyOf(b.headers);
    this.body = b.body == null ? null : b.body.clone();
    this.attachSecrets = List.copyOf(b.attachSecrets);
  }

  public static Builder builder(String caller, String method, String url) {
    return new Builder(caller, method, url);
  }

  public String caller() {
    return caller;
  }

  public String method() {
    return method;
  }

  public String url() {
    return url;
  }

  public List<Header> headers() {
    return headers;
  }

  /** A copy of the body, or null for none. */
  public byte[] body() {
    return body == null ? null : body.clone();
  }

  int bodyLength() {
    return body == null ? 0 : body.length;
  }

  public List<String> attachSecrets() {
    return attachSecrets;
  }

  /** Builds a request; checks only shape, the policy decides the rest at send time. */
  public static final class Builder {
    private final String caller;
    private final String method;
    private final String url;
    private final List<Header> headers = new ArrayList<>();
    private byte[] body;
    private final List<String> attachSecrets = new ArrayList<>();

    private Builder(String caller, String method, String url) {
      this.caller = Objects.requireNonNull(caller, "caller");
      this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
      this.url = Objects.requireNonNull(url, "url");
    }

    public Builder header(String name, String value) {
      headers.add(new Header(name, value));
      return this;
    }

    public Builder body(byte[] bytes) {
      this.body = bytes.clone();
      return this;
    }

    public Builder body(String text) {
      this.body = text.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /** Attach this secret where its binding says (bearer, basic, header or query), no placeholder needed. */
    public Builder attachSecret(String name) {
      attachSecrets.add(Objects.requireNonNull(name, "name"));
      return this;
    }

    public EgressRequest build() {
      return new EgressRequest(this);
    }
  }
}

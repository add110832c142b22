package dev.ironclaw4j.guard.egress;

import dev.ironclaw4j.guard.leak.Finding;
import dev.ironclaw4j.guard.leak.LeakScanner;
import dev.ironclaw4j.guard.vault.SecretLookup;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The one HTTP client of the product. {@link #send} runs every request through: strict parse →
 * policy → header and size checks → rate limit → leak scan of the request as written → credential
 * injection → DNS and address classification → connection pinned to the checked addresses → response
 * cap → redirects re-authorized per hop (never for credentialed requests) → response leak scan →
 * audit. Any refusal is an {@link EgressDeniedException} with a reason code, and is audited.
 */
public final class Egress implements AutoCloseable {
  static final int MAX_REDIRECTS = 5;
  private static final Set<String> FORBIDDEN_HEADERS = Set.of(
      "host", "content-length", "transfer-encoding", "connection", "upgrade", "te", "trailer", "keep-alive",
      "proxy-authorization", "proxy-connection", "expect");
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}");
  private static final Set<String> DROPPED_ON_REDIRECT = Set.of("authorization", "proxy-authorization", "cookie");

  /** One request on the wire: the caller's after injection, or a redirect hop. */
  private record Hop(String method, CanonicalUrl url, EgressRule rule, List<Header> headers, byte[] body, List<String> secrets) {
    long bytesOut() {
      long n = body == null ? 0 : body.length;
      for (Header h : headers) {
        n += h.name().length() + h.value().length() + 4;
      }
      return n;
    }
  }

  private final EgressPolicy policy;
  private final SecretLookup secrets;
  private final SecretInjector injector;
  private final LeakScanner scanner;
  private final HostResolver resolver;
  private final EgressAuditSink audit;
  private final RateLimiter limiter;
  private final long maxRequestBytes;
  private final Duration totalTimeout;
  private final Duration maxStreamDuration;
  private final boolean redactResponses;
  private final JettyWire wire;

  private Egress(Builder b) {
    this.policy = Objects.requireNonNull(b.policy, "policy");
    this.scanner = Objects.requireNonNull(b.scanner, "leakScanner");
    this.secrets = b.secrets;
    this.injector = new SecretInjector(b.secrets);
    this.resolver = b.resolver;
    this.audit = b.audit;
    this.limiter = new RateLimiter(b.defaultLimit, b.perCaller, b.nanoClock);
    this.maxRequestBytes = b.maxRequestBytes;
    this.totalTimeout = b.totalTimeout;
    this.maxStreamDuration = b.maxStreamDuration;
    this.redactResponses = b.redactResponses;
    this.wire = new JettyWire(b.connectTimeout, b.totalTimeout, b.maxResponseBytes, b.trustStore);
  }

  public static Builder builder() {
    return new Builder();
  }

  public EgressPolicy policy() {
    return policy;
  }

  /**
   * Sends the request if, and only if, every check passes.
   *
   * @throws EgressDeniedException naming the reason; nothing was sent for a denial before the exchange
   */
  public EgressResponse send(EgressRequest request) {
    long start = System.nanoTime();
    Hop hop;
    try {
      hop = authorize(request);
    } catch (EgressDeniedException e) {
      record(request.caller(), "denied", e.reason(), request.method(), hostOf(request.url()), portOf(request.url()), 0, 0, 0, start, 0,
          List.of());
      throw e;
    }
    for (int n = 0; ; n++) {
      long hopStart = System.nanoTime();
      ResponseCollector.Collected c;
      try {
        List<InetAddress> addresses = AddressGate.checkedAddresses(hop.url(), hop.rule(), resolver);
        c = wire.exchange(hop.method(), hop.url(), hop.headers(), hop.body(), addresses);
      } catch (EgressDeniedException e) {
        String outcome = e.reason().equals("internal-address") || e.reason().equals("dns-failed") ? "denied" : "failed";
        record(request.caller(), outcome, e.reason(), hop, 0, 0, hopStart, n);
        throw n > 0 && outcome.equals("denied") ? redirectDenied(n, e) : e;
      }
      record(request.caller(), "allowed", null, hop, c.status(), c.body().length, hopStart, n);
      hop.secrets().forEach(secrets::recordUse);
      Optional<String> location = c.headers().stream()
          .filter(h -> h.name().equalsIgnoreCase("Location")).map(Header::value).findFirst();
      if (!isRedirect(c.status()) || location.isEmpty() || !hop.secrets().isEmpty()) {
        return respond(c, hop.url(), n);
      }
      try {
        if (n >= MAX_REDIRECTS) {
          throw new EgressDeniedException("too-many-redirects", "more than " + MAX_REDIRECTS + " redirects");
        }
        hop = redirectHop(hop, c.status(), location.get());
      } catch (EgressDeniedException e) {
        record(request.caller(), "denied", "redirect-denied", hop.method(), hostOf(location.get()), portOf(location.get()), 0, 0, 0,
            hopStart, n + 1, List.of());
        throw redirectDenied(n + 1, e);
      }
    }
  }

  /** What {@link #stream} hands its caller as the response arrives, on the caller's own thread. */
  public interface StreamListener {
    /** The status and the (leak-redacted) response headers, before any line of the body. */
    void head(int status, List<Header> headers);

    /**
     * One line of the body, without its terminator (LF or CRLF), UTF-8 decoded and leak-redacted. A
     * listener that throws aborts the exchange; the exception reaches the caller of {@link #stream}.
     */
    void line(String line);

    /**
     * Asked about every 100 ms while the exchange runs: true stops it at once (the caller gets an
     * {@link EgressDeniedException} with reason {@code cancelled}). Cancelling this way interrupts no
     * thread, so nothing that thread does afterwards (an audit record in an embedded database) is disturbed.
     */
    default boolean cancelled() {
      return false;
    }
  }

  /** The longest body line {@link #stream} hands over whole; longer lines are cut with a note. */
  public static final int MAX_STREAM_LINE = 1 << 20;

  /**
   * Sends a request exactly as {@link #send} does (same policy, leak scan, injection, address checks,
   * audit) and hands the response over line by line as it arrives: for server-sent events and NDJSON,
   * such as a model's streamed answer. Differences from {@code send}: redirects are never followed (a
   * 3xx response is handed over as it is); at most the builder's total timeout may pass between two
   * reads, and the whole exchange may take up to {@link Builder#maxStreamDuration}; every line is
   * leak-scanned and redacted on its own, so a credential the server splits over two lines is not
   * recognized here (a caller that joins lines must scan what it joins). The listener's
   * {@link StreamListener#cancelled()} stops the exchange; so does interrupting the calling thread.
   *
   * @return the number of body bytes received
   * @throws EgressDeniedException naming the reason (refusal, failure, timeout, interruption)
   */
  public long stream(EgressRequest request, StreamListener listener) {
    long start = System.nanoTime();
    Hop hop;
    try {
      hop = authorize(request);
    } catch (EgressDeniedException e) {
      record(request.caller(), "denied", e.reason(), request.method(), hostOf(request.url()), portOf(request.url()), 0, 0, 0, start, 0,
          List.of());
      throw e;
    }
    java.util.concurrent.BlockingQueue<StreamEvent> events = new java.util.concurrent.LinkedBlockingQueue<>();
    org.eclipse.jetty.client.Request wireRequest;
    try {
      List<InetAddress> addresses = AddressGate.checkedAddresses(hop.url(), hop.rule(), resolver);
      wireRequest = wire.stream(hop.method(), hop.url(), hop.headers(), hop.body(), addresses, totalTimeout, maxStreamDuration, events);
    } catch (EgressDeniedException e) {
      String outcome = e.reason().equals("internal-address") || e.reason().equals("dns-failed") ? "denied" : "failed";
      record(request.caller(), outcome, e.reason(), hop, 0, 0, start, 0);
      throw e;
    }
    hop.secrets().forEach(secrets::recordUse);
    LineSplitter lines = new LineSplitter();
    long received = 0;
    int status = 0;
    long deadline = System.nanoTime() + maxStreamDuration.toNanos() + TimeUnit.SECONDS.toNanos(1);
    try {
      long idleSince = System.nanoTime();
      while (true) {
        if (listener.cancelled()) {
          throw new EgressDeniedException("cancelled", "the caller cancelled the exchange with " + hop.url().hostPort());
        }
        long now = System.nanoTime();
        long idleLeft = totalTimeout.toNanos() + TimeUnit.SECONDS.toNanos(1) - (now - idleSince);
        if (idleLeft <= 0 || deadline - now <= 0) {
          throw new EgressDeniedException("timeout", "no data from " + hop.url().hostPort() + " within " + totalTimeout);
        }
        StreamEvent ev = events.poll(Math.min(100, TimeUnit.NANOSECONDS.toMillis(Math.min(idleLeft, deadline - now)) + 1), TimeUnit.MILLISECONDS);
        if (ev == null) {
          continue;
        }
        idleSince = System.nanoTime();
        switch (ev) {
          case StreamEvent.Head h -> {
            status = h.status();
            List<Header> headers = new ArrayList<>();
            for (Header x : h.headers()) {
              headers.add(needsRedaction(x.value()) ? new Header(x.name(), scanner.redact(x.value())) : x);
            }
            listener.head(status, headers);
          }
          case StreamEvent.Bytes b -> {
            received += b.chunk().length;
            lines.accept(b.chunk(), line -> listener.line(cleanLine(line)));
          }
          case StreamEvent.End end -> {
            if (end.failure() != null) {
              throw streamFailure(end.failure(), hop.url());
            }
            lines.finish(line -> listener.line(cleanLine(line)));
            record(request.caller(), "allowed", null, hop, status, received, start, 0);
            return received;
          }
        }
      }
    } catch (InterruptedException e) {
      wireRequest.abort(e);
      // the record first, the interrupt flag after: a flagged thread must not write to an embedded database
      record(request.caller(), "failed", "interrupted", hop, status, received, start, 0);
      Thread.currentThread().interrupt();
      throw new EgressDeniedException("interrupted", "interrupted while streaming from " + hop.url().hostPort());
    } catch (EgressDeniedException e) {
      wireRequest.abort(e);
      record(request.caller(), "failed", e.reason(), hop, status, received, start, 0);
      throw e;
    } catch (RuntimeException e) {
      // the listener threw: stop the exchange and let the caller see its own exception
      wireRequest.abort(e);
      record(request.caller(), "failed", "aborted-by-caller", hop, status, received, start, 0);
      throw e;
    }
  }

  private String cleanLine(String line) {
    return needsRedaction(line) ? scanner.redact(line) : line;
  }

  private static EgressDeniedException streamFailure(Throwable failure, CanonicalUrl url) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof EgressDeniedException d) {
        return new EgressDeniedException(d.reason(), d.getMessage());
      }
      if (t instanceof java.util.concurrent.TimeoutException) {
        return new EgressDeniedException("timeout", "the stream from " + url.hostPort() + " stalled or took too long");
      }
    }
    // The cause's message may quote the URL (and a query credential): report its type only.
    return new EgressDeniedException("exchange-failed", "exchange with " + url.hostPort() + " failed: " + failure.getClass().getSimpleName());
  }

  /** Splits UTF-8 body bytes into lines (LF or CRLF), cutting overlong lines. */
  private static final class LineSplitter {
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
    private boolean cut;

    void accept(byte[] chunk, java.util.function.Consumer<String> out) {
      for (byte x : chunk) {
        if (x == '\n') {
          emit(out);
        } else if (pending.size() < MAX_STREAM_LINE) {
          pending.write(x);
        } else {
          cut = true;
        }
      }
    }

    void finish(java.util.function.Consumer<String> out) {
      if (pending.size() > 0 || cut) {
        emit(out);
      }
    }

    private void emit(java.util.function.Consumer<String> out) {
      byte[] b = pending.toByteArray();
      int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
      String line = new String(b, 0, n, StandardCharsets.UTF_8);
      pending.reset();
      if (cut) {
        line += " [ironclaw4j: line cut at " + MAX_STREAM_LINE + " bytes]";
        cut = false;
      }
      out.accept(line);
    }
  }

  private Hop authorize(EgressRequest req) {
    CanonicalUrl url = CanonicalUrl.parse(req.url());
    Decision d = policy.check(req.method(), url);
    if (!d.allowed()) {
      throw d.toException();
    }
    for (Header h : req.headers()) {
      checkHeader(h);
    }
    if (req.bodyLength() > maxRequestBytes) {
      throw new EgressDeniedException("request-too-large", "request body larger than " + maxRequestBytes + " bytes");
    }
    if (!limiter.tryAcquire(req.caller())) {
      RateLimit l = limiter.limitFor(req.caller());
      throw new EgressDeniedException("rate-limited", req.caller() + " exceeded " + l.requests() + " requests per " + l.window());
    }
    refuseLeaks(req, url);
    SecretInjector.Injected inj = injector.inject(req.method(), url, req.headers(), req.body(), req.attachSecrets());
    return new Hop(req.method(), inj.url(), d.rule(), inj.headers(), req.body(), inj.secrets());
  }

  private static void checkHeader(Header h) {
    if (!HEADER_NAME.matcher(h.name()).matches()) {
      throw new EgressDeniedException("bad-header", "header name '" + h.name() + "' is not a valid HTTP token");
    }
    if (FORBIDDEN_HEADERS.contains(h.name().toLowerCase(java.util.Locale.ROOT))) {
      throw new EgressDeniedException("bad-header", "header '" + h.name() + "' is set by egress, not by callers");
    }
    if (h.value().length() > 8192 || h.value().chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
      throw new EgressDeniedException("bad-header", "header '" + h.name() + "' has control characters or is too long");
    }
  }

  /** The request exactly as the caller wrote it must carry no known secret and no credential pattern. */
  private void refuseLeaks(EgressRequest req, CanonicalUrl url) {
    List<String> texts = new ArrayList<>(List.of(req.url(), url.toString(), percentDecoded(req.url())));
    for (Header h : req.headers()) {
      texts.add(h.name() + ": " + h.value());
    }
    byte[] body = req.body();
    if (body != null) {
      texts.add(new String(body, StandardCharsets.UTF_8));
    }
    for (String t : texts) {
      for (Finding f : scanner.scan(t)) {
        if (f.action() == Finding.Action.BLOCK) {
          throw new EgressDeniedException("leak-in-request", "the request as written contains a credential ("
              + (f.secretName() != null ? "secret " + f.secretName() : f.type())
              + "); write {{secret:NAME}} where a binding allows it instead");
        }
      }
    }
  }

  private static String percentDecoded(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // not decodable: the strict parser has refused it already
    }
  }

  private Hop redirectHop(Hop hop, int status, String location) {
    if (Placeholders.mentions(location)) {
      throw new EgressDeniedException("bad-placeholder", "a redirect target may not carry a {{secret:...}} placeholder");
    }
    CanonicalUrl next = CanonicalUrl.parse(Redirects.absolute(hop.url(), location));
    boolean toGet = status == 303 && !hop.method().equals("HEAD")
        || (status == 301 || status == 302) && hop.method().equals("POST");
    String method = toGet ? "GET" : hop.method();
    Decision d = policy.check(method, next);
    if (!d.allowed()) {
      throw d.toException();
    }
    List<Header> headers = new ArrayList<>();
    for (Header h : hop.headers()) {
      String n = h.name().toLowerCase(java.util.Locale.ROOT);
      if (!DROPPED_ON_REDIRECT.contains(n) && !(toGet && n.startsWith("content-"))) {
        headers.add(h);
      }
    }
    return new Hop(method, next, d.rule(), headers, toGet ? null : hop.body(), List.of());
  }

  private EgressResponse respond(ResponseCollector.Collected c, CanonicalUrl url, int redirects) {
    if (!redactResponses) {
      return new EgressResponse(c.status(), c.headers(), c.body(), url, redirects, false);
    }
    boolean redacted = false;
    List<Header> headers = new ArrayList<>();
    for (Header h : c.headers()) {
      String v = h.value();
      if (needsRedaction(v)) {
        v = scanner.redact(v);
        redacted = true;
      }
      headers.add(new Header(h.name(), v));
    }
    byte[] body = c.body();
    String text = new String(body, StandardCharsets.UTF_8);
    if (needsRedaction(text)) {
      body = scanner.redact(text).getBytes(StandardCharsets.UTF_8);
      redacted = true;
    }
    return new EgressResponse(c.status(), headers, body, url, redirects, redacted);
  }

  private boolean needsRedaction(String text) {
    return scanner.scan(text).stream().anyMatch(f -> f.action() != Finding.Action.WARN);
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static EgressDeniedException redirectDenied(int hop, EgressDeniedException cause) {
    return new EgressDeniedException("redirect-denied",
        "redirect " + hop + " refused (" + cause.reason() + "): " + cause.getMessage(), cause);
  }

  /** The destination port for the audit record, or 0 when the URL does not parse. */
  private static int portOf(String url) {
    try {
      return CanonicalUrl.parse(url).port();
    } catch (EgressDeniedException e) {
      return 0;
    }
  }

  private static String hostOf(String url) {
    try {
      return CanonicalUrl.parse(url).host();
    } catch (EgressDeniedException e) {
      return "?";
    }
  }

  private void record(String caller, String outcome, String reason, Hop hop, int status, long received, long start, int n) {
    record(caller, outcome, reason, hop.method(), hop.url().host(), hop.url().port(), status, hop.bytesOut(), received, start, n, hop.secrets());
  }

  private void record(String caller, String outcome, String reason, String method, String host, int port, int status,
      long sent, long received, long start, int hop, List<String> secrets) {
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    String safeMethod = EgressRule.KNOWN_METHODS.contains(method) ? method : "?"; // never log caller-controlled text
    if (!outcome.equals("denied")) {
      dev.ironclaw4j.guard.audit.CallTrace.sentTo(host + ":" + port);
    }
    try {
      audit.record(new EgressAuditEvent(Instant.now(), caller, outcome, reason, safeMethod, host, port, status, sent, received, ms, hop, secrets));
    } catch (RuntimeException e) {
      System.getLogger("ironclaw4j.egress").log(System.Logger.Level.ERROR, "egress audit sink failed: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    wire.close();
  }

  /** Configures an {@link Egress}. Policy and leak scanner are required; nothing is allowed by default. */
  public static final class Builder {
    private EgressPolicy policy;
    private LeakScanner scanner;
    private SecretLookup secrets = SecretLookup.NONE;
    private HostResolver resolver = HostResolver.system();
    private EgressAuditSink audit = EgressAuditSink.logging();
    private RateLimit defaultLimit = RateLimit.perMinute(120);
    private final Map<String, RateLimit> perCaller = new HashMap<>();
    private long maxRequestBytes = 10L << 20;
    private long maxResponseBytes = 10L << 20;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration totalTimeout = Duration.ofSeconds(60);
    private Duration maxStreamDuration = Duration.ofMinutes(15);
    private LongSupplier nanoClock = System::nanoTime;
    private KeyStore trustStore;
    private boolean redactResponses = true;

    private Builder() {}

    /**
     * Hand responses back byte for byte, without replacing what the leak scanner finds in them. Only
     * for a client whose responses are signed evidence read by code and never shown to a model
     * (attestation reports, Intel's collateral, NVIDIA's tokens): redaction would corrupt the bytes a
     * signature covers, and the tokens themselves look like credentials. Everything else still applies,
     * the scan of the request included.
     */
    public Builder verbatimResponses() {
      this.redactResponses = false;
      return this;
    }

    /**
     * Trust exactly the certificates in this store instead of the JDK's default CAs (a private CA,
     * or a test). Host names are still verified.
     */
    public Builder trustStore(KeyStore store) {
      this.trustStore = Objects.requireNonNull(store);
      return this;
    }

    public Builder policy(EgressPolicy p) {
      this.policy = Objects.requireNonNull(p);
      return this;
    }

    public Builder secrets(SecretLookup s) {
      this.secrets = Objects.requireNonNull(s);
      return this;
    }

    public Builder leakScanner(LeakScanner s) {
      this.scanner = Objects.requireNonNull(s);
      return this;
    }

    public Builder resolver(HostResolver r) {
      this.resolver = Objects.requireNonNull(r);
      return this;
    }

    public Builder audit(EgressAuditSink a) {
      this.audit = Objects.requireNonNull(a);
      return this;
    }

    /** The limit for callers without their own (default 120 per minute). */
    public Builder rateLimit(RateLimit limit) {
      this.defaultLimit = Objects.requireNonNull(limit);
      return this;
    }

    /** The limit for one caller (a tool or provider id). */
    public Builder rateLimit(String caller, RateLimit limit) {
      perCaller.put(Objects.requireNonNull(caller), Objects.requireNonNull(limit));
      return this;
    }

    /** Largest request body (default 10 MiB). */
    public Builder maxRequestBytes(long n) {
      this.maxRequestBytes = positive(n);
      return this;
    }

    /** Largest response body after decoding (default 10 MiB); larger responses are aborted. */
    public Builder maxResponseBytes(long n) {
      this.maxResponseBytes = positive(n);
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d);
      return this;
    }

    /** Whole exchange, per hop (default 60 s); for {@link Egress#stream} the longest silence between two reads. */
    public Builder totalTimeout(Duration d) {
      this.totalTimeout = positive(d);
      return this;
    }

    /**
     * Longest a {@link Egress#stream streamed} exchange may take in all (default 15 minutes); between
     * two reads of a stream at most the total timeout passes.
     */
    public Builder maxStreamDuration(Duration d) {
      this.maxStreamDuration = positive(d);
      return this;
    }

    Builder nanoClock(LongSupplier clock) {
      this.nanoClock = Objects.requireNonNull(clock);
      return this;
    }

    public Egress build() {
      return new Egress(this);
    }

    private static long positive(long n) {
      if (n < 1) {
        throw new IllegalArgumentException("must be positive");
      }
      return n;
    }

    private static Duration positive(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("must be positive");
      }
      return d;
    }
  }

}

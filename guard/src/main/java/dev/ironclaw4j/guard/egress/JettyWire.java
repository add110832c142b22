package dev.ironclaw4j.guard.egress;

import java.net.InetAddress;
import java.net.URI;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The Jetty client behind egress, configured to do nothing on its own: no redirects, no cookies, no
 * authentication retries, no DNS (connections go only to the addresses egress pinned), TLS names
 * verified. {@link #exchange} sends one already-authorized request and collects the capped response.
 */
final class JettyWire implements AutoCloseable {
  private final HttpClient http;
  private final Duration totalTimeout;
  private final long maxResponseBytes;

  JettyWire(Duration connectTimeout, Duration totalTimeout, long maxResponseBytes, KeyStore trustStore) {
    this.http = newClient(connectTimeout, trustStore);
    this.totalTimeout = totalTimeout;
    this.maxResponseBytes = maxResponseBytes;
  }

  private static HttpClient newClient(Duration connectTimeout, KeyStore trustStore) {
    SslContextFactory.Client tls = new SslContextFactory.Client();
    tls.setTrustAll(false);
    tls.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host (SNI is the host too)
    if (trustStore != null) {
      tls.setTrustStore(trustStore);
    }
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(tls);
    HttpClient c = new HttpClient(new HttpClientTransportOverHTTP(connector));
    c.setSocketAddressResolver(new PinnedAddressResolver()); // connects only to addresses egress checked
    c.setFollowRedirects(false); // redirects are re-authorized by send(), hop by hop
    c.setHttpCookieStore(new HttpCookieStore.Empty()); // no cookies kept between requests
    c.setConnectTimeout(connectTimeout.toMillis());
    c.setDestinationIdleTimeout(60_000); // each distinct set of pinned addresses is a destination: let idle ones go
    c.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "ironclaw4j"));
    try {
      c.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the HTTP client", e);
    }
    // No automatic auth retries, redirects or 100-continue. start() installs the default handlers, so they
    // are removed after it: cleared before, a 401 without WWW-Authenticate failed the whole exchange.
    c.getProtocolHandlers().clear();
    return c;
  }

  private Request newRequest(String method, CanonicalUrl url, List<Header> headers, byte[] body, List<InetAddress> addresses) {
    URI uri;
    try {
      uri = URI.create(url.toString());
    } catch (IllegalArgumentException e) {
      throw new EgressDeniedException("malformed-url", "URL for " + url.hostPort() + " is not a valid URI");
    }
    Request r = http.newRequest(uri)
        .method(method)
        .tag(new Pin(url.host(), url.port(), addresses))
        .followRedirects(false)
        .headers(h -> headers.forEach(x -> h.add(x.name(), x.value())));
    if (body != null) {
      r.body(new BytesRequestContent(body));
    }
    return r;
  }

  /**
   * Sends one already-authorized request and hands the response over as it arrives, as events on the
   * returned queue (consumed by the caller's thread): a {@link StreamEvent.Head}, then
   * {@link StreamEvent.Bytes} chunks, then one {@link StreamEvent.End}. {@code idle} bounds the silence
   * between two reads, {@code total} the whole exchange; the body is capped like {@link #exchange}.
   */
  Request stream(String method, CanonicalUrl url, List<Header> headers, byte[] body, List<InetAddress> addresses,
      Duration idle, Duration total, java.util.concurrent.BlockingQueue<StreamEvent> events) {
    Request r = newRequest(method, url, headers, body, addresses)
        .idleTimeout(idle.toMillis(), TimeUnit.MILLISECONDS)
        .timeout(total.toMillis(), TimeUnit.MILLISECONDS);
    r.send(new StreamEvent.Forwarder(maxResponseBytes, events));
    return r;
  }

  ResponseCollector.Collected exchange(String method, CanonicalUrl url, List<Header> headers, byte[] body, List<InetAddress> addresses) {
    Request r = newRequest(method, url, headers, body, addresses)
        .timeout(totalTimeout.toMillis(), TimeUnit.MILLISECONDS);
    ResponseCollector collector = new ResponseCollector(maxResponseBytes);
    r.send(collector);
    try {
      return collector.result().get(totalTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        if (t instanceof EgressDeniedException d) {
          throw new EgressDeniedException(d.reason(), d.getMessage());
        }
        if (t instanceof TimeoutException) {
          throw new EgressDeniedException("timeout", "no complete response from " + url.hostPort() + " within " + totalTimeout);
        }
      }
      // The cause's message may quote the URL (and a query credential): report its type only.
      throw new EgressDeniedException("exchange-failed",
          "exchange with " + url.hostPort() + " failed: " + e.getCause().getClass().getSimpleName());
    } catch (TimeoutException e) {
      r.abort(e);
      throw new EgressDeniedException("timeout", "no complete response from " + url.hostPort() + " within " + totalTimeout);
    } catch (InterruptedException e) {
      r.abort(e);
      Thread.currentThread().interrupt();
      throw new EgressDeniedException("interrupted", "interrupted while waiting for " + url.hostPort());
    }
  }

  @Override
  public void close() {
    try {
      http.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the HTTP client", e);
    }
  }
}

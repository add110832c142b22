package dev.ironclaw4j.guard.egress;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.ConnectionStatistics;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A real Jetty server on 127.0.0.1 and a free port that records every request it gets and counts
 * every connection opened to it. Answers with {@code reply} (default: 200 "ok").
 */
final class LoopbackServer implements AutoCloseable {
  record Received(String method, String pathAndQuery, Map<String, String> headers, String body) {
    /** Everything the server saw, as one text, to search for a leaked value. */
    String all() {
      return method + " " + pathAndQuery + "\n" + headers + "\n" + body;
    }
  }

  record Reply(int status, Map<String, String> headers, String body) {
    static Reply ok(String body) {
      return new Reply(200, Map.of(), body);
    }

    static Reply redirect(int status, String location) {
      return new Reply(status, Map.of("Location", location), "");
    }
  }

  /** A reply header that makes the server stream the body without a Content-Length. */
  static final String CHUNKED = "X-Test-Chunked";

  private final Server server = new Server();
  private final ServerConnector connector;
  private final ConnectionStatistics stats = new ConnectionStatistics();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Function<Received, Reply> reply = r -> Reply.ok("ok");

  LoopbackServer() throws Exception {
    this(null, "127.0.0.1");
  }

  LoopbackServer(SslContextFactory.Server tls) throws Exception {
    this(tls, "127.0.0.1");
  }

  /** With a TLS factory, an HTTPS server (which also checks that the client's SNI matches its certificate). */
  LoopbackServer(SslContextFactory.Server tls, String bindAddress) throws Exception {
    if (tls == null) {
      connector = new ServerConnector(server);
    } else {
      HttpConfiguration https = new HttpConfiguration();
      https.addCustomizer(new SecureRequestCustomizer());
      connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(https));
    }
    connector.setHost(bindAddress);
    connector.setPort(0);
    connector.addBean(stats);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.getHeaders().forEach(f -> headers.merge(f.getName(), f.getValue(), (a, b) -> a + ", " + b));
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        String target = request.getHttpURI().getPathQuery();
        Received r = new Received(request.getMethod(), target, headers, body);
        received.add(r);
        Reply out = reply.apply(r);
        response.setStatus(out.status());
        out.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        if (out.headers().containsKey(CHUNKED)) {
          // No Content-Length: two flushed halves, so the client must count as the bytes stream in.
          try (OutputStream os = Content.Sink.asOutputStream(response)) {
            byte[] b = out.body().getBytes(StandardCharsets.UTF_8);
            os.write(b, 0, b.length / 2);
            os.flush();
            os.write(b, b.length / 2, b.length - b.length / 2);
          }
          callback.succeeded();
          return true;
        }
        Content.Sink.write(response, true, out.body(), callback);
        return true;
      }
    });
    server.start();
  }

  LoopbackServer replying(Function<Received, Reply> r) {
    this.reply = r;
    return this;
  }

  int port() {
    return connector.getLocalPort();
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  /** Connections ever opened to this server. */
  long connections() {
    return stats.getConnectionsTotal();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the test server", e);
    }
  }
}

package dev.ironclaw4j.server.daemon;

import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.Version;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The local HTTP endpoint of the daemon (Jetty 12), loopback only. Every request must name this
 * server in its {@code Host} header, which defeats DNS-rebinding pages that resolve their own name to
 * 127.0.0.1. It serves {@code GET /health} and the handlers mounted at start (MCP at {@code /mcp});
 * the gateway and web UI mount here later.
 */
public final class Daemon implements AutoCloseable {
  private static final long STOP_TIMEOUT_MS = 1000;

  private final Server jetty;
  private final String url;

  private Daemon(Server jetty, String url) {
    this.jetty = jetty;
    this.url = url;
  }

  /** Starts listening on host:port (port 0 picks a free one). */
  public static Daemon start(String host, int port) {
    return start(host, port, List.of());
  }

  /**
   * Starts listening on host:port with {@code mounts} behind the Host check, each asked in turn (a
   * handler answers only its own paths, e.g. a context handler for {@code /mcp}).
   */
  public static Daemon start(String host, int port, List<Handler> mounts) {
    QueuedThreadPool threads = new QueuedThreadPool(32, 2);
    threads.setName("ironclaw4j-http");
    threads.setDaemon(true);
    Server jetty = new Server(threads);
    ServerConnector connector = new ServerConnector(jetty, 1, 1);
    connector.setHost(host);
    connector.setPort(port);
    jetty.addConnector(connector);
    jetty.setStopTimeout(STOP_TIMEOUT_MS);
    jetty.setStopAtShutdown(false);
    List<Handler> routes = new ArrayList<>(mounts);
    routes.add(new Health());
    HostCheck hostCheck = new HostCheck(connector, new Handler.Sequence(routes));
    jetty.setHandler(hostCheck);
    try {
      jetty.start();
    } catch (Exception e) {
      try {
        jetty.stop();
      } catch (Exception ignored) {
        // already failing; the first error is the one to report
      }
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new ServerException(
          ServerException.FAILURE,
          "cannot listen on " + host + ":" + port + ": " + why
              + " (another program uses the port? choose one with --port or 'ironclaw4j config set server.port N')",
          e);
    }
    int bound = connector.getLocalPort();
    String shownHost = host.contains(":") ? "[" + host + "]" : host;
    return new Daemon(jetty, "http://" + shownHost + ":" + bound);
  }

  /** The base URL, e.g. {@code http://127.0.0.1:7420}. */
  public String url() {
    return url;
  }

  public int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  /** Blocks until the server has stopped. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      System.getLogger(Daemon.class.getName()).log(System.Logger.Level.WARNING, "HTTP server did not stop cleanly", e);
    }
  }

  /** Rejects requests whose Host is not this loopback server, then routes the rest (404 when none answers). */
  static final class HostCheck extends Handler.Wrapper {
    private final ServerConnector connector;

    HostCheck(ServerConnector connector, Handler routes) {
      super(routes);
      this.connector = connector;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      int port = connector.getLocalPort();
      String host = request.getHeaders().get(HttpHeader.HOST);
      Set<String> allowed = Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port);
      if (host == null || !allowed.contains(host.toLowerCase(Locale.ROOT))) {
        return json(response, callback, HttpStatus.MISDIRECTED_REQUEST_421, "{\"error\":\"host not allowed\"}");
      }
      if (super.handle(request, response, callback)) {
        return true;
      }
      return json(response, callback, HttpStatus.NOT_FOUND_404, "{\"error\":\"not found\"}");
    }
  }

  /** {@code GET /health}. */
  static final class Health extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      if (Request.getPathInContext(request).equals("/health") && request.getMethod().equals("GET")) {
        return json(
            response,
            callback,
            HttpStatus.OK_200,
            "{\"status\":\"ok\",\"service\":\"ironclaw4j\",\"version\":\"" + Version.get() + "\"}");
      }
      return false;
    }
  }

  static boolean json(Response response, Callback callback, int status, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    Content.Sink.write(response, true, body, callback);
    return true;
  }

  /** Whether something accepts connections at host:port (used by doctor for the port check). */
  public static boolean listening(String host, int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new InetSocketAddress(host, port), 300);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}

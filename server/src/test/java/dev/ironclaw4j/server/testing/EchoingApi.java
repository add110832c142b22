package dev.ironclaw4j.server.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A real Jetty server on 127.0.0.1 that plays an API which hands the credential back: it records each
 * request as {@code "METHOD /path auth=<Authorization>"} and answers with that header in its body, so a
 * test can see both what arrived and that an echoed secret is redacted before the caller sees it.
 */
public final class EchoingApi implements AutoCloseable {
  /** What arrived, one line per request. */
  public final List<String> received = new CopyOnWriteArrayList<>();
  private final Server server = new Server();
  private final int port;

  public EchoingApi() throws Exception {
    ServerConnector c = new ServerConnector(server);
    c.setHost("127.0.0.1");
    c.setPort(0);
    server.addConnector(c);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        String auth = String.valueOf(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        received.add(request.getMethod() + " " + request.getHttpURI().getPath() + " auth=" + auth);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        Content.Sink.write(response, true, "hello from the api; you sent " + auth, callback);
        return true;
      }
    });
    server.start();
    port = c.getLocalPort();
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("test server did not stop", e);
    }
  }
}

package dev.ironclaw4j.wasm;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A real Jetty server on 127.0.0.1 that records everything it receives and answers 200 with a body
 * that echoes the request's Authorization header (so a test can see what a tool would get back).
 */
final class Loopback implements AutoCloseable {
  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);
  final List<String> received = new CopyOnWriteArrayList<>();

  Loopback() throws Exception {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String auth = String.valueOf(request.getHeaders().get("Authorization"));
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        received.add(request.getMethod() + " " + request.getHttpURI().getPathQuery() + " auth=" + auth + " body=" + body);
        response.setStatus(200);
        Content.Sink.write(response, true, "seen auth: " + auth, callback);
        return true;
      }
    });
    server.start();
  }

  int port() {
    return connector.getLocalPort();
  }

  /** Everything received, as one text, to search for a leaked value. */
  String all() {
    return String.join("\n", received);
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

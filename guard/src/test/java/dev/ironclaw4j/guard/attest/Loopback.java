package dev.ironclaw4j.guard.attest;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressAuditEvent;
import dev.ironclaw4j.guard.egress.EgressPolicy;
import dev.ironclaw4j.guard.egress.EgressRule;
import dev.ironclaw4j.guard.leak.LeakDetector;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A real Jetty server on 127.0.0.1 playing a provider, Intel's PCS or NVIDIA's NRAS: it records every
 * request ({@code METHOD /path?query} and body) and answers from a function of the request.
 */
final class Loopback implements AutoCloseable {
  record Got(String method, String target, String body) {}

  record Reply(int status, Map<String, String> headers, byte[] body) {
    static Reply json(String body) {
      return new Reply(200, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    static Reply status(int status) {
      return new Reply(status, Map.of(), new byte[0]);
    }
  }

  final List<Got> received = new CopyOnWriteArrayList<>();
  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);

  Loopback(Function<Got, Reply> handler) throws Exception {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Got got = new Got(request.getMethod(), request.getHttpURI().getPathQuery(), Content.Source.asString(request, StandardCharsets.UTF_8));
        received.add(got);
        Reply r = handler.apply(got);
        response.setStatus(r.status());
        r.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        response.write(true, ByteBuffer.wrap(r.body()), callback);
        return true;
      }
    });
    server.start();
  }

  String base() {
    return "http://127.0.0.1:" + connector.getLocalPort();
  }

  /** Requests whose target starts with this path. */
  List<Got> to(String path) {
    return received.stream().filter(g -> g.target().startsWith(path)).toList();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The attestation egress: the real client, verbatim responses, allowed exactly these loopback rules. */
  static Egress egress(List<EgressAuditEvent> audit, String... rules) {
    return Egress.builder()
        .policy(EgressPolicy.of(java.util.Arrays.stream(rules).map(EgressRule::parse).toList()))
        .leakScanner(new LeakDetector())
        .audit(audit::add)
        .verbatimResponses()
        .build();
  }
}

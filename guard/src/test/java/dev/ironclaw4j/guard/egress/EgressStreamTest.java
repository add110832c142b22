package dev.ironclaw4j.guard.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Egress#stream}: the same checks as send, lines handed over as they arrive, redacted, abortable. */
class EgressStreamTest {
  static final String TOKEN = "sk-STREAMSECRET0123456789abcdef";

  private final List<EgressAuditEvent> events = new CopyOnWriteArrayList<>();
  private final FakeResolver resolver = new FakeResolver();
  private final TestSecrets secrets = new TestSecrets();
  private final List<String> authSeen = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private Server server;
  private int port;
  private Egress egress;

  @BeforeEach
  void start() throws Exception {
    server = new Server();
    ServerConnector c = new ServerConnector(server);
    c.setHost("127.0.0.1");
    c.setPort(0);
    server.addConnector(c);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        authSeen.add(String.valueOf(request.getHeaders().get("Authorization")));
        String path = request.getHttpURI().getPath();
        if (path.endsWith("/denied")) {
          response.setStatus(401);
          Content.Sink.write(response, true, "{\"error\":\"bad key\"}", callback);
          return true;
        }
        if (path.equals("/redirect")) {
          response.setStatus(302);
          response.getHeaders().put("Location", "http://model.test:" + port + "/elsewhere");
          Content.Sink.write(response, true, "moved", callback);
          return true;
        }
        response.getHeaders().put("Content-Type", "text/event-stream");
        try (OutputStream os = Content.Sink.asOutputStream(response)) {
          os.write("data: first\r\n\r\n".getBytes(StandardCharsets.UTF_8));
          os.flush();
          if (path.equals("/stall")) {
            release.await(10, TimeUnit.SECONDS);
          } else {
            // the first line must be handed over before the rest exists
            assertTrue(release.await(5, TimeUnit.SECONDS), "client saw the first line while the stream was open");
          }
          os.write(("data: echo " + TOKEN + "\n").getBytes(StandardCharsets.UTF_8));
          os.write("data: sp".getBytes(StandardCharsets.UTF_8));
          os.flush();
          os.write("lit\ndata: [DONE]".getBytes(StandardCharsets.UTF_8));
        }
        callback.succeeded();
        return true;
      }
    });
    server.start();
    port = c.getLocalPort();
    resolver.answer("model.test", "127.0.0.1").answer("other.test", "127.0.0.1");
    secrets.add("MODEL_KEY", TOKEN, "http://model.test:" + port + "/v1/* POST", "bearer");
    egress = Egress.builder()
        .policy(EgressPolicy.parse(List.of("http://model.test:" + port + "/ allow-private")))
        .secrets(secrets)
        .leakScanner(new TestLeakScanner(Map.of("MODEL_KEY", TOKEN)))
        .resolver(resolver)
        .audit(events::add)
        .connectTimeout(Duration.ofSeconds(1))
        .totalTimeout(Duration.ofSeconds(5))
        .build();
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    egress.close();
    server.stop();
    for (EgressAuditEvent e : events) {
      assertFalse(e.toString().contains(TOKEN), "audit never carries a secret value: " + e);
    }
  }

  private EgressRequest post(String path) {
    return EgressRequest.builder("provider:test", "POST", "http://model.test:" + port + path)
        .header("Content-Type", "application/json").body("{}").attachSecret("MODEL_KEY").build();
  }

  @Test
  void linesArriveAsTheyAreSentRedactedAndSplitAcrossChunks() {
    List<String> lines = new CopyOnWriteArrayList<>();
    AtomicReference<Integer> status = new AtomicReference<>();
    long bytes = egress.stream(post("/v1/chat"), new Egress.StreamListener() {
      @Override
      public void head(int s, List<Header> headers) {
        status.set(s);
      }

      @Override
      public void line(String line) {
        lines.add(line);
        if (line.equals("data: first")) {
          release.countDown();
        }
      }
    });
    assertEquals(200, status.get());
    assertEquals(List.of("data: first", "", "data: echo [REDACTED:MODEL_KEY]", "data: split", "data: [DONE]"), lines);
    assertTrue(bytes > 40);
    assertEquals(List.of("Bearer " + TOKEN), authSeen, "the bound key was injected by egress");
    EgressAuditEvent e = events.getLast();
    assertEquals("allowed", e.outcome());
    assertEquals(List.of("MODEL_KEY"), e.secrets());
  }

  @Test
  void policyAndBindingStillDecide() {
    EgressDeniedException e = assertThrows(EgressDeniedException.class, () -> egress.stream(
        EgressRequest.builder("provider:test", "POST", "http://other.test:" + port + "/v1/chat").body("{}").build(), lines()));
    assertEquals("host-not-allowed", e.reason());
    e = assertThrows(EgressDeniedException.class, () -> egress.stream(post("/not-v1"), lines()));
    assertEquals("secret-not-bound", e.reason());
    e = assertThrows(EgressDeniedException.class, () -> egress.stream(
        EgressRequest.builder("provider:test", "POST", "http://model.test:" + port + "/v1/chat").body("key " + TOKEN).build(), lines()));
    assertEquals("leak-in-request", e.reason());
    assertTrue(authSeen.isEmpty(), "nothing was sent");
  }

  @Test
  void redirectsAreHandedOverNotFollowed() {
    List<Integer> status = new CopyOnWriteArrayList<>();
    List<String> lines = new CopyOnWriteArrayList<>();
    egress.stream(EgressRequest.builder("provider:test", "POST", "http://model.test:" + port + "/redirect").body("{}").build(),
        new Egress.StreamListener() {
          @Override
          public void head(int s, List<Header> headers) {
            status.add(s);
          }

          @Override
          public void line(String line) {
            lines.add(line);
          }
        });
    assertEquals(List.of(302), status);
    assertEquals(List.of("moved"), lines);
    assertEquals(1, authSeen.size(), "one request, no second hop");
  }

  @Test
  void anUnauthorizedAnswerIsHandedOverNotTurnedIntoAFailure() {
    // Jetty's client installs an authentication handler when it starts; egress must not let it act.
    List<Integer> status = new CopyOnWriteArrayList<>();
    List<String> lines = new CopyOnWriteArrayList<>();
    egress.stream(post("/v1/denied"), new Egress.StreamListener() {
      @Override
      public void head(int s, List<Header> headers) {
        status.add(s);
      }

      @Override
      public void line(String line) {
        lines.add(line);
      }
    });
    assertEquals(List.of(401), status);
    assertEquals(List.of("{\"error\":\"bad key\"}"), lines);
    EgressResponse r = egress.send(post("/v1/denied"));
    assertEquals(401, r.status());
    assertEquals("{\"error\":\"bad key\"}", r.bodyText());
  }

  @Test
  void interruptingTheCallerAbortsTheStream() throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch first = new CountDownLatch(1);
    Thread t = new Thread(() -> {
      try {
        egress.stream(post("/v1/stall"), new Egress.StreamListener() {
          @Override
          public void head(int s, List<Header> headers) {}

          @Override
          public void line(String line) {
            first.countDown();
          }
        });
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    t.start();
    assertTrue(first.await(5, TimeUnit.SECONDS));
    long t0 = System.nanoTime();
    t.interrupt();
    t.join(5000);
    assertFalse(t.isAlive());
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3), "aborted promptly");
    assertTrue(failure.get() instanceof EgressDeniedException d && d.reason().equals("interrupted"), String.valueOf(failure.get()));
    assertEquals("failed", events.getLast().outcome());
  }

  @Test
  void theListenerCanCancelWithoutAnyInterrupt() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    long[] stoppedAt = new long[1];
    EgressDeniedException e = assertThrows(EgressDeniedException.class, () -> egress.stream(post("/v1/stall"),
        new Egress.StreamListener() {
          @Override
          public void head(int s, List<Header> headers) {}

          @Override
          public void line(String line) {
            stop.set(true);
            stoppedAt[0] = System.nanoTime();
          }

          @Override
          public boolean cancelled() {
            return stop.get();
          }
        }));
    assertEquals("cancelled", e.reason());
    assertTrue(System.nanoTime() - stoppedAt[0] < TimeUnit.SECONDS.toNanos(1), "stopped within the polling interval");
    assertFalse(Thread.currentThread().isInterrupted());
    assertEquals("cancelled", events.getLast().reason());
  }

  @Test
  void aThrowingListenerAbortsAndItsExceptionReachesTheCaller() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> egress.stream(post("/v1/stall"),
        new Egress.StreamListener() {
          @Override
          public void head(int s, List<Header> headers) {}

          @Override
          public void line(String line) {
            throw new IllegalStateException("enough");
          }
        }));
    assertEquals("enough", e.getMessage());
    assertEquals("aborted-by-caller", events.getLast().reason());
  }

  private static Egress.StreamListener lines() {
    return new Egress.StreamListener() {
      @Override
      public void head(int status, List<Header> headers) {}

      @Override
      public void line(String line) {}
    };
  }
}

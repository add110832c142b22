package dev.ironclaw4j.server.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressDeniedException;
import dev.ironclaw4j.guard.egress.EgressPolicy;
import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAI-compatible embedder, through the real egress, against a real local HTTP server. */
class RemoteEmbedderTest {
  @TempDir Path tmp;
  final List<String> bodies = new CopyOnWriteArrayList<>();
  final AtomicInteger dimension = new AtomicInteger(8);
  Server server;
  int port;

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
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        bodies.add(body);
        JsonNode in = JsonMapper.shared().readTree(body);
        StringBuilder b = new StringBuilder("{\"object\":\"list\",\"data\":[");
        for (int i = 0; i < in.get("input").size(); i++) {
          // A fake model: the vector counts letters a..h of the text.
          String text = in.get("input").get(i).asString();
          b.append(i == 0 ? "" : ",").append("{\"index\":").append(i).append(",\"embedding\":[");
          for (int d = 0; d < dimension.get(); d++) {
            char ch = (char) ('a' + d);
            b.append(d == 0 ? "" : ",").append(text.chars().filter(x -> x == ch).count() + 0.5);
          }
          b.append("]}");
        }
        b.append("]}");
        response.getHeaders().put("Content-Type", "application/json");
        Content.Sink.write(response, true, b.toString(), callback);
        return true;
      }
    });
    server.start();
    port = c.getLocalPort();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  private Egress egress(String... rules) {
    return Egress.builder().policy(EgressPolicy.parse(List.of(rules))).leakScanner(TestScanners.leaks()).build();
  }

  private String url() {
    return "http://127.0.0.1:" + port + "/v1/embeddings";
  }

  @Test
  void embedsThroughEgressAndFeedsMemory() throws Exception {
    try (Egress egress = egress(url() + " POST allow-private")) {
      RemoteEmbedder e = new RemoteEmbedder(egress, url(), "fake-8", 8, null);
      assertEquals("remote:fake-8", e.model());
      assertArrayEquals(new float[] {1.5f, 1.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f}, e.embed("ab"));
      assertEquals(RemoteEmbedder.BATCH + 1, e.embedAll(java.util.Collections.nCopies(RemoteEmbedder.BATCH + 1, "x")).size());
      assertEquals(3, bodies.size(), "one request, then two batches");
      assertTrue(bodies.getFirst().contains("\"model\":\"fake-8\""), bodies.getFirst());

      TestDatabases.Target t = TestDatabases.h2(Files.createDirectories(tmp.resolve("db")));
      try (Database db = Database.open(t.url(), t.user(), t.password());
          Memory m = Memory.open(db, tmp.resolve("index"), e, TestScanners.leaks(), MemoryOptions.defaults())) {
        m.write("notes/a.md", "aaaa aaaa\n", "user", Trust.TRUSTED);
        m.write("notes/h.md", "hhhh hhhh\n", "user", Trust.TRUSTED);
        assertEquals("notes/h.md", m.search("hh", 1, Memory.Mode.VECTOR).getFirst().path());
      }
    }
  }

  @Test
  void aWrongDimensionFailsLoudly() throws Exception {
    try (Egress egress = egress(url() + " POST allow-private")) {
      dimension.set(6);
      MemoryException ex = assertThrows(MemoryException.class, () -> new RemoteEmbedder(egress, url(), "fake-8", 8, null).embed("a"));
      assertTrue(ex.getMessage().contains("6 dimensions"), ex.getMessage());
    }
  }

  @Test
  void moreDimensionsThanTheIndexTakesAreRefusedUpFront() throws Exception {
    try (Egress egress = egress(url() + " POST allow-private")) {
      assertThrows(IllegalArgumentException.class, () -> new RemoteEmbedder(egress, url(), "big", 1536, null));
      assertEquals(1024, new RemoteEmbedder(egress, url(), "ok", 1024, null).dimension());
    }
  }

  @Test
  void withoutAnAllowRuleNothingIsSent() throws Exception {
    try (Egress egress = egress("https://api.openai.com/v1/embeddings POST")) {
      assertThrows(EgressDeniedException.class, () -> new RemoteEmbedder(egress, url(), "fake-8", 8, null).embed("a"));
      assertEquals(List.of(), bodies);
    }
  }
}

package dev.ironclaw4j.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpHeader;
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

/** memory with an OpenAI-compatible embeddings endpoint configured: through egress, key from the vault. */
class MemoryRemoteEmbeddingsCliTest {
  static final String PASS = "memory remote test passphrase";

  @TempDir Path tmp;
  Server server;
  int port;
  final List<String> auth = new CopyOnWriteArrayList<>();

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
        auth.add(String.valueOf(request.getHeaders().get(HttpHeader.AUTHORIZATION)));
        JsonNode in = JsonMapper.shared().readTree(Content.Source.asString(request, StandardCharsets.UTF_8));
        StringBuilder b = new StringBuilder("{\"data\":[");
        for (int i = 0; i < in.get("input").size(); i++) {
          String text = in.get("input").get(i).asString();
          b.append(i == 0 ? "" : ",").append("{\"index\":").append(i).append(",\"embedding\":[");
          for (int d = 0; d < 8; d++) {
            char ch = (char) ('a' + d);
            b.append(d == 0 ? "" : ",").append(text.chars().filter(x -> x == ch).count() + 0.5);
          }
          b.append("]}");
        }
        response.getHeaders().put("Content-Type", "application/json");
        Content.Sink.write(response, true, b.append("]}").toString(), callback);
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

  @Test
  void embeddingsComeFromTheConfiguredEndpointWithTheVaultKeyInjectedByEgress() {
    CliRunner cli = new CliRunner(tmp.resolve("home"));
    String url = "http://127.0.0.1:" + port + "/v1/embeddings";
    Map<String, String> env = new HashMap<>();
    env.put("IRONCLAW4J_VAULT_PASSPHRASE", PASS);
    env.put("IRONCLAW4J_EGRESS_ALLOW", "[\"" + url + " POST allow-private\"]");
    env.put("IRONCLAW4J_MEMORY_EMBEDDINGS_URL", url);
    env.put("IRONCLAW4J_MEMORY_EMBEDDINGS_MODEL", "fake-8");
    env.put("IRONCLAW4J_MEMORY_EMBEDDINGS_DIMENSION", "8");
    env.put("IRONCLAW4J_MEMORY_EMBEDDINGS_KEY_SECRET", "EMBED_KEY");
    assertEquals(0, cli.run(env, "", "vault", "init").code());
    String key = "sk-" + "EmbedKeyValue" + System.nanoTime();
    assertEquals(0, cli.run(env, key, "secret", "set", "EMBED_KEY", "--bind", url + " POST", "--inject", "bearer").code());

    CliRunner.Result add = cli.run(env, "# Cafe\n\nThe cafe has a bad cabbage bagel.\n", "memory", "add", "notes/food.md");
    assertEquals(0, add.code(), add.all());
    CliRunner.Result search = cli.run(env, "", "memory", "search", "cabbage bagel cafe", "--mode", "vector");
    assertEquals(0, search.code(), search.all());
    assertTrue(search.out().contains("notes/food.md"), search.out());
    assertFalse(auth.isEmpty());
    assertTrue(auth.stream().allMatch(a -> a.equals("Bearer " + key)), "egress injected the bound key: " + auth);
    assertFalse(add.all().contains(key) || search.all().contains(key));
    String audit = cli.run(env, "", "audit", "--kind", "egress.request").out();
    assertTrue(audit.contains("allowed    127.0.0.1:" + port) && audit.contains("approver=secrets:EMBED_KEY"), audit);
  }
}

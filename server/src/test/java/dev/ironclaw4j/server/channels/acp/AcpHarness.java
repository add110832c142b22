package dev.ironclaw4j.server.channels.acp;

import dev.ironclaw4j.server.agent.Conversations;
import dev.ironclaw4j.server.channels.ChannelServices;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code ironclaw4j acp}'s server in-process, spoken to in raw JSON lines over two OS pipes. */
final class AcpHarness implements AutoCloseable {
  static final JsonMapper JSON = JsonMapper.builder().build();
  final AcpServer server;
  final JsonRpcPeer peer;
  final Pipe toServer = Pipe.open();
  final Pipe toClient = Pipe.open();
  final OutputStream out = Channels.newOutputStream(toServer.sink());
  final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final Thread reader;

  AcpHarness(ChannelServices services, Optional<Conversations> agent, int maxLine, Duration permissionTimeout) throws IOException {
    server = new AcpServer(services, agent, "tester", permissionTimeout);
    peer = new JsonRpcPeer(Channels.newInputStream(toServer.source()), Channels.newOutputStream(toClient.sink()), maxLine, server);
    server.connect(peer);
    peer.start();
    InputStream in = Channels.newInputStream(toClient.source());
    reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          received.add(JSON.readTree(line));
        }
      } catch (IOException e) {
        // closed
      }
    });
  }

  void send(String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  JsonNode next() throws InterruptedException {
    JsonNode n = received.poll(20, TimeUnit.SECONDS);
    if (n == null) {
      throw new AssertionError("nothing from the server");
    }
    return n;
  }

  /** The next message with this id (a response), skipping notifications and other messages. */
  JsonNode response(int id) throws InterruptedException {
    while (true) {
      JsonNode n = next();
      if (n.has("id") && n.get("id").isIntegralNumber() && n.get("id").asInt() == id && !n.has("method")) {
        return n;
      }
    }
  }

  @Override
  public void close() throws IOException {
    peer.close();
    toServer.sink().close();
    toClient.sink().close();
    reader.interrupt();
  }
}

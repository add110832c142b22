package dev.ironclaw4j.server.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The bundled model embeds with no network: loading it and embedding text opens no connection. Every
 * JDK socket and URL connection asks the default {@link ProxySelector} where to go first; this one records
 * the ask and refuses, so a download attempt would be seen (and would fail).
 */
class OfflineEmbeddingTest {
  @Test
  void bundledModelEmbedsWithNoNetworkAtAll() {
    List<URI> attempts = new CopyOnWriteArrayList<>();
    ProxySelector before = ProxySelector.getDefault();
    ProxySelector.setDefault(new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        attempts.add(uri);
        throw new IllegalStateException("network use during offline embedding: " + uri);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
    });
    try {
      // Control: the recorder does see a plain socket connect (so an empty list below means something).
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new java.net.InetSocketAddress("127.0.0.1", 9), 200);
      } catch (IOException | RuntimeException expected) {
        // refused by the recorder
      }
      assertEquals(1, attempts.size(), "the proxy selector must observe connections: " + attempts);
      attempts.clear();
      try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
        client.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:9/")).build(),
            java.net.http.HttpResponse.BodyHandlers.discarding());
      } catch (IOException | InterruptedException | RuntimeException expected) {
        // refused by the recorder
      }
      assertEquals(1, attempts.size(), "and HTTP clients too: " + attempts);
      attempts.clear();
    } finally {
      ProxySelector.setDefault(ProxySelector.getDefault());
    }
    try (MiniLmEmbedder e = new MiniLmEmbedder()) {
      float[] a = e.embed("how do I roll back a bad release");
      float[] b = e.embed("undo a failed deployment");
      float[] c = e.embed("lentil soup with cumin");
      assertEquals(384, a.length);
      assertEquals(e.dimension(), a.length);
      assertTrue(cos(a, b) > cos(a, c), "the model is real: related texts are closer than unrelated ones");
      assertEquals(2, e.embedAll(List.of("one", "two")).size());
    } finally {
      ProxySelector.setDefault(before);
    }
    assertEquals(List.of(), attempts);
  }

  private static double cos(float[] x, float[] y) {
    double d = 0;
    double nx = 0;
    double ny = 0;
    for (int i = 0; i < x.length; i++) {
      d += x[i] * y[i];
      nx += x[i] * x[i];
      ny += y[i] * y[i];
    }
    return d / Math.sqrt(nx * ny);
  }
}

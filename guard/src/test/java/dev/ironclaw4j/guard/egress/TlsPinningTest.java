package dev.ironclaw4j.guard.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS while the connection is pinned to a checked IP: the TLS handshake still uses the original
 * host name, for SNI and for certificate verification, so pinning never weakens TLS. The server
 * (Jetty's SecureRequestCustomizer) refuses a client whose SNI does not match its certificate.
 */
class TlsPinningTest {
  @TempDir Path tmp;

  /** A self-signed certificate for {@code name}, made with the JDK's keytool. */
  private Path keystore(String name) throws Exception {
    Path ks = tmp.resolve(name + ".p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=" + name, "-ext", "SAN=dns:" + name, "-validity", "2",
        "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed");
    }
    return ks;
  }

  private static KeyStore trusting(Path keystore) throws Exception {
    KeyStore in = KeyStore.getInstance("PKCS12");
    try (InputStream s = Files.newInputStream(keystore)) {
      in.load(s, "changeit".toCharArray());
    }
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", in.getCertificate("server"));
    return trust;
  }

  private static LoopbackServer httpsServer(Path keystore) throws Exception {
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStorePath(keystore.toString());
    tls.setKeyStorePassword("changeit");
    return new LoopbackServer(tls);
  }

  private static Egress egress(LoopbackServer server, KeyStore trust, FakeResolver resolver, String host) {
    return Egress.builder()
        .policy(EgressPolicy.parse(List.of("https://" + host + ":" + server.port() + "/ allow-private")))
        .leakScanner(new TestLeakScanner(Map.of()))
        .resolver(resolver)
        .trustStore(trust)
        .audit(e -> {})
        .connectTimeout(Duration.ofSeconds(2))
        .totalTimeout(Duration.ofSeconds(10))
        .build();
  }

  @Test
  void tlsUsesTheOriginalNameWhileConnectingToThePinnedAddress() throws Exception {
    Path ks = keystore("bound.test");
    FakeResolver resolver = new FakeResolver().answer("bound.test", "127.0.0.1");
    try (LoopbackServer server = httpsServer(ks); Egress egress = egress(server, trusting(ks), resolver, "bound.test")) {
      EgressResponse r = egress.send(EgressRequest.builder("tool", "GET", "https://bound.test:" + server.port() + "/hello").build());
      assertEquals(200, r.status());
      assertEquals("bound.test:" + server.port(), server.received().getFirst().headers().get("Host"));
    }
  }

  @Test
  void certificateForAnotherNameIsRefused() throws Exception {
    Path ks = keystore("other.test");
    FakeResolver resolver = new FakeResolver().answer("bound.test", "127.0.0.1");
    try (LoopbackServer server = httpsServer(ks); Egress egress = egress(server, trusting(ks), resolver, "bound.test")) {
      EgressDeniedException e = assertThrows(EgressDeniedException.class, () -> egress.send(
          EgressRequest.builder("tool", "GET", "https://bound.test:" + server.port() + "/hello").build()));
      assertEquals("exchange-failed", e.reason(), e.getMessage());
      assertEquals(0, server.received().size());
    }
  }

  @Test
  void untrustedCertificateIsRefused() throws Exception {
    Path ks = keystore("bound.test");
    KeyStore otherTrust = trusting(keystore("unrelated.test"));
    FakeResolver resolver = new FakeResolver().answer("bound.test", "127.0.0.1");
    try (LoopbackServer server = httpsServer(ks); Egress egress = egress(server, otherTrust, resolver, "bound.test")) {
      EgressDeniedException e = assertThrows(EgressDeniedException.class, () -> egress.send(
          EgressRequest.builder("tool", "GET", "https://bound.test:" + server.port() + "/hello").build()));
      assertEquals("exchange-failed", e.reason(), e.getMessage());
      assertEquals(0, server.received().size());
    }
  }
}

package dev.ironclaw4j.guard.egress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.leak.LeakDetector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Egress.Builder#verbatimResponses()}: signed evidence (an attestation token, which looks like a
 * credential) comes back byte for byte, while the default client redacts it and requests are scanned
 * either way.
 */
class EgressVerbatimResponseTest {
  // A syntactically real JWT ({"alg":"ES384"} . {"eat_nonce":...} . signature bytes): what NVIDIA's service returns.
  static final String TOKEN = "eyJhbGciOiJFUzM4NCIsImtpZCI6Im52LTEifQ.eyJlYXRfbm9uY2UiOiIwMTIzIiwieC1udmlkaWEtb3ZlcmFsbCI6dHJ1ZX0"
      + ".MEUCIQDn4Q2b7a1mQ3pX9yT0uZ5c8dV6kL2sR1oP4wN3eF7gHgIgK9jU0iY5t";
  private LoopbackServer server;

  @BeforeEach
  void start() throws Exception {
    server = new LoopbackServer().replying(r -> LoopbackServer.Reply.ok("[[\"JWT\",\"" + TOKEN + "\"]]"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Egress egress(boolean verbatim) {
    Egress.Builder b = Egress.builder()
        .policy(EgressPolicy.parse(List.of("http://127.0.0.1:" + server.port() + "/ allow-private")))
        .leakScanner(new LeakDetector());
    if (verbatim) {
      b.verbatimResponses();
    }
    return b.build();
  }

  @Test
  void theDefaultClientRedactsATokenAndTheVerbatimOneReturnsItIntact() {
    String url = "http://127.0.0.1:" + server.port() + "/v3/attest/gpu";
    try (Egress normal = egress(false); Egress verbatim = egress(true)) {
      EgressResponse redacted = normal.send(EgressRequest.builder("t", "GET", url).build());
      assertTrue(redacted.redacted());
      assertFalse(redacted.bodyText().contains(TOKEN), redacted.bodyText());

      EgressResponse intact = verbatim.send(EgressRequest.builder("t", "GET", url).build());
      assertFalse(intact.redacted());
      assertArrayEquals(("[[\"JWT\",\"" + TOKEN + "\"]]").getBytes(StandardCharsets.UTF_8), intact.body());

      // Requests are still scanned: a credential in what we send is refused before anything leaves.
      EgressDeniedException e = assertThrows(EgressDeniedException.class,
          () -> verbatim.send(EgressRequest.builder("t", "POST", url).body("{\"token\":\"" + TOKEN + "\"}").build()));
      assertEquals("leak-in-request", e.reason());
      assertEquals(2, server.received().size());
    }
  }
}

package dev.ironclaw4j.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.attest.AttestationPolicy;
import dev.ironclaw4j.guard.attest.AttestationProvider;
import dev.ironclaw4j.guard.attest.CheckResult;
import dev.ironclaw4j.guard.attest.Measurements;
import dev.ironclaw4j.guard.attest.Reason;
import dev.ironclaw4j.guard.attest.Verification;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
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

/**
 * {@code ironclaw4j attest}: the production path against a loopback provider (everything it fetches
 * goes through egress and the audit log), and the pin / check / show flow with a stand-in checker
 * (the cryptography itself is tested in guard).
 */
class AttestCliTest {
  @TempDir Path home;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String body = "{\"model_attestations\":[]}";
  private Server server;
  private int port;

  record Result(int code, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    server = new Server();
    ServerConnector c = new ServerConnector(server);
    c.setHost("127.0.0.1");
    c.setPort(0);
    server.addConnector(c);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        received.add(request.getMethod() + " " + request.getHttpURI().getPathQuery());
        response.setStatus(status);
        Content.Sink.write(response, true, body, callback);
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

  private Result run(Consumer<RootCommand> setup, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> full = new ArrayList<>(List.of("--home", home.toString()));
    full.addAll(List.of(args));
    int code = Main.run(full.toArray(String[]::new), Map.of(), new PrintWriter(out, true), new PrintWriter(err, true),
        new ByteArrayInputStream(new byte[0]), setup);
    return new Result(code, out.toString(), err.toString());
  }

  private Result run(String... args) {
    return run(r -> {}, args);
  }

  private String url() {
    return "http://127.0.0.1:" + port;
  }

  @Test
  void checkFetchesThroughEgressWithAFreshNonceAndPrintsTheFailedCheck() {
    Result r = run("attest", "check", "near-ai", "--url", url(), "--model", "org/model", "--allow-private-url");
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("trust root: C=US,ST=CA,L=Santa Clara,O=Intel Corporation,CN=Intel SGX Root CA (pinned, SHA-256 "
        + "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3)"), r.out());
    assertTrue(r.out().contains("FAIL") && r.out().contains("[report-malformed]"), r.out());
    assertTrue(r.out().contains("result: FAILED [report-malformed]"), r.out());
    assertEquals(1, received.size(), received.toString());
    assertTrue(received.get(0).matches("GET /v1/attestation/report\\?model=org%2Fmodel&nonce=[0-9a-f]{64}&signing_algo=ecdsa"), received.get(0));

    status = 503;
    Result down = run("attest", "check", "near-ai", "--url", url(), "--model", "org/model", "--allow-private-url");
    assertEquals(1, down.code());
    assertTrue(down.out().contains("[report-unavailable]"), down.out());
    assertFalse(received.get(0).equals(received.get(1)), "every check uses a fresh nonce");

    Result audit = run("audit", "--kind", "attest.verify");
    assertEquals(2, audit.out().lines().count(), audit.out());
    assertTrue(audit.out().contains("reason=report-malformed") && audit.out().contains("reason=report-unavailable"), audit.out());
    Result egress = run("audit", "--kind", "egress.request");
    assertTrue(egress.out().contains("attest:near-ai"), egress.out());
  }

  @Test
  void aPrivateProviderNeedsToBeDeclaredOne() {
    Result r = run("attest", "check", "near-ai", "--url", url(), "--model", "m");
    assertEquals(1, r.code());
    assertTrue(r.out().contains("[report-unavailable]"), r.out());
    assertTrue(received.isEmpty(), "egress refused the loopback address: nothing was sent");
  }

  @Test
  void usageErrors() {
    assertEquals(2, run("attest", "check", "other").code());
    Result noUrl = run("attest", "check", "other", "--model", "m");
    assertTrue(noUrl.err().contains("no URL for provider 'other'"), noUrl.err());
    Result noModel = run("attest", "check", "near-ai");
    assertEquals(2, noModel.code());
    assertTrue(noModel.err().contains("pass --model"), noModel.err());
    assertEquals(2, run("attest", "check", "near-ai", "--model", "m", "--collateral-max-age", "soon").code());
    assertEquals(2, run("attest", "check", "near-ai", "--model", "m", "--accept-tcb", "UpToDate,Revoked").code());
    assertTrue(run("attest", "--help").out().contains("check"));
  }

  // ---- pin / check / show with a stand-in checker

  /** What the stand-in "hardware" measures, and whether any other check fails. */
  private final Map<String, List<String>> measured = new LinkedHashMap<>(Map.of(
      "mrtd", List.of("aa".repeat(48)), "compose-hash", List.of("bb".repeat(32)), "image", List.of("sha256:" + "cc".repeat(32))));
  private String otherFailure;

  private Consumer<RootCommand> standIn() {
    return root -> root.attestCheckers = (egress, h) -> new AttestCommand.Checker() {
      @Override
      public String root() {
        return "TEST ROOT (stand-in)";
      }

      @Override
      public Verification check(AttestationProvider provider, AttestationPolicy policy) {
        List<CheckResult> checks = new ArrayList<>();
        checks.add(new CheckResult("model#0", "quote signature", otherFailure == null ? CheckResult.Status.PASS : CheckResult.Status.FAIL,
            otherFailure, "stand-in"));
        Measurements m = new Measurements("model#0", measured);
        if (policy.pins().isEmpty()) {
          checks.add(new CheckResult("model#0", "measurements", CheckResult.Status.FAIL, Reason.NOT_PINNED, "nothing pinned"));
        } else {
          boolean same = policy.pins().entrySet().stream().allMatch(e -> e.getValue().containsAll(measured.getOrDefault(e.getKey(), List.of("?"))));
          checks.add(new CheckResult("model#0", "measurements", same ? CheckResult.Status.PASS : CheckResult.Status.FAIL,
              same ? "" : Reason.MEASUREMENT_MISMATCH, same ? "match" : "compose-hash differs"));
        }
        Instant now = Instant.now();
        return new Verification(provider.id(), now, "test", checks, List.of(m), Set.of("0x" + "12".repeat(20)), now.plusSeconds(600), 1);
      }
    };
  }

  @Test
  void pinOnFirstUseThenCheckThenShow() throws Exception {
    Result unpinned = run(standIn(), "attest", "check", "near-ai", "--model", "org/model");
    assertEquals(1, unpinned.code());
    assertTrue(unpinned.out().contains("[measurements-not-pinned]"), unpinned.out());
    assertTrue(unpinned.out().contains("ironclaw4j attest pin near-ai --model org/model"), unpinned.out());
    assertTrue(unpinned.out().contains("compose-hash   " + "bb".repeat(32)), unpinned.out());

    Result pin = run(standIn(), "attest", "pin", "near-ai", "--model", "org/model", "--allow-unverified-gpu", "--collateral-max-age", "12h");
    assertEquals(0, pin.code(), pin.out() + pin.err());
    assertTrue(pin.out().contains("Trust on first use"), pin.out());
    Path pins = home.resolve("attest").resolve("pins.json");
    assertTrue(Files.exists(pins));
    if (pins.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pins)));
    }

    Result ok = run(standIn(), "attest", "check", "near-ai");
    assertEquals(0, ok.code(), ok.out());
    assertTrue(ok.out().contains("result: VERIFIED"), ok.out());
    assertTrue(ok.out().contains(", model org/model;"), "the pinned URL and model are used: " + ok.out());

    Result show = run("attest", "show", "near-ai");
    assertEquals(0, show.code());
    assertTrue(show.out().contains("https://cloud-api.near.ai, model org/model"), show.out());
    assertTrue(show.out().contains("by trust on first use"), show.out());
    assertTrue(show.out().contains("unverified GPU allowed") && show.out().contains("cached collateral up to 720 min"), show.out());
    assertTrue(show.out().contains("image          sha256:" + "cc".repeat(32)), show.out());

    // The provider changes its software: checks fail; pinning again needs --replace.
    measured.put("compose-hash", List.of("dd".repeat(32)));
    Result changed = run(standIn(), "attest", "check", "near-ai");
    assertEquals(1, changed.code());
    assertTrue(changed.out().contains("[measurement-mismatch]"), changed.out());
    Result again = run(standIn(), "attest", "pin", "near-ai");
    assertEquals(2, again.code());
    assertTrue(again.err().contains("--replace"), again.err());
    assertEquals(0, run(standIn(), "attest", "pin", "near-ai", "--replace").code());
    assertEquals(0, run(standIn(), "attest", "check", "near-ai").code());

    Result audit = run("audit", "--kind", "attest.pin");
    assertEquals(2, audit.out().lines().count(), audit.out());
  }

  @Test
  void pinRefusesWhenAnyOtherCheckFails() {
    otherFailure = Reason.QUOTE_SIGNATURE;
    Result r = run(standIn(), "attest", "pin", "near-ai", "--model", "m");
    assertEquals(1, r.code());
    assertTrue(r.out().contains("NOT PINNED") && r.out().contains("[quote-signature-invalid]"), r.out());
    assertFalse(Files.exists(home.resolve("attest").resolve("pins.json")));
    Result show = run("attest", "show");
    assertEquals(0, show.code());
    assertTrue(show.err().contains("nothing is pinned"), show.err());
    assertEquals(1, run("attest", "show", "near-ai").code());
  }
}

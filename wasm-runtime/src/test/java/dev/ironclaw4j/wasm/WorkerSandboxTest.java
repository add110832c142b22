package dev.ironclaw4j.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Sandbox worker processes: each starts a JVM, so these are tagged slow. */
@Tag("slow")
class WorkerSandboxTest {

  @Test
  void workerRunsTheToolAndServesHostCallsInTheServer() throws Exception {
    try (Loopback allowed = new Loopback(); Loopback other = new Loopback()) {
      String rule = "http://allowed.test:" + allowed.port() + "/ GET allow-private";
      ToolManifest m = Manifests.parse(Manifests.json("fetcher", List.of(rule), List.of(), Manifests.defaultLimits()));
      List<dev.ironclaw4j.guard.egress.EgressAuditEvent> audit = new CopyOnWriteArrayList<>();
      try (var egress = Fixtures.egress(HostServices.none().secrets(), audit).create(Fixtures.policy(List.of(rule)));
          WorkerSandbox ok = WorkerSandbox.start(Modules.http("{\"url\":\"http://allowed.test:" + allowed.port() + "/w\"}"), m, Mode.COMPILED, 64);
          WorkerSandbox denied = WorkerSandbox.start(Modules.http("{\"url\":\"http://other.test:" + other.port() + "/w\"}"), m, Mode.COMPILED, 64)) {
        HostServices services = new HostServices(Optional.of(egress), HostServices.none().secrets(), l -> {}, Clock.systemUTC());
        assertTrue(ok.invoke("{}", services).contains("\"status\":200"));
        assertEquals(1, allowed.received.size(), "the request was sent by the server's egress");
        assertTrue(denied.invoke("{}", services).contains("host-not-allowed"));
        assertEquals(List.of(), other.received);
      }
    }
  }

  @Test
  void heapBombKillsOnlyItsWorker() throws Exception {
    // The manifest allows 256 MiB of linear memory; the worker's heap is 64 MiB: growing exhausts it.
    ToolManifest big = Manifests.parse(Manifests.json("bomber", List.of(), List.of(), Manifests.limits(20_000, 1_000_000_000, 4096, 1024, 0)));
    try (WorkerSandbox bomber = WorkerSandbox.start(Modules.bombOnRequest(), big, Mode.COMPILED, 64);
        WorkerSandbox bystander = WorkerSandbox.start(Modules.echo(), Manifests.plain("echo"), Mode.COMPILED, 64)) {
      long bystanderPid = bystander.pid();
      assertEquals("{}", bomber.invoke("{}", HostServices.none()));
      long first = bomber.pid();

      SandboxException e = assertThrows(SandboxException.class, () -> bomber.invoke("{\"bomb\":1}", HostServices.none()));
      assertEquals("worker-died", e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("bomber") && e.getMessage().contains("heap of 64 MiB exhausted"), e.getMessage());

      assertEquals("{}", bomber.invoke("{}", HostServices.none()), "the next call succeeds on a fresh worker");
      assertNotEquals(first, bomber.pid());
      assertEquals("{\"x\":1}", bystander.invoke("{\"x\":1}", HostServices.none()));
      assertEquals(bystanderPid, bystander.pid(), "the other tool's worker was not touched");
    }
  }

  @Test
  void wasmToolInAWorkerRunsThroughThePipeline() throws Exception {
    dev.ironclaw4j.guard.tool.ToolRegistry registry = new dev.ironclaw4j.guard.tool.ToolRegistry();
    try (WasmTool t = WasmTool.load(Modules.trap(), Manifests.plain("crashy"), Mode.COMPILED, 64, Fixtures.noEgress(),
            HostServices.none().secrets(), l -> {});
        WasmTool echo = WasmTool.load(Modules.echo(), Manifests.plain("echo"), Mode.COMPILED, 64, Fixtures.noEgress(),
            HostServices.none().secrets(), l -> {});
        var inv = Fixtures.invoker(registry, dev.ironclaw4j.guard.tool.ApprovalPolicy.defaults())) {
      registry.register(t);
      registry.register(echo);
      var ctx = new dev.ironclaw4j.guard.tool.ToolContext("s", "cli", "t", Optional.empty());
      var e = assertThrows(dev.ironclaw4j.guard.tool.ToolException.class, () -> inv.call("crashy", "{}", ctx));
      assertTrue(e.getMessage().contains("crashy") && e.getMessage().contains("trap"), e.getMessage());
      assertTrue(inv.call("echo", "{\"a\":1}", ctx).content().contains("{\"a\":1}"));
    }
  }

  @Test
  void workerHasNoNetworkWhereTheOsAllows() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(WorkerSandbox.networkIsolated(), "no unprivileged network namespaces here");
    try (WorkerSandbox w = WorkerSandbox.start(Modules.echo(), Manifests.plain("echo"), Mode.COMPILED, 64)) {
      java.nio.file.Path mine = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/net"));
      java.nio.file.Path its = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/" + w.pid() + "/ns/net"));
      assertNotEquals(mine, its, "the worker runs in its own network namespace");
      assertEquals("{}", w.invoke("{}", HostServices.none()));
    }
  }

  @Test
  void refusedModuleIsRefusedByTheWorkerWithTheReason() {
    SandboxException e = assertThrows(SandboxException.class,
        () -> WorkerSandbox.start(Modules.importing("env", "system"), Manifests.plain("sneaky"), Mode.COMPILED, 64));
    assertEquals("import-not-allowed", e.reason());
  }

  @Test
  void runawayWorkerIsStoppedAtTheDeadline() {
    ToolManifest m = Manifests.parse(Manifests.json("spin", List.of(), List.of(), Manifests.limits(300, Limits.MAX_FUEL, 4, 1024, 0)));
    try (WorkerSandbox w = WorkerSandbox.start(Modules.infiniteLoop(), m, Mode.COMPILED, 64)) {
      SandboxException e = assertThrows(SandboxException.class, () -> w.invoke("{}", HostServices.none()));
      assertEquals("wall-time-exceeded", e.reason());
    }
  }
}

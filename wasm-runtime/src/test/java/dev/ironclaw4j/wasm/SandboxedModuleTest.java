package dev.ironclaw4j.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SandboxedModuleTest {

  @ParameterizedTest
  @EnumSource(Mode.class)
  void echoToolReturnsItsInput(Mode mode) throws Exception {
    try (SandboxedModule m = SandboxedModule.load(Modules.echo(), Manifests.plain("echo"), mode)) {
      assertEquals("{\"a\":[1,2,\"ü\"]}", m.invoke("{\"a\":[1,2,\"ü\"]}", HostServices.none()));
      assertEquals(64, m.sha256().length());
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void infiniteLoopIsInterrupted(Mode mode) {
    ToolManifest mf = Manifests.parse(Manifests.json("spin", List.of(), List.of(),
        Manifests.limits(300, Limits.MAX_FUEL, 4, 1024, 0)));
    try (SandboxedModule m = SandboxedModule.load(Modules.infiniteLoop(), mf, mode)) {
      long t0 = System.nanoTime();
      SandboxException e = assertThrows(SandboxException.class, () -> m.invoke("{}", HostServices.none()));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertEquals("wall-time-exceeded", e.reason());
      assertTrue(e.getMessage().contains("spin"), e.getMessage());
      assertTrue(ms < 3000, "stopped after " + ms + " ms");
      assertFalse(Thread.currentThread().isInterrupted(), "the deadline's interrupt does not outlive the call");
    }
  }

  @Test
  void externalInterruptStopsTheCallAsAnInterruption() throws Exception {
    ToolManifest mf = Manifests.parse(Manifests.json("spin", List.of(), List.of(), Manifests.limits(60_000, Limits.MAX_FUEL, 4, 1024, 0)));
    try (SandboxedModule m = SandboxedModule.load(Modules.infiniteLoop(), mf, Mode.COMPILED)) {
      Thread caller = Thread.currentThread();
      Thread.ofPlatform().start(() -> {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
        caller.interrupt();
      });
      assertThrows(InterruptedException.class, () -> m.invoke("{}", HostServices.none()));
      Thread.interrupted();
    }
  }

  @Test
  void cpuBudgetStopsLoopInCompiledMode() {
    cpuBudgetStopsLoop(Mode.COMPILED);
  }

  @Test
  void cpuBudgetStopsLoopInInterpreter() {
    cpuBudgetStopsLoop(Mode.INTERPRETER);
  }

  private static void cpuBudgetStopsLoop(Mode mode) {
    ToolManifest mf = Manifests.parse(Manifests.json("spin", List.of(), List.of(),
        Manifests.limits(60_000, 100_000, 4, 1024, 0)));
    try (SandboxedModule m = SandboxedModule.load(Modules.infiniteLoop(), mf, mode)) {
      long t0 = System.nanoTime();
      SandboxException e = assertThrows(SandboxException.class, () -> m.invoke("{}", HostServices.none()));
      assertEquals("cpu-budget-exceeded", e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("spin"), e.getMessage());
      assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "stopped by fuel, long before the 60 s deadline");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void fuelCountsFunctionEntriesAndLoopIterationsExactly(Mode mode) throws Exception {
    // 1000 loop iterations + entry of call + entry of alloc (the host allocates the input) = 1002.
    for (long fuel : new long[] {1002, 1001}) {
      ToolManifest mf = Manifests.parse(Manifests.json("counter", List.of(), List.of(), Manifests.limits(10_000, fuel, 4, 1024, 0)));
      try (SandboxedModule m = SandboxedModule.load(Modules.countdown(1000), mf, mode)) {
        if (fuel == 1002) {
          assertEquals("{}", m.invoke("{}", HostServices.none()));
          assertEquals("{}", m.invoke("{}", HostServices.none()), "every call starts with the full budget");
        } else {
          assertEquals("cpu-budget-exceeded", assertThrows(SandboxException.class, () -> m.invoke("{}", HostServices.none())).reason());
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void unboundedRecursionIsStopped(Mode mode) {
    ToolManifest mf = Manifests.parse(Manifests.json("deep", List.of(), List.of(), Manifests.limits(10_000, 1_000_000, 4, 1024, 0)));
    try (SandboxedModule m = SandboxedModule.load(Modules.recursion(), mf, mode)) {
      SandboxException e = assertThrows(SandboxException.class, () -> m.invoke("{}", HostServices.none()));
      assertTrue(e.reason().equals("cpu-budget-exceeded") || e.reason().equals("trap"), e.reason());
      assertTrue(e.getMessage().contains("deep"), e.getMessage());
    }
  }

  @Test
  void instructionsTheMeteringDoesNotKnowAreRefused() {
    // v128.const (SIMD) is not metered yet: refused at install rather than run unmetered.
    byte[] simd = Modules.tool(null, new Wasm.Code().raw(0xfd, 0x0c).raw(new int[16]).drop().packed(16, 2).end(), 1, -1, "{}");
    SandboxException e = assertThrows(SandboxException.class, () -> SandboxedModule.load(simd, Manifests.plain("vec"), Mode.COMPILED));
    assertEquals("malformed-module", e.reason());
  }

  @Test
  void reservedExportNamesAreRefused() {
    SandboxException e = assertThrows(SandboxException.class,
        () -> SandboxedModule.load(forgedFuelExport(), Manifests.plain("forger"), Mode.COMPILED));
    assertEquals("malformed-module", e.reason());
  }

  /** A tool module that also exports its heap global under the name of the host's fuel counter. */
  private static byte[] forgedFuelExport() {
    Wasm w = new Wasm();
    int tAlloc = w.type(new byte[] {Wasm.I32}, new byte[] {Wasm.I32});
    int tCall = w.type(new byte[] {Wasm.I32, Wasm.I32}, new byte[] {Wasm.I64});
    int heap = w.global(Modules.HEAP);
    int alloc = w.func(tAlloc, 0, new Wasm.Code().globalGet(heap).end());
    int call = w.func(tCall, 0, new Wasm.Code().packed(16, 2).end());
    w.export("memory", 2, 0).exportFunc("alloc", alloc).exportFunc("call", call).export("__ironclaw_fuel", 3, heap);
    return w.build();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void memoryGrowBombIsRefused(Mode mode) throws Exception {
    try (SandboxedModule m = SandboxedModule.load(Modules.growBomb(), Manifests.plain("grower"), mode)) {
      assertEquals("{\"grow\":\"refused\"}", m.invoke("{}", HostServices.none()));
    }
  }

  @Test
  void moduleStartingAboveItsMemoryLimitIsRefused() {
    byte[] big = Modules.tool(null, new Wasm.Code().packed(16, 2).end(), 64, -1, "{}");
    SandboxException e = assertThrows(SandboxException.class, () -> SandboxedModule.load(big, Manifests.plain("big"), Mode.COMPILED));
    assertEquals("memory-too-large", e.reason());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void outputOverTheManifestCapIsRefused(Mode mode) {
    ToolManifest mf = Manifests.parse(Manifests.json("chatty", List.of(), List.of(), Manifests.limits(2000, 1_000_000, 4, 1024, 0)));
    try (SandboxedModule m = SandboxedModule.load(Modules.output(1025), mf, mode)) {
      SandboxException e = assertThrows(SandboxException.class, () -> m.invoke("{}", HostServices.none()));
      assertEquals("output-too-large", e.reason());
      assertTrue(e.getMessage().contains("chatty"));
    }
  }

  @Test
  void outputAtTheCapIsAccepted() throws Exception {
    String json = "{\"x\":\"" + "a".repeat(1024 - 8) + "\"}";
    assertEquals(1024, Modules.len(json));
    ToolManifest mf = Manifests.parse(Manifests.json("exact", List.of(), List.of(), Manifests.limits(2000, 1_000_000, 4, 1024, 0)));
    try (SandboxedModule m = SandboxedModule.load(Modules.constant(json), mf, Mode.COMPILED)) {
      assertEquals(json, m.invoke("{}", HostServices.none()));
    }
  }

  @Test
  void outputThatIsNotJsonIsRefused() {
    for (byte[] wasm : List.of(Modules.constant("not json"), Modules.output(0), Modules.constant("{\"a\":1} trailing"))) {
      try (SandboxedModule m = SandboxedModule.load(wasm, Manifests.plain("liar"), Mode.COMPILED)) {
        assertEquals("bad-output", assertThrows(SandboxException.class, () -> m.invoke("{}", HostServices.none())).reason());
      }
    }
  }

  @Test
  void outputNotMatchingTheOutputSchemaIsRefused() {
    ToolManifest mf = Manifests.parse(Manifests.json("typed", List.of(), List.of(), Manifests.defaultLimits())
        .replace("\"http\"", "\"output_schema\": {\"type\": \"object\", \"required\": [\"ok\"]}, \"http\""));
    try (SandboxedModule m = SandboxedModule.load(Modules.constant("{\"nope\":1}"), mf, Mode.COMPILED)) {
      SandboxException e = assertThrows(SandboxException.class, () -> m.invoke("{}", HostServices.none()));
      assertEquals("bad-output", e.reason());
      assertTrue(e.getMessage().contains("missing required property 'ok'"), e.getMessage());
    }
  }

  @Test
  void malformedWasmIsRefused() {
    byte[] good = Modules.echo();
    for (byte[] bad : List.of(new byte[] {1, 2, 3}, "\0asm".getBytes(), Arrays.copyOf(good, good.length - 3), new byte[0])) {
      SandboxException e = assertThrows(SandboxException.class, () -> SandboxedModule.load(bad, Manifests.plain("junk"), Mode.COMPILED));
      assertEquals("malformed-module", e.reason());
      assertTrue(e.getMessage().startsWith("junk:"), e.getMessage());
    }
  }

  @Test
  void importOutsideAbiIsRefusedAtInstall() {
    for (String[] imp : List.of(new String[] {"wasi_snapshot_preview1", "fd_write"}, new String[] {"ironclaw_v1", "exec"},
        new String[] {"env", "http"})) {
      SandboxException e = assertThrows(SandboxException.class,
          () -> SandboxedModule.load(Modules.importing(imp[0], imp[1]), Manifests.plain("sneaky"), Mode.COMPILED));
      assertEquals("import-not-allowed", e.reason());
      assertTrue(e.getMessage().contains(imp[0] + "." + imp[1]), e.getMessage());
    }
  }

  @Test
  void abiImportWithTheWrongTypeIsRefused() {
    SandboxException e = assertThrows(SandboxException.class,
        () -> SandboxedModule.load(Modules.importing("ironclaw_v1", "http"), Manifests.plain("sneaky"), Mode.COMPILED));
    assertEquals("import-not-allowed", e.reason());
  }

  @Test
  void importedMemoryIsRefused() {
    Wasm w = new Wasm().importMemory("env", "memory");
    SandboxException e = assertThrows(SandboxException.class, () -> SandboxedModule.load(w.build(), Manifests.plain("mem"), Mode.COMPILED));
    assertEquals("import-not-allowed", e.reason());
  }

  @Test
  void missingExportsAreRefused() {
    Wasm w = new Wasm();
    w.memory(1, -1).export("memory", 2, 0);
    SandboxException e = assertThrows(SandboxException.class, () -> SandboxedModule.load(w.build(), Manifests.plain("empty"), Mode.COMPILED));
    assertEquals("missing-export", e.reason());
    assertTrue(e.getMessage().contains("alloc") && e.getMessage().contains("call"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void trapReturnsErrorNamingTool(Mode mode) throws Exception {
    try (SandboxedModule m = SandboxedModule.load(Modules.trap(), Manifests.plain("crashy"), mode);
        SandboxedModule ok = SandboxedModule.load(Modules.echo(), Manifests.plain("echo"), mode)) {
      SandboxException e = assertThrows(SandboxException.class, () -> m.invoke("{}", HostServices.none()));
      assertEquals("trap", e.reason());
      assertTrue(e.getMessage().startsWith("crashy trapped"), e.getMessage());
      assertEquals("{}", ok.invoke("{}", HostServices.none()), "the runtime keeps working after a trap");
      assertEquals("trap", assertThrows(SandboxException.class, () -> m.invoke("{}", HostServices.none())).reason());
    }
  }
}

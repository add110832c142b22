package dev.ironclaw4j.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HostFunctionsTest {
  static final byte[] THREE_I32 = {Wasm.I32, Wasm.I32, Wasm.I32};
  static final byte[] TWO_I32 = {Wasm.I32, Wasm.I32};

  /** Asks secret_exists("GITHUB_TOKEN") and answers {"e":1} or {"e":0}. */
  static byte[] secretProbe() {
    String data = "GITHUB_TOKEN{\"e\":1}{\"e\":0}";
    return Modules.tool((w, f) -> f[0] = w.importFunc("ironclaw_v1", "secret_exists", w.type(TWO_I32, new byte[] {Wasm.I32})),
        new Wasm.Code().block().i32(16).i32(12).call(0).i32Eqz().brIf(0).packed(28, 7).ret().end().packed(35, 7).end(),
        1, -1, data);
  }

  @Test
  void secretExistsNeedsTheManifestAndTheVault() throws Exception {
    ToolManifest declared = Manifests.parse(Manifests.json("probe", List.of(), List.of("GITHUB_TOKEN"), Manifests.defaultLimits()));
    ToolManifest undeclared = Manifests.plain("probe");
    HostServices withVault = new HostServices(Optional.empty(), Fixtures.vault("https://api.github.com/"), l -> {}, Clock.systemUTC());
    try (SandboxedModule a = SandboxedModule.load(secretProbe(), declared, Mode.COMPILED);
        SandboxedModule b = SandboxedModule.load(secretProbe(), undeclared, Mode.COMPILED)) {
      assertEquals("{\"e\":1}", a.invoke("{}", withVault));
      assertEquals("{\"e\":0}", a.invoke("{}", HostServices.none()), "declared but not in the vault");
      assertEquals("{\"e\":0}", b.invoke("{}", withVault), "in the vault but not declared: the tool learns nothing");
    }
  }

  @Test
  void logLinesAreCleanedAndClockIsTheHostClock() throws Exception {
    String data = "hello\u0007\nworld{}";
    byte[] wasm = Modules.tool((w, f) -> {
      f[0] = w.importFunc("ironclaw_v1", "log", w.type(THREE_I32, new byte[0]));
      f[1] = w.importFunc("ironclaw_v1", "clock_ms", w.type(new byte[0], new byte[] {Wasm.I64}));
    }, new Wasm.Code().i32(1).i32(16).i32(12).call(0).call(1).drop().packed(28, 2).end(), 1, -1, data);
    List<String> lines = new CopyOnWriteArrayList<>();
    HostServices services = new HostServices(Optional.empty(), HostServices.none().secrets(), lines::add,
        Clock.fixed(Instant.ofEpochMilli(1234), ZoneOffset.UTC));
    try (SandboxedModule m = SandboxedModule.load(wasm, Manifests.plain("logger"), Mode.INTERPRETER)) {
      assertEquals("{}", m.invoke("{}", services));
    }
    assertEquals(List.of("logger [info] hello  world"), lines);
    Thread caller = Thread.currentThread();
    List<Thread> seen = new CopyOnWriteArrayList<>();
    try (SandboxedModule m = SandboxedModule.load(wasm, Manifests.plain("logger"), Mode.COMPILED)) {
      m.invoke("{}", new HostServices(Optional.empty(), HostServices.none().secrets(), l -> seen.add(Thread.currentThread()), Clock.systemUTC()));
    }
    assertEquals(List.of(caller), seen, "host calls run on the caller's thread, so its thread-locals (audit trace) see them");
  }

  @Test
  void pointerOutsideMemoryIsAnAbiViolation() {
    byte[] wasm = Modules.tool((w, f) -> f[0] = w.importFunc("ironclaw_v1", "http", w.type(TWO_I32, new byte[] {Wasm.I64})),
        new Wasm.Code().i32(65_530).i32(100).call(0).end(), 1, -1, "");
    try (SandboxedModule m = SandboxedModule.load(wasm, Manifests.plain("poker"), Mode.COMPILED)) {
      SandboxException e = assertThrows(SandboxException.class, () -> m.invoke("{}", HostServices.none()));
      assertEquals("abi-violation", e.reason());
      assertTrue(e.getMessage().contains("outside linear memory"), e.getMessage());
    }
  }

  @Test
  void invalidUtf8IsAnAbiViolation() {
    byte[] wasm = Modules.tool((w, f) -> f[0] = w.importFunc("ironclaw_v1", "http", w.type(TWO_I32, new byte[] {Wasm.I64})),
        new Wasm.Code().i32(16).i32(1).call(0).end(), 1, -1, "\u00e9");
    // Only the first byte of the two-byte 'é' crosses the ABI: not valid UTF-8.
    try (SandboxedModule m = SandboxedModule.load(wasm, Manifests.plain("poker"), Mode.COMPILED)) {
      SandboxException e = assertThrows(SandboxException.class, () -> m.invoke("{}", HostServices.none()));
      assertEquals("abi-violation", e.reason());
    }
  }
}

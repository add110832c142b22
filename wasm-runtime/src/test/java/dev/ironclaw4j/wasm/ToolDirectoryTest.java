package dev.ironclaw4j.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.tool.ApprovalPolicy;
import dev.ironclaw4j.guard.tool.Tool;
import dev.ironclaw4j.guard.tool.ToolContext;
import dev.ironclaw4j.guard.tool.ToolException;
import dev.ironclaw4j.guard.tool.ToolInvoker;
import dev.ironclaw4j.guard.tool.ToolRegistry;
import dev.ironclaw4j.guard.tool.ToolSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ToolDirectoryTest {
  @TempDir
  Path dir;
  final ToolRegistry registry = new ToolRegistry();
  final List<String> log = new CopyOnWriteArrayList<>();
  final ToolContext ctx = new ToolContext("s", "cli", "test", Optional.empty());

  private ToolDirectory directory() {
    return new ToolDirectory(dir, registry,
        (wasm, m) -> WasmTool.load(wasm, m, Mode.COMPILED, Fixtures.noEgress(), HostServices.none().secrets(), log::add), log::add);
  }

  /** Writes a file the way an installer should: to a temporary name, then an atomic rename. */
  private void put(String file, byte[] bytes) throws Exception {
    Path tmp = dir.resolve("." + file + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private void install(String name, byte[] wasm) throws Exception {
    put(name + ".json", Manifests.json(name, List.of(), List.of(), Manifests.defaultLimits()).getBytes(StandardCharsets.UTF_8));
    put(name + ".wasm", wasm);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long until = System.nanoTime() + 15_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void hotLoadedToolIsCallableWithoutRestart() throws Exception {
    try (ToolDirectory tools = directory();
        ToolInvoker invoker = Fixtures.invoker(registry, ApprovalPolicy.defaults())) {
      tools.start();
      assertEquals(Set.of(), Set.copyOf(registry.specs()));

      install("greeter", Modules.constant("{\"hello\":1}"));
      await(() -> registry.find("greeter").isPresent(), "greeter is registered");
      assertTrue(invoker.call("greeter", "{}", ctx).content().contains("\"hello\":1"));
      assertEquals(SandboxedModule.sha256(Modules.constant("{\"hello\":1}")), tools.installed().get("greeter"));

      String before = registry.find("greeter").orElseThrow().spec().capabilityDigest();
      put("greeter.wasm", Modules.constant("{\"hello\":2}"));
      await(() -> !registry.find("greeter").map(t -> t.spec().capabilityDigest()).orElse(before).equals(before), "greeter is replaced");
      assertTrue(invoker.call("greeter", "{}", ctx).content().contains("\"hello\":2"));

      Files.delete(dir.resolve("greeter.wasm"));
      await(() -> registry.find("greeter").isEmpty(), "greeter is removed");
      assertEquals("unknown-tool", assertThrows(ToolException.class, () -> invoker.call("greeter", "{}", ctx)).reason());
    }
  }

  @Test
  void refusedModuleIsReportedAndItsOldVersionStopsRunning() throws Exception {
    try (ToolDirectory tools = directory()) {
      install("calc", Modules.echo());
      tools.scan();
      assertTrue(registry.find("calc").isPresent());

      put("calc.wasm", Modules.importing("env", "system"));
      tools.scan();
      assertTrue(registry.find("calc").isEmpty(), "what is on disk is what may run");
      assertTrue(tools.problems().get("calc").startsWith("import-not-allowed"), tools.problems().toString());

      put("junk.wasm", new byte[] {0, 'a', 's', 'm', 9});
      put("junk.json", Manifests.json("junk", List.of(), List.of(), Manifests.defaultLimits()).getBytes(StandardCharsets.UTF_8));
      put("nomanifest.wasm", Modules.echo());
      put("mismatch.wasm", Modules.echo());
      put("mismatch.json", Manifests.json("other", List.of(), List.of(), Manifests.defaultLimits()).getBytes(StandardCharsets.UTF_8));
      tools.scan();
      assertTrue(tools.problems().get("junk").startsWith("malformed-module"));
      assertTrue(tools.problems().get("nomanifest").startsWith("bad-manifest"));
      assertTrue(tools.problems().get("mismatch").contains("must match the file name"));
      assertEquals(Set.of(), Set.copyOf(registry.specs()));
    }
  }

  @Test
  void failingLoaderIsReportedAndOtherToolsStillLoad() throws Exception {
    try (ToolDirectory tools = new ToolDirectory(dir, registry, (wasm, m) -> {
      if (m.name().equals("broken")) {
        throw new IllegalStateException("egress factory failed");
      }
      return WasmTool.load(wasm, m, Mode.COMPILED, Fixtures.noEgress(), HostServices.none().secrets(), log::add);
    }, log::add)) {
      install("broken", Modules.echo());
      install("fine", Modules.echo());
      tools.scan();
      assertTrue(tools.problems().get("broken").startsWith("load-failed"), tools.problems().toString());
      assertTrue(registry.find("fine").isPresent());
    }
  }

  @Test
  void wasmToolCannotShadowABuiltinTool() throws Exception {
    JsonNode schema = JsonMapper.shared().readTree("{\"type\":\"object\"}");
    registry.register(new Tool() {
      @Override
      public ToolSpec spec() {
        return new ToolSpec("read_file", "builtin", schema, Set.of(), "builtin", false, "builtin-1");
      }

      @Override
      public String execute(JsonNode input, ToolContext context) {
        return "{}";
      }
    });
    try (ToolDirectory tools = directory()) {
      install("read_file", Modules.echo());
      tools.scan();
      assertEquals("builtin", registry.find("read_file").orElseThrow().spec().source());
      assertTrue(tools.problems().get("read_file").contains("already exists"));
    }
    assertFalse(registry.find("read_file").isEmpty(), "closing the directory leaves tools it did not load");
  }
}

package dev.ironclaw4j.toolsmith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.tool.ToolContext;
import dev.ironclaw4j.guard.tool.ToolException;
import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.wasm.Mode;
import dev.ironclaw4j.wasm.SandboxException;
import dev.ironclaw4j.wasm.WasmTool;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** TeaVM-built (WASM-GC) tools in the sandbox: heap bombs, imports outside the ABI. */
@Tag("slow")
class SandboxRuntimeTest {
  private static final ToolContext CTX = new ToolContext("s", "cli", "test", Optional.empty());

  @Test
  void gcAllocationBombKillsOnlyItsWorkerAndTheNextCallSucceeds() throws Exception {
    String src = Smith.tool("Bomb", "@Limits(heapMb = 48, wallTimeMs = 60_000)", "import java.util.*;",
        "    List<String> keep = new ArrayList<>();\n"
            + "    while (input.get(\"bomb\").asBoolean(false)) {\n      keep.add(\"allocation number \" + keep.size());\n    }\n"
            + "    return Json.object().put(\"ok\", true);");
    BuildResult r = Smith.shared().build("Bomb.java", src, false, BuildListener.NONE);
    assertTrue(r.ok(), () -> r.diagnostics().toString());
    try (WasmTool tool = WasmTool.load(r.wasm(), r.manifest(), Mode.COMPILED, Smith.noEgress(), SecretLookup.NONE, l -> {})) {
      ToolException e = assertThrows(ToolException.class,
          () -> tool.execute(JsonMapper.shared().readTree("{\"bomb\": true}"), CTX));
      assertTrue(e.getMessage().contains("worker-died") && e.getMessage().contains("heap of 48 MiB exhausted"), e.getMessage());
      assertEquals("{\"ok\":true}", tool.execute(JsonMapper.shared().readTree("{}"), CTX), "a fresh worker serves the next call");
    }
    assertTrue(Runtime.getRuntime().freeMemory() > 0, "this (server) JVM is untouched");
  }

  @Test
  void moduleImportingOutsideTheAbiIsRefused() {
    BuildResult r = Smith.shared().build("Digest.java", Smith.example("Digest.java"), false, BuildListener.NONE);
    assertTrue(r.ok(), () -> r.diagnostics().toString());
    byte[] patched = replaceAll(r.wasm(), "ironclaw_v1", "wasi_snap_1");
    SandboxException e = assertThrows(SandboxException.class,
        () -> WasmTool.load(patched, r.manifest(), Mode.COMPILED, Smith.noEgress(), SecretLookup.NONE, l -> {}));
    assertEquals("import-not-allowed", e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("wasi_snap_1"), e.getMessage());
  }

  @Test
  void gcModuleDoesNotRunInTheServerProcess() {
    BuildResult r = Smith.shared().build("Digest.java", Smith.example("Digest.java"), false, BuildListener.NONE);
    SandboxException e = assertThrows(SandboxException.class,
        () -> dev.ironclaw4j.wasm.SandboxedModule.load(r.wasm(), r.manifest(), Mode.COMPILED));
    assertEquals("needs-worker", e.reason());
  }

  private static byte[] replaceAll(byte[] in, String from, String to) {
    byte[] f = from.getBytes(StandardCharsets.UTF_8);
    byte[] t = to.getBytes(StandardCharsets.UTF_8);
    byte[] out = in.clone();
    int n = 0;
    for (int i = 0; i + f.length <= out.length; i++) {
      if (java.util.Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
        System.arraycopy(t, 0, out, i, t.length);
        n++;
      }
    }
    assertTrue(n > 0, "the module names " + from);
    return out;
  }
}

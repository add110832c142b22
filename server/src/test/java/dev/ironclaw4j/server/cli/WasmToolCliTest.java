package dev.ironclaw4j.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tool install / list / call / rm with a real .wasm module, through the one pipeline. */
class WasmToolCliTest {
  @TempDir Path tmp;

  private Path resource(String name) throws Exception {
    Path p = tmp.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/wasm/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  @Test
  void installedWasmToolIsListedCallableThroughThePipelineAndRemovable() throws Exception {
    CliRunner cli = new CliRunner(tmp.resolve("home"));
    Path wasm = resource("mirror.wasm");
    resource("mirror.json");
    CliRunner.Result install = cli.run(Map.of(), "", "tool", "install", wasm.toString());
    assertEquals(0, install.code(), install.all());
    assertTrue(install.out().startsWith("installed mirror 1.0.0 (module sha256 "), install.out());

    CliRunner.Result list = cli.run(Map.of(), "", "tool", "list");
    assertTrue(list.out().matches("(?s).*mirror\\s+wasm\\s+.*"), list.out());

    CliRunner.Result call = cli.run(Map.of(), "", "tool", "call", "mirror", "--input", "{\"hello\":\"sandbox\"}", "--yes");
    assertEquals(0, call.code(), call.all());
    assertTrue(call.out().contains("{\"hello\":\"sandbox\"}") && call.out().contains("UNTRUSTED-CONTENT"), call.out());

    assertEquals(0, cli.run(Map.of(), "", "tool", "rm", "mirror").code());
    assertFalse(cli.run(Map.of(), "", "tool", "list").out().contains("mirror"));
    assertEquals(1, cli.run(Map.of(), "", "tool", "call", "mirror", "--input", "{}", "--yes").code());
  }

  @Test
  void malformedModuleAndBuiltinNameAreRefusedAtInstall() throws Exception {
    CliRunner cli = new CliRunner(tmp.resolve("home"));
    Path manifest = resource("mirror.json");
    Path bad = tmp.resolve("broken.wasm");
    Files.write(bad, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 9, 9, 9});
    CliRunner.Result r = cli.run(Map.of(), "", "tool", "install", bad.toString(), "--manifest", manifest.toString());
    assertEquals(1, r.code(), r.all());
    assertEquals(1, r.err().lines().count(), r.err());
    assertFalse(Files.exists(tmp.resolve("home/tools/mirror.wasm")), "nothing installed");

    Path shadow = tmp.resolve("echo.json");
    Files.writeString(shadow, Files.readString(manifest).replace("\"mirror\"", "\"echo\""));
    Path wasm = resource("mirror.wasm");
    CliRunner.Result s = cli.run(Map.of(), "", "tool", "install", wasm.toString(), "--manifest", shadow.toString());
    assertEquals(2, s.code(), s.all());
    assertTrue(s.err().contains("built-in"), s.err());

    Path badManifest = tmp.resolve("bad.json");
    Files.writeString(badManifest, Files.readString(manifest).replace("\"abi\": 1", "\"abi\": 7"));
    CliRunner.Result m = cli.run(Map.of(), "", "tool", "install", wasm.toString(), "--manifest", badManifest.toString());
    assertEquals(2, m.code(), m.all());
    assertTrue(m.err().contains("bad.json") && m.err().contains("abi"), m.err());
  }
}

package dev.ironclaw4j.toolsmith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Generated or hand-written source that tries to escape the sandbox is refused before TeaVM runs, with
 * the file and line of the offending reference; what no check can see still reaches nothing at run time.
 */
@Tag("slow")
class EscapeTest {
  private static BuildResult build(String imports, String body) {
    return Smith.shared().build("Probe.java", Smith.tool("Probe", "", imports, body), BuildListener.NONE);
  }

  private static void refusedAtJavac(BuildResult r, String what, long line) {
    assertEquals(Optional.of(BuildEvent.Phase.JAVAC), r.failedPhase(), () -> r.diagnostics().toString());
    assertTrue(r.diagnostics().stream().anyMatch(d -> d.message().contains(what) && d.line() == line
        && d.file().equals("Probe.java")), () -> r.diagnostics().toString());
    assertTrue(r.wasm() == null);
  }

  @Test
  void reflectionIsRefused() {
    refusedAtJavac(build("", "    return Json.of(input.getClass().getDeclaredMethods().length);"), "getClass", 7);
    refusedAtJavac(build("import java.lang.reflect.Method;", "    Method m = null;\n    return Json.NULL;"), "reflection", 2);
    refusedAtJavac(build("", "    return Json.of(Class.forName(\"java.lang.Runtime\").getName());"), "reflection", 7);
  }

  @Test
  void threadsAreRefused() {
    refusedAtJavac(build("", "    new Thread(() -> {}).start();\n    return Json.NULL;"), "threads", 7);
    refusedAtJavac(build("import java.util.concurrent.Executors;", "    Executors.newFixedThreadPool(2);\n    return Json.NULL;"),
        "threads", 2);
  }

  @Test
  void fileClassesAreRefused() {
    refusedAtJavac(build("import java.io.File;", "    return Json.of(new File(\"/etc/passwd\").exists());"), "files", 2);
    refusedAtJavac(build("", "    return Json.of(java.nio.file.Files.readString(java.nio.file.Path.of(\"/etc/passwd\")));"), "files", 7);
  }

  @Test
  void socketClassesAreRefused() {
    refusedAtJavac(build("import java.net.Socket;", "    new Socket(\"example.com\", 80).close();\n    return Json.NULL;"), "sockets", 2);
    refusedAtJavac(build("", "    return Json.of(java.net.URI.create(\"http://x\").toURL().openStream().read());"), "sockets", 7);
  }

  @Test
  void systemExitAndEnvironmentAreRefused() {
    refusedAtJavac(build("", "    System.exit(1);\n    return Json.NULL;"), "System.exit", 7);
    refusedAtJavac(build("", "    return Json.of(System.getenv(\"HOME\"));"), "System.getenv", 7);
    refusedAtJavac(build("", "    Runtime.getRuntime().exec(\"sh\");\n    return Json.NULL;"), "processes", 7);
  }

  @Test
  void extraWasmImportIsRefused() {
    // A tool declaring its own host import (e.g. WASI) is refused at the reference check ...
    String src = "import dev.ironclaw4j.toolsmith.sdk.*;\n"
        + "@Tool(name = \"probe\", description = \"a test tool\")\n"
        + "public final class Probe implements ToolFunction {\n"
        + "  @org.teavm.interop.Import(module = \"wasi_snapshot_preview1\", name = \"fd_write\")\n"
        + "  static native int write(int a, int b, int c, int d);\n"
        + "  public Json call(Json input) { return Json.of(write(1, 0, 0, 0)); }\n}\n";
    BuildResult r = Smith.shared().build("Probe.java", src, BuildListener.NONE);
    refusedAtJavac(r, "TeaVM interop", 4);
  }

  @Test
  void sdkInternalsAreNotReachable() {
    BuildResult r = build("", "    return Json.of(dev.ironclaw4j.toolsmith.sdk.Abi.inputLength());");
    assertEquals(Optional.of(BuildEvent.Phase.JAVAC), r.failedPhase());
    assertFalse(r.ok());
  }

  @Test
  void compileErrorsPointToTheUsersFileAndLine() {
    BuildResult r = build("", "    int x = \"not a number\";\n    return Json.NULL;");
    assertEquals(Optional.of(BuildEvent.Phase.JAVAC), r.failedPhase());
    Diagnostic d = r.diagnostics().get(0);
    assertEquals("Probe.java", d.file());
    assertEquals(7, d.line());
    assertTrue(d.toString().startsWith("Probe.java:7:"), d.toString());
  }

  @Test
  void httpToAnUndeclaredHostReachesNothingAtRunTime() {
    // Passes every check (Http is the SDK's), but the manifest has no HTTP rule: egress is never even built.
    String src = Smith.tool("Probe", "@Example(input = \"{}\", output = \"{\\\"reason\\\": \\\"http-limit\\\"}\")", "",
        "    try {\n      Http.get(\"https://example.com/\");\n      return Json.of(\"reached\");\n"
        + "    } catch (HostException e) {\n      return Json.object().put(\"reason\", e.reason());\n    }");
    BuildResult r = Smith.shared().build("Probe.java", src, BuildListener.NONE);
    assertTrue(r.ok(), () -> r.diagnostics() + " " + r.examples());
    assertTrue(r.summary().contains("network:    none"), r.summary());
  }
}

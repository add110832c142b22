package dev.ironclaw4j.toolsmith;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The main class of the build worker process ({@link CompilerProcess}): javac, the reference check
 * and TeaVM run here, in a JVM with its own bounded heap, so a huge or hostile source can exhaust only
 * this process. One JSON request per line on stdin; events and the result as JSON lines on stdout.
 * It never runs tool code.
 */
public final class BuildWorker {
  static final ObjectMapper JSON = JsonMapper.builder().build();

  private BuildWorker() {}

  public static void main(String[] args) throws IOException {
    PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
    BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream(FileDescriptor.in), StandardCharsets.UTF_8));
    List<Path> javacClasspath = List.of(location(dev.ironclaw4j.toolsmith.sdk.Entry.class), location(org.teavm.interop.Export.class));
    List<Path> teavmLibraries = teavmLibraries();
    String line;
    while ((line = in.readLine()) != null) {
      JsonNode req = JSON.readTree(line);
      ObjectNode result;
      try {
        result = build(req, javacClasspath, teavmLibraries, protocol);
      } catch (Exception | LinkageError | StackOverflowError e) {
        result = message("result");
        result.put("ok", false);
        result.put("phase", "teavm");
        ArrayNode d = result.putArray("diagnostics");
        d.addObject().put("severity", "ERROR").put("file", req.path("file").asString()).put("line", 0).put("column", 0)
            .put("message", "the build failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      }
      send(protocol, result);
    }
  }

  private static ObjectNode build(JsonNode req, List<Path> javacClasspath, List<Path> libraries, PrintStream out) throws Exception {
    String file = req.path("file").asString();
    Path work = Path.of(req.path("work").asString());
    send(out, event("javac", "started"));
    SourceCompiler.Result compiled = SourceCompiler.compile(file, req.path("source").asString(), work, javacClasspath);
    if (!compiled.ok()) {
      return failed("javac", compiled.diagnostics());
    }
    send(out, event("javac", "ok"));
    send(out, event("teavm", "started"));
    TeaVmCompiler.Result wasm = TeaVmCompiler.compile(compiled.classes(), compiled.entryClass(), libraries, work.resolve("out"), file);
    List<Diagnostic> all = new ArrayList<>(compiled.diagnostics());
    all.addAll(wasm.diagnostics());
    if (wasm.wasm() == null || wasm.diagnostics().stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR)) {
      return failed("teavm", all);
    }
    send(out, event("teavm", "ok"));
    ObjectNode r = message("result");
    r.put("ok", true);
    r.put("wasm", wasm.wasm().toString());
    r.set("declarations", compiled.declarations());
    r.set("diagnostics", diagnostics(all));
    return r;
  }

  private static ObjectNode failed(String phase, List<Diagnostic> diags) {
    ObjectNode r = message("result");
    r.put("ok", false);
    r.put("phase", phase);
    r.set("diagnostics", diagnostics(diags));
    return r;
  }

  private static ArrayNode diagnostics(List<Diagnostic> diags) {
    ArrayNode a = JSON.createArrayNode();
    for (Diagnostic d : diags.subList(0, Math.min(diags.size(), 100))) {
      a.addObject().put("severity", d.severity().name()).put("file", d.file()).put("line", d.line())
          .put("column", d.column()).put("message", d.message().length() > 2000 ? d.message().substring(0, 2000) + "..." : d.message());
    }
    return a;
  }

  private static ObjectNode event(String phase, String status) {
    ObjectNode e = message("event");
    e.put("phase", phase);
    e.put("status", status);
    return e;
  }

  private static ObjectNode message(String op) {
    ObjectNode o = JSON.createObjectNode();
    o.put("op", op);
    return o;
  }

  private static void send(PrintStream out, ObjectNode m) {
    out.println(JSON.writeValueAsString(m));
    out.flush();
  }

  static Path location(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate " + c.getName(), e);
    }
  }

  /**
   * The SDK and TeaVM's jars (its class library): those on this process's class path, and, when it
   * runs from the product's lib/ folder (a jar whose manifest names the rest), the teavm-* jars
   * beside TeaVM's class library.
   */
  private static List<Path> teavmLibraries() throws IOException {
    java.util.Set<Path> out = new java.util.LinkedHashSet<>();
    out.add(location(dev.ironclaw4j.toolsmith.sdk.Entry.class));
    for (String p : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path path = Path.of(p).toAbsolutePath();
      if (path.getFileName() != null && path.getFileName().toString().startsWith("teavm-")) {
        out.add(path);
      }
    }
    Path classlib = location(org.teavm.classlib.java.lang.TObject.class);
    if (classlib.getParent() != null && java.nio.file.Files.isDirectory(classlib.getParent())) {
      try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(classlib.getParent())) {
        s.filter(p -> p.getFileName().toString().startsWith("teavm-") && p.toString().endsWith(".jar")).sorted().forEach(out::add);
      }
    }
    out.add(classlib);
    return new ArrayList<>(out);
  }
}

package dev.ironclaw4j.toolsmith;

import dev.ironclaw4j.guard.tool.ToolContext;
import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.toolsmith.BuildEvent.Phase;
import dev.ironclaw4j.toolsmith.BuildEvent.Status;
import dev.ironclaw4j.wasm.EgressFactory;
import dev.ironclaw4j.wasm.Mode;
import dev.ironclaw4j.wasm.SandboxException;
import dev.ironclaw4j.wasm.SandboxedModule;
import dev.ironclaw4j.wasm.WasmTool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a Java source file written against the tool SDK into a sandboxed WASM tool:
 * javac (with the reference check) and TeaVM in a bounded build worker process, then validation
 * (the module against its generated manifest and the host ABI; a readable capability summary), then
 * the tool's declared examples run in the sandbox exactly as the installed tool will run, and, once
 * the user approved the summary, installation into a watched tools directory. Progress goes to a
 * {@link BuildListener}. Builds run one at a time. Nothing of the tool runs in this process.
 */
public final class Toolsmith implements AutoCloseable {
  /**
   * @param buildHeapMb heap of the build worker JVM (javac and TeaVM)
   * @param buildTimeout deadline of javac + TeaVM for one build
   * @param mode how tools run (examples included)
   */
  public record Options(int buildHeapMb, Duration buildTimeout, Mode mode) {
    public Options {
      if (buildHeapMb < 128 || buildHeapMb > 4096) {
        throw new IllegalArgumentException("build heap must be 128 to 4096 MiB");
      }
      Objects.requireNonNull(buildTimeout, "buildTimeout");
      Objects.requireNonNull(mode, "mode");
    }

    public static Options defaults() {
      return new Options(512, Duration.ofSeconds(120), Mode.COMPILED);
    }
  }

  private final Options options;
  private final EgressFactory egress;
  private final SecretLookup secrets;
  private final Consumer<String> log;
  private final CompilerProcess compiler;

  /**
   * @param egress makes the egress client of a tool under test from its manifest rules (the same
   *     factory the server gives installed tools), used when examples make HTTP requests
   * @param secrets the vault's secret names, for {@code secret_exists}
   * @param log receives the tools' log lines while examples run
   */
  public Toolsmith(Options options, EgressFactory egress, SecretLookup secrets, Consumer<String> log) {
    this.options = Objects.requireNonNull(options, "options");
    this.egress = Objects.requireNonNull(egress, "egress");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.log = Objects.requireNonNull(log, "log");
    this.compiler = new CompilerProcess(options.buildHeapMb(), options.buildTimeout());
  }

  /** Builds, validates and tests a tool (examples included). */
  public BuildResult build(String fileName, String source, BuildListener listener) {
    return build(fileName, source, true, listener);
  }

  /**
   * Builds and validates a tool; runs its examples when {@code runExamples}.
   *
   * @throws ToolsmithException when the build could not be carried out (worker died, deadline, I/O);
   *     a failure caused by the source is a result with diagnostics instead
   */
  public synchronized BuildResult build(String fileName, String source, boolean runExamples, BuildListener listener) {
    Objects.requireNonNull(listener, "listener");
    long[] millis = new long[Phase.values().length];
    Path work = null;
    try {
      work = Files.createTempDirectory("ironclaw4j-toolsmith");
      ObjectNode req = BuildWorker.JSON.createObjectNode();
      req.put("op", "build");
      req.put("file", fileName);
      req.put("source", source);
      req.put("work", work.toString());
      long[] phaseStart = {System.nanoTime()};
      JsonNode r = compiler.build(req, e -> {
        Phase phase = Phase.valueOf(e.path("phase").asString().toUpperCase(java.util.Locale.ROOT));
        Status status = Status.valueOf(e.path("status").asString().toUpperCase(java.util.Locale.ROOT));
        if (status == Status.STARTED) {
          phaseStart[0] = System.nanoTime();
        } else {
          millis[phase.ordinal()] = (System.nanoTime() - phaseStart[0]) / 1_000_000;
        }
        listener.event(new BuildEvent(phase, status, ""));
      });
      List<Diagnostic> diags = diagnostics(r.path("diagnostics"));
      if (!r.path("ok").asBoolean()) {
        Phase phase = Phase.valueOf(r.path("phase").asString().toUpperCase(java.util.Locale.ROOT));
        millis[phase.ordinal()] = (System.nanoTime() - phaseStart[0]) / 1_000_000;
        listener.event(new BuildEvent(phase, Status.FAILED, errors(diags) + " error(s)"));
        return failed(fileName, source, phase, diags, millis);
      }
      byte[] wasm = readCapped(Path.of(r.path("wasm").asString()), SandboxedModule.MAX_MODULE_BYTES);
      JsonNode decl = r.path("declarations");
      long line = decl.path("line").asLong(0);

      listener.event(new BuildEvent(Phase.VALIDATE, Status.STARTED, ""));
      long t = System.nanoTime();
      ManifestGenerator.Generated gen;
      WasmTool tool;
      try {
        gen = ManifestGenerator.generate(decl);
        tool = WasmTool.load(wasm, gen.manifest(), options.mode(), egress, secrets, log);
      } catch (IllegalArgumentException | SandboxException e) {
        diags.add(Diagnostic.error(fileName, line, 0, e.getMessage()));
        millis[Phase.VALIDATE.ordinal()] = (System.nanoTime() - t) / 1_000_000;
        listener.event(new BuildEvent(Phase.VALIDATE, Status.FAILED, e.getMessage()));
        return failed(fileName, source, Phase.VALIDATE, diags, millis);
      }
      try (tool) {
        String summary = CapabilitySummary.of(gen.manifest(), wasm);
        millis[Phase.VALIDATE.ordinal()] = (System.nanoTime() - t) / 1_000_000;
        listener.event(new BuildEvent(Phase.VALIDATE, Status.OK, summary));

        List<String> lines = new ArrayList<>();
        if (runExamples) {
          t = System.nanoTime();
          listener.event(new BuildEvent(Phase.TEST, Status.STARTED, gen.examples().size() + " example(s)"));
          boolean allPassed = true;
          for (int i = 0; i < gen.examples().size(); i++) {
            String outcome = runExample(tool, gen.examples().get(i));
            String text = "example " + (i + 1) + ": " + (outcome == null ? "passed" : outcome);
            lines.add(text);
            listener.event(new BuildEvent(Phase.TEST, Status.INFO, text));
            if (outcome != null) {
              allPassed = false;
              diags.add(Diagnostic.error(fileName, line, 0, text));
            }
          }
          millis[Phase.TEST.ordinal()] = (System.nanoTime() - t) / 1_000_000;
          if (!allPassed) {
            listener.event(new BuildEvent(Phase.TEST, Status.FAILED, "examples failed"));
            return new BuildResult(fileName, source, Optional.of(Phase.TEST), List.copyOf(diags), wasm, gen.manifest(),
                gen.json(), summary, List.copyOf(lines), millis);
          }
          listener.event(new BuildEvent(Phase.TEST, Status.OK, gen.examples().size() + " example(s) passed"));
        }
        return new BuildResult(fileName, source, Optional.empty(), List.copyOf(diags), wasm, gen.manifest(), gen.json(), summary,
            List.copyOf(lines), millis);
      }
    } catch (IOException e) {
      throw new ToolsmithException("io", "the build failed: " + e.getMessage(), e);
    } finally {
      deleteTree(work);
    }
  }

  /** Null when the example passed, else why not. */
  private static String runExample(WasmTool tool, ManifestGenerator.Example ex) {
    String out;
    try {
      out = tool.execute(ex.input(), new ToolContext("toolsmith-examples", "toolsmith", "toolsmith", Optional.empty()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (RuntimeException e) {
      return "input " + ex.input() + " failed: " + e.getMessage();
    }
    JsonNode got;
    try {
      got = BuildWorker.JSON.readTree(out);
    } catch (RuntimeException e) {
      return "output is not JSON";
    }
    String mismatch = subset("", ex.expected(), got);
    return mismatch == null ? null : "input " + ex.input() + " gave " + abbreviate(out) + "; " + mismatch;
  }

  /** Whether every field of {@code want} is in {@code got} with an equal value (objects recursively). */
  static String subset(String path, JsonNode want, JsonNode got) {
    if (want.isObject()) {
      if (!got.isObject()) {
        return "expected an object at " + (path.isEmpty() ? "the top" : path);
      }
      for (var e : want.properties()) {
        String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        if (!got.has(e.getKey())) {
          return "expected field " + p;
        }
        String m = subset(p, e.getValue(), got.get(e.getKey()));
        if (m != null) {
          return m;
        }
      }
      return null;
    }
    boolean equal = want.isNumber() && got.isNumber() ? want.decimalValue().compareTo(got.decimalValue()) == 0 : want.equals(got);
    return equal ? null : "expected " + path + " = " + want + ", got " + got;
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  /**
   * Installs a successful build into {@code toolsDir}: the manifest, the source beside it
   * ({@code NAME.java}, for the user to read and edit) and the module last, each written atomically,
   * so a watching server loads it once, complete. Call only after the user approved the summary.
   *
   * @return the installed module's path
   */
  public Path install(BuildResult build, Path toolsDir, BuildListener listener) {
    if (!build.ok()) {
      throw new ToolsmithException("not-installed", "the build failed; nothing was installed");
    }
    listener.event(new BuildEvent(Phase.INSTALL, Status.STARTED, ""));
    String name = build.manifest().name();
    try {
      Files.createDirectories(toolsDir);
      replace(toolsDir.resolve(name + ".json"), build.manifestJson().getBytes(StandardCharsets.UTF_8));
      replace(toolsDir.resolve(name + ".java"), build.source().getBytes(StandardCharsets.UTF_8));
      Path wasm = toolsDir.resolve(name + ".wasm");
      replace(wasm, build.wasm());
      listener.event(new BuildEvent(Phase.INSTALL, Status.OK, "installed " + name + " into " + toolsDir));
      return wasm;
    } catch (IOException e) {
      listener.event(new BuildEvent(Phase.INSTALL, Status.FAILED, e.getMessage()));
      throw new ToolsmithException("io", "cannot install " + name + " into " + toolsDir + ": " + e.getMessage(), e);
    }
  }

  private static void replace(Path target, byte[] bytes) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static BuildResult failed(String file, String source, Phase phase, List<Diagnostic> diags, long[] millis) {
    return new BuildResult(file, source, Optional.of(phase), List.copyOf(diags), null, null, null, "", List.of(), millis);
  }

  private static long errors(List<Diagnostic> diags) {
    return diags.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).count();
  }

  private static List<Diagnostic> diagnostics(JsonNode a) {
    List<Diagnostic> out = new ArrayList<>();
    for (JsonNode d : a) {
      out.add(new Diagnostic(Diagnostic.Severity.valueOf(d.path("severity").asString("ERROR")), d.path("file").asString(),
          d.path("line").asLong(), d.path("column").asLong(), d.path("message").asString()));
    }
    return out;
  }

  private static byte[] readCapped(Path p, int max) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      byte[] b = in.readNBytes(max + 1);
      if (b.length > max) {
        throw new IOException("the module is larger than " + max + " bytes");
      }
      return b;
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  /** Stops the build worker. */
  @Override
  public void close() {
    compiler.close();
  }
}

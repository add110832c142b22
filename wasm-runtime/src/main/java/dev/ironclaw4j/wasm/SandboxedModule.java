package dev.ironclaw4j.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Value;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A tool module checked against its manifest and the host ABI, metered ({@link Metering}) and
 * compiled once. Each call gets a fresh instance (fresh linear memory and fuel: nothing carries over
 * between calls), runs on the caller's thread under the manifest's wall-clock deadline and CPU budget,
 * in compiled mode as in the interpreter, and is bounded in memory and output.
 * Thread-safe.
 */
public final class SandboxedModule implements AutoCloseable {
  /** Largest module accepted. */
  public static final int MAX_MODULE_BYTES = 32 << 20;

  private final ToolManifest manifest;
  private final String sha256;
  private final WasmModule module;
  private final Mode mode;
  private final Function<Instance, Machine> machine;
  private final MemoryLimits memoryLimits;
  /** Set for a GC-profile module ({@link GcAbi}); null for a linear-memory one. */
  private final GcAbi.Layout gc;

  private SandboxedModule(ToolManifest manifest, String sha256, WasmModule module, Mode mode,
      Function<Instance, Machine> machine, MemoryLimits memoryLimits, GcAbi.Layout gc) {
    this.manifest = manifest;
    this.sha256 = sha256;
    this.module = module;
    this.mode = mode;
    this.machine = machine;
    this.memoryLimits = memoryLimits;
    this.gc = gc;
  }

  /** How far {@link #prepare} goes. */
  private enum Stage { CHECK, LOAD }

  /**
   * Checks and compiles a module.
   *
   * @throws SandboxException {@code malformed-module}, {@code import-not-allowed}, {@code missing-export}
   *     or {@code memory-too-large}, saying exactly what is wrong
   */
  public static SandboxedModule load(byte[] wasm, ToolManifest manifest, Mode mode) {
    SandboxedModule m = prepare(wasm, manifest, mode, Stage.LOAD, false);
    return m;
  }

  /**
   * Loads a module of either profile; for WASM-GC modules only inside a sandbox worker process
   * ({@link WorkerMain}), whose own {@code -Xmx} bounds the GC heap that Chicory does not.
   */
  static SandboxedModule loadInWorker(byte[] wasm, ToolManifest manifest, Mode mode) {
    return prepare(wasm, manifest, mode, Stage.LOAD, true);
  }

  /**
   * Checks a module of either profile against its manifest and the ABI without compiling or running
   * any of it (nothing of the module executes in this process): what the server does before it
   * hands a GC module to a worker.
   */
  static SandboxedModule check(byte[] wasm, ToolManifest manifest) {
    return prepare(wasm, manifest, Mode.INTERPRETER, Stage.CHECK, true);
  }

  /** Whether this is a WASM-GC module (host ABI 1, GC profile), which runs only in a sandbox worker. */
  public boolean gc() {
    return gc != null;
  }

  private static SandboxedModule prepare(byte[] wasm, ToolManifest manifest, Mode mode, Stage stage, boolean allowGc) {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(mode, "mode");
    String name = manifest.name();
    if (wasm == null || wasm.length == 0 || wasm.length > MAX_MODULE_BYTES) {
      throw new SandboxException("malformed-module", name + ": module must be 1 to " + MAX_MODULE_BYTES + " bytes");
    }
    WasmModule m;
    try {
      m = Parser.parse(wasm);
    } catch (RuntimeException | AssertionError | LinkageError | StackOverflowError e) {
      // Chicory's parser signals some malformed input with assertions (when enabled) or errors.
      throw new SandboxException("malformed-module", name + ": not a valid WebAssembly module: " + e.getMessage());
    }
    MemoryLimits limits = null;
    GcAbi.Layout gc = null;
    try {
      if (GcAbi.isGcProfile(m)) {
        if (!allowGc) {
          throw new SandboxException("needs-worker", name + ": is a WASM-GC module, whose heap Chicory does not bound;"
              + " it runs only in a sandbox worker process (WasmTool.load does that, with the manifest's limits.heap_mb)");
        }
        if (manifest.limits().heapMb() == 0) {
          throw new SandboxException("bad-manifest", "manifest refused: limits.heap_mb: missing (a WASM-GC module needs"
              + " the heap of its sandbox worker stated)");
        }
        // TeaVM initialises its runtime in the start function; it runs inside each call, metered.
        gc = GcAbi.check(name, m, manifest.limits().memoryPages());
      } else {
        if (m.startSection().isPresent()) {
          throw new SandboxException("malformed-module", name + ": has a start function; tool code may run only inside 'call'");
        }
        checkImports(name, m);
        checkExports(name, m);
        limits = memoryLimits(name, m, manifest.limits().memoryPages());
      }
    } catch (IndexOutOfBoundsException e) {
      // Chicory's parser leaves some index checks to validation at instantiation.
      throw new SandboxException("malformed-module", name + ": refers to a type or function that does not exist");
    }
    byte[] metered = Metering.instrument(name, wasm, manifest.limits().fuel());
    try {
      m = Parser.parse(metered);
    } catch (RuntimeException | AssertionError | LinkageError | StackOverflowError e) {
      // Chicory's parser signals some malformed input with assertions (when enabled) or errors.
      throw new SandboxException("malformed-module", name + ": the metered module does not validate: " + e.getMessage());
    }
    if (stage == Stage.CHECK) {
      return new SandboxedModule(manifest, sha256(wasm), m, mode, null, limits, gc);
    }
    Function<Instance, Machine> machine = null;
    if (mode == Mode.COMPILED) {
      try {
        machine = MachineFactoryCompiler.compile(m);
      } catch (RuntimeException | AssertionError | LinkageError | StackOverflowError e) {
        throw new SandboxException("malformed-module", name + ": cannot be compiled: " + e.getMessage());
      }
    }
    SandboxedModule loaded = new SandboxedModule(manifest, sha256(wasm), m, mode, machine, limits, gc);
    if (gc == null) {
      loaded.newInstance(new Invocation(manifest, HostServices.none()));
    } else {
      try {
        loaded.newGcInstance(new GcCall(new Invocation(manifest, HostServices.none()), "{}", 1));
      } catch (RuntimeException | StackOverflowError e) {
        throw new SandboxException("malformed-module", name + ": cannot be instantiated: " + e.getMessage());
      }
    }
    return loaded;
  }

  public ToolManifest manifest() {
    return manifest;
  }

  /** Hex SHA-256 of the module bytes. */
  public String sha256() {
    return sha256;
  }

  public Mode mode() {
    return mode;
  }

  /**
   * Runs the tool's {@code call} export on the JSON input and returns its JSON output.
   *
   * @throws SandboxException naming the tool: {@code trap}, {@code wall-time-exceeded},
   *     {@code cpu-budget-exceeded}, {@code output-too-large}, {@code bad-output}, {@code abi-violation}
   * @throws InterruptedException when the calling thread is interrupted (the call is stopped)
   */
  public String invoke(String inputJson, HostServices services) throws InterruptedException {
    return invoke(inputJson, new Invocation(manifest, services));
  }

  /** {@link #invoke(String, HostServices)} with the host calls served by {@code inv}. */
  String invoke(String inputJson, HostCalls inv) throws InterruptedException {
    // The call runs on the caller's thread (its thread-locals, e.g. the audit's call trace, see the
    // host calls); a watchdog interrupts that thread at the deadline, and host calls refuse to go on
    // after it, in case something on the way swallowed the interrupt.
    long ms = manifest.limits().wallTime().toMillis();
    Thread self = Thread.currentThread();
    AtomicInteger state = new AtomicInteger(RUNNING);
    ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
      if (state.compareAndSet(RUNNING, TIMED_OUT)) {
        self.interrupt();
      }
    }, ms, TimeUnit.MILLISECONDS);
    SandboxException timeout = new SandboxException("wall-time-exceeded",
        manifest.name() + " did not finish within " + ms + " ms and was stopped");
    Instance instance = null;
    try {
      String out;
      if (gc != null) {
        GcCall call = new GcCall(new Deadlined(inv, state, timeout), inputJson, manifest.limits().outputBytes());
        instance = newGcInstance(call);
        out = runGc(instance, call);
      } else {
        instance = newInstance(new Deadlined(inv, state, timeout));
        out = run(instance, inputJson);
      }
      if (state.get() == TIMED_OUT) {
        throw timeout;
      }
      return out;
    } catch (RuntimeException | StackOverflowError e) {
      if (state.get() == TIMED_OUT) {
        throw timeout;
      }
      if (instance != null && instance.exports().global(Metering.FUEL_EXPORT).getValue() < 0) {
        throw new SandboxException("cpu-budget-exceeded", manifest.name() + " used up its CPU budget of "
            + manifest.limits().fuel() + " and was stopped");
      }
      if (interrupted(e)) {
        throw new InterruptedException("the call of " + manifest.name() + " was interrupted");
      }
      throw failure(e);
    } finally {
      watchdog.cancel(false);
      if (!state.compareAndSet(RUNNING, DONE)) {
        Thread.interrupted(); // clear the watchdog's interrupt: it was meant for this call only
      }
    }
  }

  private static boolean interrupted(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof ChicoryInterruptedException) {
        return true;
      }
    }
    return false;
  }

  private static final int RUNNING = 0;
  private static final int DONE = 1;
  private static final int TIMED_OUT = 2;
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("wasm-deadline").factory());

  /** Host calls that refuse to start or return once the call's deadline has passed. */
  private record Deadlined(HostCalls inner, AtomicInteger state, SandboxException timeout) implements HostCalls {
    private void check() {
      if (state.get() == TIMED_OUT) {
        throw timeout;
      }
    }

    private <T> T guarded(java.util.function.Supplier<T> call) {
      check();
      T out = call.get();
      check();
      return out;
    }

    @Override
    public void log(int level, String text) {
      guarded(() -> {
        inner.log(level, text);
        return null;
      });
    }

    @Override
    public long clockMillis() {
      return guarded(inner::clockMillis);
    }

    @Override
    public boolean secretExists(String name) {
      return guarded(() -> inner.secretExists(name));
    }

    @Override
    public String http(String requestJson) {
      return guarded(() -> inner.http(requestJson));
    }

    @Override
    public String workspaceRead(String path) {
      return guarded(() -> inner.workspaceRead(path));
    }

    @Override
    public String kv(String requestJson) {
      return guarded(() -> inner.kv(requestJson));
    }

    @Override
    public String invokeTool(String requestJson) {
      return guarded(() -> inner.invokeTool(requestJson));
    }
  }

  private String run(Instance instance, String inputJson) {
    long packedIn = HostAbi.writeString(instance, inputJson);
    long packed = instance.export(HostAbi.EXPORT_CALL).apply(packedIn >>> 32, packedIn & 0xffffffffL)[0];
    int ptr = (int) (packed >>> 32);
    long len = packed & 0xffffffffL;
    if (len > manifest.limits().outputBytes()) {
      throw new SandboxException("output-too-large",
          manifest.name() + " returned " + len + " bytes; its manifest allows " + manifest.limits().outputBytes());
    }
    Memory mem = instance.memory();
    HostAbi.checkBounds(mem, ptr, (int) len);
    String out;
    try {
      out = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(mem.readBytes(ptr, (int) len))).toString();
    } catch (CharacterCodingException e) {
      throw new SandboxException("bad-output", manifest.name() + " returned output that is not UTF-8");
    }
    return checkOutput(out);
  }

  private String runGc(Instance instance, GcCall call) {
    instance.export(HostAbi.EXPORT_CALL).apply();
    String out = call.output();
    if (out == null) {
      throw new SandboxException("bad-output", manifest.name() + " returned no output (it never called 'output')");
    }
    int bytes = out.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > manifest.limits().outputBytes()) {
      throw new SandboxException("output-too-large",
          manifest.name() + " returned " + bytes + " bytes; its manifest allows " + manifest.limits().outputBytes());
    }
    return checkOutput(out);
  }

  private String checkOutput(String out) {
    JsonNode parsed;
    try {
      parsed = Invocation.JSON.readTree(out);
    } catch (JacksonException e) {
      throw new SandboxException("bad-output", manifest.name() + " returned output that is not JSON");
    }
    if (parsed == null || parsed.isMissingNode()) {
      throw new SandboxException("bad-output", manifest.name() + " returned no output");
    }
    List<String> problems = dev.ironclaw4j.guard.tool.InputSchema.validate(manifest.outputSchema(), parsed);
    if (!problems.isEmpty()) {
      throw new SandboxException("bad-output", manifest.name() + " returned output that does not match its output_schema: "
          + String.join("; ", problems));
    }
    return out;
  }

  private SandboxException failure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SandboxException s) {
        return s;
      }
    }
    if (t instanceof StackOverflowError) {
      return new SandboxException("trap", manifest.name() + " trapped: call stack exhausted");
    }
    if (t instanceof com.dylibso.chicory.runtime.WasmException) {
      return new SandboxException("trap", manifest.name() + " threw an exception that it did not catch");
    }
    return new SandboxException("trap", manifest.name() + " trapped: " + t.getMessage(), t);
  }

  private Instance newInstance(HostCalls inv) {
    Instance.Builder b = Instance.builder(module)
        .withMemoryLimits(memoryLimits)
        .withImportValues(ImportValues.builder().addFunction(HostAbi.functions(inv)).build());
    if (machine != null) {
      b.withMachineFactory(machine);
    }
    try {
      return b.build();
    } catch (RuntimeException | AssertionError | LinkageError e) {
      if (e instanceof SandboxException s) {
        throw s;
      }
      throw new SandboxException("malformed-module", manifest.name() + ": cannot be instantiated: " + e.getMessage());
    }
  }

  /** An instance of a GC-profile module: TeaVM's imported memory and globals, the call's host functions. */
  private Instance newGcInstance(GcCall call) {
    ImportValues.Builder ib = ImportValues.builder().withFunctions(new java.util.ArrayList<>(GcAbi.functions(gc, module, call)));
    for (int i = 0; i < module.importSection().importCount(); i++) {
      Import imp = module.importSection().getImport(i);
      if (imp.importType() == ExternalType.MEMORY) {
        ib.addMemory(new ImportMemory(imp.module(), imp.name(),
            new ByteArrayMemory(new MemoryLimits(gc.memoryInitial(), gc.memoryMax()))));
      } else if (imp.importType() == ExternalType.GLOBAL) {
        int v = imp.name().equals("heapOffset") ? gc.heapOffset() : gc.memoryMax() * Memory.PAGE_SIZE;
        ib.addGlobal(new ImportGlobal(imp.module(), imp.name(), new GlobalInstance(Value.i32(v))));
      }
    }
    Instance.Builder b = Instance.builder(module).withImportValues(ib.build());
    if (machine != null) {
      b.withMachineFactory(machine);
    }
    return b.build();
  }

  private static void checkImports(String name, WasmModule m) {
    for (int i = 0; i < m.importSection().importCount(); i++) {
      Import imp = m.importSection().getImport(i);
      String what = "'" + imp.module() + "." + imp.name() + "'";
      if (!(imp instanceof FunctionImport fi)) {
        throw new SandboxException("import-not-allowed", name + ": imports " + what + " (" + imp.importType()
            + "); host ABI " + ToolManifest.ABI_VERSION + " offers only functions from " + HostAbi.MODULE);
      }
      FunctionType want = HostAbi.IMPORTS.get(imp.name());
      if (!imp.module().equals(HostAbi.MODULE) || want == null) {
        throw new SandboxException("import-not-allowed", name + ": imports " + what + ", which is not in host ABI "
            + ToolManifest.ABI_VERSION + " (allowed: " + HostAbi.MODULE + "." + String.join(", ", HostAbi.IMPORTS.keySet().stream().sorted().toList()) + ")");
      }
      FunctionType got = m.typeSection().getType(fi.typeIndex());
      if (!got.equals(want)) {
        throw new SandboxException("import-not-allowed", name + ": imports " + what + " as " + got + "; the ABI type is " + want);
      }
    }
  }

  private static void checkExports(String name, WasmModule m) {
    boolean memory = false;
    boolean alloc = false;
    boolean call = false;
    int imported = m.importSection().count(ExternalType.FUNCTION);
    for (int i = 0; i < m.exportSection().exportCount(); i++) {
      Export e = m.exportSection().getExport(i);
      if (e.name().startsWith("__ironclaw")) {
        throw new SandboxException("malformed-module", name + ": export names starting with __ironclaw are reserved for the host");
      }
      if (e.exportType() == ExternalType.MEMORY && e.name().equals(HostAbi.EXPORT_MEMORY)) {
        memory = true;
      }
      if (e.exportType() == ExternalType.FUNCTION && (e.name().equals(HostAbi.EXPORT_ALLOC) || e.name().equals(HostAbi.EXPORT_CALL))) {
        FunctionType want = e.name().equals(HostAbi.EXPORT_ALLOC) ? HostAbi.ALLOC_TYPE : HostAbi.CALL_TYPE;
        if (e.index() < imported) {
          throw new SandboxException("missing-export", name + ": export '" + e.name() + "' must be defined by the module");
        }
        FunctionType got = m.typeSection().getType(m.functionSection().getFunctionType(e.index() - imported));
        if (!got.equals(want)) {
          throw new SandboxException("missing-export", name + ": export '" + e.name() + "' has type " + got + "; the ABI needs " + want);
        }
        alloc |= e.name().equals(HostAbi.EXPORT_ALLOC);
        call |= e.name().equals(HostAbi.EXPORT_CALL);
      }
    }
    if (!memory || !alloc || !call) {
      throw new SandboxException("missing-export", name + ": a tool module must export 'memory', 'alloc' (i32)->i32 and 'call' (i32,i32)->i64"
          + " (missing:" + (memory ? "" : " memory") + (alloc ? "" : " alloc") + (call ? "" : " call") + ")");
    }
  }

  private static MemoryLimits memoryLimits(String name, WasmModule m, int allowedPages) {
    var section = m.memorySection();
    if (section.isEmpty() || section.get().memoryCount() != 1) {
      throw new SandboxException("missing-export", name + ": a tool module must define exactly one linear memory");
    }
    MemoryLimits declared = section.get().getMemory(0).limits();
    if (declared.shared()) {
      throw new SandboxException("import-not-allowed", name + ": shared memory is not supported");
    }
    if (declared.initialPages() > allowedPages) {
      throw new SandboxException("memory-too-large", name + ": the module starts with " + declared.initialPages()
          + " pages of memory; its manifest allows " + allowedPages);
    }
    return new MemoryLimits(declared.initialPages(), Math.min(declared.maximumPages(), allowedPages));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Nothing to release today (calls run on their callers' threads); kept so holders can close. */
  @Override
  public void close() {}
}

package dev.ironclaw4j.wasm;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressPolicy;
import dev.ironclaw4j.guard.tool.Effect;
import dev.ironclaw4j.guard.tool.Tool;
import dev.ironclaw4j.guard.tool.ToolContext;
import dev.ironclaw4j.guard.tool.ToolException;
import dev.ironclaw4j.guard.tool.ToolSpec;
import dev.ironclaw4j.guard.vault.SecretLookup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * A WASM module as a {@link Tool}: it runs only through the {@code ToolInvoker} pipeline like any
 * other tool. Its {@link ToolSpec#capabilityDigest()} is the SHA-256 of the module bytes and the
 * canonical manifest, so any change of code or grants voids "allow for this session" approvals. Its
 * output is always treated as untrusted content (the code is untrusted). Effects follow the manifest:
 * HTTP rules → {@link Effect#NETWORK}, secrets → {@link Effect#USE_SECRET}, workspace prefixes →
 * {@link Effect#READ_PRIVATE}.
 */
public final class WasmTool implements Tool, AutoCloseable {
  private final SandboxedModule module;
  private final WorkerSandbox worker;
  private final HostServices services;
  private final ToolCaller tools;
  private final ToolSpec spec;

  /** Deepest chain of WASM tools invoking WASM tools. */
  public static final int MAX_INVOKE_DEPTH = 4;
  private static final String HOP = ">wasm:";

  private WasmTool(SandboxedModule module, WorkerSandbox worker, HostServices services, ToolCaller tools) {
    this.module = module;
    this.worker = worker;
    this.services = services;
    this.tools = tools;
    ToolManifest m = module.manifest();
    Set<Effect> effects = EnumSet.noneOf(Effect.class);
    if (!m.http().isEmpty()) {
      effects.add(Effect.NETWORK);
    }
    if (!m.secrets().isEmpty()) {
      effects.add(Effect.USE_SECRET);
    }
    if (!m.workspaceRead().isEmpty()) {
      effects.add(Effect.READ_PRIVATE);
    }
    this.spec = new ToolSpec(m.name(), m.description(), m.inputSchema(), effects, "wasm", true,
        capabilityDigest(module.sha256(), m));
  }

  /**
   * Loads a tool: checks the module against the manifest and the ABI, and makes its egress client
   * (only if the manifest has HTTP rules).
   *
   * @throws dev.ironclaw4j.wasm.SandboxException when the module is refused, with the reason
   */
  public static WasmTool load(byte[] wasm, ToolManifest manifest, Mode mode, EgressFactory egress,
      SecretLookup secrets, Consumer<String> log) {
    Objects.requireNonNull(egress, "egress");
    return load(wasm, manifest, mode, 0, egress, secrets, log);
  }

  /**
   * As {@link #load(byte[], ToolManifest, Mode, EgressFactory, SecretLookup, Consumer)}, but with
   * {@code workerHeapMb > 0} every call runs in a sandbox worker process with that heap
   * ({@link WorkerSandbox}); the module is still checked in-process first, so refusals are the same.
   * A WASM-GC module (TeaVM output, host ABI 1 GC profile) always runs in a worker, with the heap its
   * manifest states ({@code limits.heap_mb}), whatever {@code workerHeapMb} says.
   */
  public static WasmTool load(byte[] wasm, ToolManifest manifest, Mode mode, int workerHeapMb, EgressFactory egress,
      SecretLookup secrets, Consumer<String> log) {
    return load(wasm, manifest, mode, workerHeapMb, egress, secrets, log, Optional.empty(), KvStore.inMemory(), Optional.empty());
  }

  /**
   * The full form: {@code workspace} is the root that the manifest's {@code workspace_read} prefixes
   * are relative to (empty: every read is denied); {@code kv} is this tool's own store; {@code tools}
   * serves {@code invoke_tool} (pass {@code ToolInvoker::call}; empty: every invocation is refused).
   */
  public static WasmTool load(byte[] wasm, ToolManifest manifest, Mode mode, int workerHeapMb, EgressFactory egress,
      SecretLookup secrets, Consumer<String> log, Optional<Path> workspace, KvStore kv, Optional<ToolCaller> tools) {
    Objects.requireNonNull(tools, "tools");
    Objects.requireNonNull(kv, "kv");
    Objects.requireNonNull(egress, "egress");
    Objects.requireNonNull(workspace, "workspace");
    // A WASM-GC module is only checked here (none of it runs in this process) and always runs in a
    // sandbox worker whose heap is the manifest's limits.heap_mb: Chicory does not bound a GC heap.
    SandboxedModule checked = SandboxedModule.check(wasm, manifest);
    SandboxedModule module = checked.gc() ? checked : SandboxedModule.load(wasm, manifest, mode);
    int heap = checked.gc() ? manifest.limits().heapMb() : workerHeapMb;
    WorkerSandbox worker = null;
    try {
      worker = heap > 0 ? WorkerSandbox.start(wasm, manifest, mode, heap) : null;
      Optional<Egress> client = manifest.http().isEmpty() ? Optional.empty()
          : Optional.of(egress.create(EgressPolicy.of(manifest.http())));
      return new WasmTool(module, worker, new HostServices(client, secrets, log, Clock.systemUTC(), workspace, kv, Optional.empty()),
          tools.orElse(null));
    } catch (RuntimeException e) {
      module.close();
      if (worker != null) {
        worker.close();
      }
      throw e;
    }
  }

  /** SHA-256 over the module's SHA-256 and the canonical manifest. */
  public static String capabilityDigest(String moduleSha256, ToolManifest manifest) {
    byte[] text = ("ironclaw4j-wasm-tool/1\n" + moduleSha256 + "\n" + manifest.canonicalJson()).getBytes(StandardCharsets.UTF_8);
    return "sha256:" + SandboxedModule.sha256(text);
  }

  @Override
  public ToolSpec spec() {
    return spec;
  }

  /** SHA-256 of the module bytes. */
  public String moduleSha256() {
    return module.sha256();
  }

  public ToolManifest manifest() {
    return module.manifest();
  }

  @Override
  public String execute(JsonNode input, ToolContext context) throws InterruptedException {
    try {
      HostServices s = tools == null || manifest().invoke().isEmpty() ? services : services.withTools(nested(context));
      return worker != null ? worker.invoke(input.toString(), s) : module.invoke(input.toString(), s);
    } catch (SandboxException e) {
      String reason = e.reason().equals("wall-time-exceeded") ? "timeout" : "tool-failed";
      throw new ToolException(reason, "wasm tool " + spec.name() + " failed (" + e.reason() + "): " + e.getMessage(), e);
    }
  }

  /** Calls from this tool run through the pipeline as the same session and channel, one hop deeper. */
  private java.util.function.BiFunction<String, String, String> nested(ToolContext context) {
    String caller = context.caller() + HOP + spec.name();
    int depth = (caller.length() - caller.replace(HOP, "").length()) / HOP.length();
    ToolContext inner = new ToolContext(context.sessionId(), context.channel(), caller, context.approver());
    return (tool, inputJson) -> {
      if (depth >= MAX_INVOKE_DEPTH) {
        throw new SandboxException("invoke-depth", spec.name() + ": tools may call tools at most " + MAX_INVOKE_DEPTH + " deep");
      }
      return tools.call(tool, inputJson, inner).content();
    };
  }

  @Override
  public void close() {
    module.close();
    if (worker != null) {
      worker.close();
    }
    services.egress().ifPresent(Egress::close);
  }
}

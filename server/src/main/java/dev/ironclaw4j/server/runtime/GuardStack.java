package dev.ironclaw4j.server.runtime;

import dev.ironclaw4j.guard.audit.AuditLog;
import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressPolicy;
import dev.ironclaw4j.guard.egress.EgressRule;
import dev.ironclaw4j.guard.leak.LeakDetector;
import dev.ironclaw4j.guard.redact.RedactionHook;
import dev.ironclaw4j.guard.safety.SafetyConfig;
import dev.ironclaw4j.guard.safety.SafetyLayer;
import dev.ironclaw4j.guard.safety.ToolOutputInspector;
import dev.ironclaw4j.guard.tool.ApprovalPolicy;
import dev.ironclaw4j.guard.tool.RateLimiter;
import dev.ironclaw4j.guard.tool.ToolInvoker;
import dev.ironclaw4j.guard.tool.ToolRegistry;
import dev.ironclaw4j.guard.vault.KnownSecrets;
import dev.ironclaw4j.guard.vault.SecretBinding;
import dev.ironclaw4j.guard.vault.SecretInfo;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.server.audit.EgressAuditAdapter;
import dev.ironclaw4j.server.audit.JdbcAuditStore;
import dev.ironclaw4j.server.config.ApprovalRules;
import dev.ironclaw4j.server.home.Home;
import dev.ironclaw4j.server.memory.Embedder;
import dev.ironclaw4j.server.memory.Embedders;
import dev.ironclaw4j.server.memory.Memory;
import dev.ironclaw4j.server.memory.MemoryOptions;
import dev.ironclaw4j.server.memory.MemoryTools;
import dev.ironclaw4j.server.memory.RecallFence;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.config.ConfigKeys;
import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.tools.BuiltinTools;
import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.wasm.Mode;
import dev.ironclaw4j.wasm.ToolDirectory;
import dev.ironclaw4j.wasm.WasmTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The guard kernel assembled for one process: audit log, leak detector (fed by the vault when it is
 * unlocked), egress (policy = {@code egress.allow} + the vault's secret bindings), safety layer, the
 * built-in tools and the one {@link ToolInvoker}. Nothing here is global: whoever needs a part is handed
 * this object.
 */
public final class GuardStack implements AutoCloseable {
  /** How long one tool call may run. */
  public static final Duration TOOL_DEADLINE = Duration.ofSeconds(60);
  /** Default rate limits: per tool and per session, per minute. */
  public static final RateLimiter.Limits RATE_LIMITS = new RateLimiter.Limits(60, 120, Duration.ofMinutes(1));

  public final AuditLog audit;
  public final LeakDetector leaks;
  public final Egress egress;
  public final ToolOutputInspector inspector;
  public final ToolRegistry tools;
  public final ApprovalPolicy approvals;
  public final ToolInvoker invoker;
  /** Hot-loaded WASM tools from the home's tools/ folder (null when no home was given). */
  public final ToolDirectory wasmTools;
  /** The memory behind the memory_* tools (null when no home was given). */
  public final Memory memory;
  private final Embedder embedder;
  private final Function<EgressPolicy, Egress> egressFor;

  private GuardStack(AuditLog audit, LeakDetector leaks, Egress egress, ToolOutputInspector inspector, ToolRegistry tools,
      ApprovalPolicy approvals, ToolInvoker invoker, ToolDirectory wasmTools, Memory memory, Embedder embedder,
      Function<EgressPolicy, Egress> egressFor) {
    this.audit = audit;
    this.leaks = leaks;
    this.egress = egress;
    this.inspector = inspector;
    this.tools = tools;
    this.approvals = approvals;
    this.invoker = invoker;
    this.wasmTools = wasmTools;
    this.memory = memory;
    this.embedder = embedder;
    this.egressFor = egressFor;
  }

  /**
   * An egress client with this policy and everything else of this stack (leak detector, the vault's
   * secrets and bindings when unlocked, audit): what a WASM tool gets for its manifest's rules.
   */
  public Egress egressFor(EgressPolicy policy) {
    return egressFor.apply(policy);
  }

  /**
   * Assembles the stack. {@code vault} is used only if it is unlocked: then its values feed the leak
   * detector and the log redaction, and its bindings become allow rules and injection points.
   */
  public static GuardStack open(Config config, Database db, RedactionHook redaction, Optional<Vault> vault) {
    return open(config, db, redaction, vault, null);
  }

  /**
   * As above, also with the home's tools: the WASM tools of {@code tools/} ({@code NAME.wasm} +
   * {@code NAME.json}), watched so installed, changed and removed tools take effect without a restart,
   * and the memory tools over the home's memory index.
   */
  public static GuardStack open(Config config, Database db, RedactionHook redaction, Optional<Vault> vault, Home home) {
    Path toolsDir = home == null ? null : home.toolsDir();
    Optional<Vault> unlocked = vault.filter(Vault::isUnlocked);
    AuditLog audit = new AuditLog(new JdbcAuditStore(db), Clock.systemUTC());
    LeakDetector leaks = new LeakDetector(unlocked.<KnownSecrets>map(v -> v).orElse(KnownSecrets.NONE));
    redaction.register(leaks.asRedactor());

    List<EgressRule> rules = new ArrayList<>(EgressPolicy.parse(config.stringList(ConfigKeys.EGRESS_ALLOW)).rules());
    List<SecretInfo> secrets = unlocked.map(Vault::list).orElse(List.of());
    for (SecretInfo s : secrets) {
      for (SecretBinding b : s.bindings()) {
        rules.add(EgressRule.of(b));
      }
    }
    EgressAuditAdapter egressAudit = new EgressAuditAdapter(audit);
    Function<EgressPolicy, Egress> egressFor = policy -> {
      Egress.Builder eb = Egress.builder().policy(policy).leakScanner(leaks).audit(egressAudit);
      unlocked.ifPresent(eb::secrets);
      return eb.build();
    };
    Egress egress = egressFor.apply(EgressPolicy.of(rules));

    SafetyLayer safety = new SafetyLayer(SafetyConfig.defaults());
    ToolOutputInspector inspector = new ToolOutputInspector(safety);
    ToolRegistry tools = new ToolRegistry();
    BuiltinTools.all(egress, () -> unlocked.map(Vault::list).orElse(List.of()), Clock.systemUTC()).forEach(tools::register);
    ApprovalPolicy approvals = ApprovalRules.parse(config.stringList(ConfigKeys.TOOLS_APPROVAL));
    ToolInvoker invoker = new ToolInvoker(tools, approvals, new RateLimiter(RATE_LIMITS, System::nanoTime),
        leaks, inspector, audit, TOOL_DEADLINE);
    ToolDirectory wasmTools = null;
    if (toolsDir != null) {
      SecretLookup lookup = unlocked.<SecretLookup>map(v -> v).orElse(SecretLookup.NONE);
      System.Logger log = System.getLogger("ironclaw4j.tools");
      // Each WASM tool gets its own egress client whose policy is exactly its manifest's HTTP rules.
      wasmTools = new ToolDirectory(toolsDir, tools,
          (wasm, manifest) -> WasmTool.load(wasm, manifest, Mode.COMPILED, egressFor::apply, lookup,
              line -> log.log(System.Logger.Level.INFO, "[" + manifest.name() + "] " + line)),
          line -> log.log(System.Logger.Level.INFO, line));
      try {
        Files.createDirectories(toolsDir);
        wasmTools.start();
      } catch (IOException e) {
        log.log(System.Logger.Level.WARNING, "cannot watch " + toolsDir + ": " + e.getMessage());
      }
    }
    Memory memory = null;
    Embedder embedder = null;
    if (home != null) {
      embedder = Embedders.create(config, egress);
      try {
        memory = Memory.open(db, Memory.indexDir(home.dataDir()), embedder, leaks, MemoryOptions.defaults());
      } catch (RuntimeException e) {
        if (embedder instanceof AutoCloseable c) {
          closeQuietly(c);
        }
        if (wasmTools != null) {
          wasmTools.close();
        }
        throw e;
      }
      MemoryTools.create(memory, new RecallFence(safety, inspector::wrapper)).forEach(tools::register);
    }
    return new GuardStack(audit, leaks, egress, inspector, tools, approvals, invoker, wasmTools, memory, embedder, egressFor);
  }

  @Override
  public void close() {
    if (wasmTools != null) {
      wasmTools.close();
    }
    invoker.close();
    if (memory != null) {
      memory.close();
    }
    if (embedder instanceof AutoCloseable c) {
      closeQuietly(c);
    }
    egress.close();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // on the way out; nothing the user can act on
    }
  }
}

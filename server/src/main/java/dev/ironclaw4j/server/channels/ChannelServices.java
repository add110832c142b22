package dev.ironclaw4j.server.channels;

import dev.ironclaw4j.guard.audit.AuditEvent;
import dev.ironclaw4j.guard.audit.AuditRecord;
import dev.ironclaw4j.guard.audit.AuditStore;
import dev.ironclaw4j.guard.egress.EgressRule;
import dev.ironclaw4j.guard.leak.LeakDetector;
import dev.ironclaw4j.guard.tool.Approver;
import dev.ironclaw4j.guard.tool.ToolContext;
import dev.ironclaw4j.guard.tool.ToolException;
import dev.ironclaw4j.guard.tool.ToolResult;
import dev.ironclaw4j.guard.tool.ToolSpec;
import dev.ironclaw4j.guard.vault.Injection;
import dev.ironclaw4j.guard.vault.SecretBinding;
import dev.ironclaw4j.guard.vault.SecretInfo;
import dev.ironclaw4j.guard.vault.SecretValue;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.guard.vault.VaultException;
import dev.ironclaw4j.server.Version;
import dev.ironclaw4j.server.memory.MemoryException;
import dev.ironclaw4j.server.memory.SearchHit;
import dev.ironclaw4j.server.runtime.GuardStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What the editor channels (LSP and ACP) offer besides chat, over the one guard stack of the process:
 * the tool list and tool calls (always through the {@link dev.ironclaw4j.guard.tool.ToolInvoker} with
 * the channel's approver), the vault's secret names and new secrets, the audit log, memory search, and
 * the leak detector for secret diagnostics. Protocol-neutral: the LSP and ACP servers turn these
 * records into their own JSON.
 *
 * <p>When the database could not be opened (another process holds the embedded database) the services
 * run degraded: the leak detector works on patterns, every other call answers
 * {@link ChannelException#DATABASE_UNAVAILABLE} with the reason.
 */
public final class ChannelServices {
  /** Longest tool input accepted from an editor, in characters (the pipeline caps outputs). */
  public static final int MAX_TOOL_INPUT_CHARS = 256 * 1024;
  /** Most audit records or memory hits one request returns. */
  public static final int MAX_RESULTS = 1000;

  /** What {@code status} reports. {@code vault} is {@code absent}, {@code locked} or {@code unlocked}. */
  public record Status(String version, String vault, boolean model, boolean agent, int tools, String database) {}

  /** A tool as an editor lists it. */
  public record ToolInfo(String name, String description, List<String> effects, String source) {}

  /** How a tool call ended: {@code output} is what the model would see, or why the call was refused. */
  public record CallOutcome(boolean ok, String output, String reason) {}

  /** A secret as an editor lists it: never the value. {@code lastUsed} is an ISO instant or null. */
  public record SecretEntry(String name, List<String> bindings, String lastUsed, String state) {}

  /** One audit record, as stored (no payloads, no values). */
  public record AuditEntry(long seq, String at, String kind, String actor, String session, String subject,
      String decision, String reason, String approver, List<String> destinations, long durationMs, String outcome) {}

  /** One memory hit, for a human: the text, where it comes from, and whether it is trusted. */
  public record MemoryHit(String path, int startLine, int endLine, String text, double score, String trust,
      String provenance) {}

  private final GuardStack stack;
  private final Optional<Vault> vault;
  private final BooleanSupplier modelConfigured;
  private final boolean agentPresent;
  private final String unavailable;
  private final LeakDetector leaks;
  private volatile ToolBuilds builds;

  private ChannelServices(GuardStack stack, Optional<Vault> vault, BooleanSupplier modelConfigured, boolean agentPresent,
      String unavailable) {
    this.stack = stack;
    this.vault = vault;
    this.modelConfigured = modelConfigured;
    this.agentPresent = agentPresent;
    this.unavailable = unavailable;
    this.leaks = stack != null ? stack.leaks : new LeakDetector();
  }

  /**
   * Services over a guard stack. {@code vault} is the process's vault, locked or not (empty when there
   * is no vault store at all); the stack was built with it, so an unlocked vault's values feed the leak
   * detector. {@code modelConfigured} says whether the agent core has a chat model.
   */
  public static ChannelServices of(GuardStack stack, Optional<Vault> vault, boolean agentPresent,
      BooleanSupplier modelConfigured) {
    return new ChannelServices(Objects.requireNonNull(stack), vault, modelConfigured, agentPresent, null);
  }

  /** Services without a database: pattern diagnostics only, everything else answers {@code why}. */
  public static ChannelServices degraded(String why) {
    return new ChannelServices(null, Optional.empty(), () -> false, false, Objects.requireNonNull(why));
  }

  /** The leak detector: the vault's own values (while unlocked) and the credential patterns. */
  public LeakDetector leaks() {
    return leaks;
  }

  /** Whether the database is there; when false every call but {@link #leaks()} and {@link #status()} fails. */
  public boolean available() {
    return unavailable == null;
  }

  public Status status() {
    return new Status(Version.get(), vaultState(), agentPresent && modelConfigured.getAsBoolean(), agentPresent,
        stack == null ? 0 : stack.tools.specs().size(), unavailable == null ? "ok" : "unavailable");
  }

  /** {@code absent}, {@code locked} or {@code unlocked}. */
  public String vaultState() {
    if (vault.isEmpty()) {
      return "absent";
    }
    Vault v = vault.get();
    try {
      if (!v.isInitialized()) {
        return "absent";
      }
    } catch (RuntimeException e) {
      return "locked";
    }
    return v.isUnlocked() ? "unlocked" : "locked";
  }

  // ---- tools -----------------------------------------------------------------------------------

  public List<ToolInfo> tools() {
    requireDatabase();
    List<ToolInfo> out = new ArrayList<>();
    for (ToolSpec t : stack.tools.specs()) {
      out.add(new ToolInfo(t.name(), t.description(), effects(t), t.source()));
    }
    return out;
  }

  /** A tool's effects by name (lower case), empty when there is no such tool or no database. */
  public List<String> effectsOf(String tool) {
    if (stack == null || tool == null) {
      return List.of();
    }
    return stack.tools.specs().stream().filter(t -> t.name().equals(tool)).findFirst().map(ChannelServices::effects)
        .orElse(List.of());
  }

  static List<String> effects(ToolSpec t) {
    return t.effects().stream().map(e -> e.name().toLowerCase(Locale.ROOT)).sorted().toList();
  }

  /**
   * Calls a tool through the one pipeline (validation, approval with {@code approver}, rate limits,
   * egress, leak redaction, safety, audit). A refusal or failure is an outcome, not an exception: the
   * editor shows it.
   */
  public CallOutcome callTool(String name, String inputJson, String sessionId, String channel, String caller,
      Approver approver) {
    requireDatabase();
    if (name == null || name.isBlank()) {
      throw ChannelException.invalid("name is required");
    }
    String input = inputJson == null || inputJson.isBlank() ? "{}" : inputJson;
    if (input.length() > MAX_TOOL_INPUT_CHARS) {
      throw new ChannelException(ChannelException.TOO_LARGE, "too-large",
          "tool input is " + input.length() + " characters; the limit is " + MAX_TOOL_INPUT_CHARS);
    }
    try {
      ToolResult r = stack.invoker.call(name, input, new ToolContext(sessionId, channel, caller, Optional.ofNullable(approver)));
      return new CallOutcome(true, r.content(), r.verdict());
    } catch (ToolException e) {
      return new CallOutcome(false, e.getMessage(), e.reason());
    }
  }

  /** Forgets the "allow for this session" answers of a channel session. */
  public void endSession(String sessionId) {
    if (stack != null) {
      stack.invoker.endSession(sessionId);
    }
  }

  /** Gives the channels the toolsmith (a process with a home has one; the owner closes it). */
  public ChannelServices withToolBuilds(ToolBuilds b) {
    this.builds = Objects.requireNonNull(b, "builds");
    return this;
  }

  /** Whether {@link #buildTool} can work here. */
  public boolean canBuildTools() {
    return builds != null && available();
  }

  /**
   * Builds a Java tool source with the toolsmith; installs it only when {@code install} and the human
   * approved its capability summary through {@code approver}.
   */
  public ToolBuilds.Built buildTool(String path, boolean install, Approver approver, Consumer<String> progress) {
    requireDatabase();
    if (path == null || path.isBlank()) {
      throw ChannelException.invalid("path is required");
    }
    if (builds == null) {
      throw new ChannelException(ChannelException.NOT_AVAILABLE, "toolsmith-unavailable",
          "the toolsmith needs the ironclaw4j home (tools are installed into its tools/ folder)");
    }
    Path file;
    try {
      file = Path.of(path.startsWith("file://") ? java.net.URI.create(path).getPath() : path);
    } catch (IllegalArgumentException e) {
      throw ChannelException.invalid("not a file path: " + path);
    }
    return builds.build(file, install, approver, progress);
  }

  // ---- vault -------------------------------------------------------------------------------------

  public List<SecretEntry> secrets() {
    Vault v = unlockedVault();
    List<SecretEntry> out = new ArrayList<>();
    for (SecretInfo s : v.list()) {
      out.add(new SecretEntry(s.name(), s.bindings().stream().map(b -> b.ruleText() + " -> " + b.injection().format()).toList(),
          s.lastUsedAt() == null ? null : s.lastUsedAt().toString(), s.state().name().toLowerCase(Locale.ROOT)));
    }
    return out;
  }

  /** Whether a secret of that name exists (false while locked). */
  public boolean hasSecret(String name) {
    return vault.filter(Vault::isUnlocked).map(v -> v.names().contains(name)).orElse(false);
  }

  /**
   * Stores a secret. The value is copied into the vault and {@code value} is wiped before returning;
   * it is never logged, echoed or audited (the audit record names the secret only).
   *
   * @param bind where it may be sent ({@code 'URL [METHODS]'}), may be empty
   * @param inject how it is placed in a request; required when {@code bind} is not empty
   */
  public void setSecret(String name, char[] value, List<String> bind, String inject, String channel) {
    try {
      if (name == null || !Vault.NAME.matcher(name).matches()) {
        throw ChannelException.invalid("a secret name is letters, digits and underscores, starting with a letter or"
            + " underscore, at most 64 characters");
      }
      if (value == null || value.length == 0) {
        throw ChannelException.invalid("value is required");
      }
      List<SecretBinding> bindings = bindings(bind == null ? List.of() : bind, inject);
      Vault v = unlockedVault();
      SecretValue sv = SecretValue.ofChars(name, value);
      try {
        v.set(name, sv, bindings, null);
      } catch (VaultException e) {
        audit("secret.set", channel, name, "denied", e.reason());
        throw new ChannelException(ChannelException.INVALID_PARAMS, e.reason(), e.getMessage());
      } finally {
        sv.wipe();
      }
      audit("secret.set", channel, name, "allowed", bindings.size() + " binding(s)");
    } finally {
      if (value != null) {
        Arrays.fill(value, '\0');
      }
    }
  }

  /** Removes a secret (used to undo a move the editor refused to apply). */
  public boolean removeSecret(String name, String channel) {
    boolean removed = unlockedVault().remove(name);
    if (removed) {
      audit("secret.rm", channel, name, "allowed", "");
    }
    return removed;
  }

  static List<SecretBinding> bindings(List<String> binds, String inject) {
    if (binds.isEmpty()) {
      if (inject != null && !inject.isBlank()) {
        throw ChannelException.invalid("inject needs at least one bind URL");
      }
      return List.of();
    }
    if (inject == null || inject.isBlank()) {
      throw ChannelException.invalid("bind needs inject (bearer, basic:USER, header:NAME[:PREFIX] or query:PARAM)");
    }
    try {
      Injection injection = Injection.parse(inject);
      List<SecretBinding> out = new ArrayList<>();
      for (String b : binds) {
        SecretBinding binding = SecretBinding.parse(b, injection);
        EgressRule.of(binding); // the parser egress matches with: refuse what egress could never match
        out.add(binding);
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw ChannelException.invalid(e.getMessage());
    }
  }

  private Vault unlockedVault() {
    requireDatabase();
    String state = vaultState();
    if (state.equals("absent")) {
      throw new ChannelException(ChannelException.VAULT_UNAVAILABLE, "vault-absent",
          "there is no vault yet: create one with 'ironclaw4j vault init', then restart the editor's ironclaw4j");
    }
    if (state.equals("locked")) {
      throw new ChannelException(ChannelException.VAULT_UNAVAILABLE, "vault-locked",
          "the vault is locked: start ironclaw4j with IRONCLAW4J_VAULT_PASSPHRASE set, or configure a key file"
              + " (vault.key_file), then restart it; secret diagnostics keep working on patterns meanwhile");
    }
    return vault.get();
  }

  private void audit(String kind, String channel, String subject, String decision, String reason) {
    stack.audit.record(new AuditEvent(kind, channel, "", subject, "", decision, reason, "", List.of(), 0, ""));
  }

  // ---- audit and memory -----------------------------------------------------------------------------

  /** The newest {@code limit} audit records (oldest first), optionally only those about {@code tool}. */
  public List<AuditEntry> audit(int limit, String tool) {
    requireDatabase();
    int n = limit <= 0 ? 50 : Math.min(limit, MAX_RESULTS);
    AuditStore.Filter filter = new AuditStore.Filter(tool == null || tool.isBlank() ? null : tool, null, null, null);
    List<AuditEntry> out = new ArrayList<>();
    for (AuditRecord r : stack.audit.query(filter, n)) {
      out.add(new AuditEntry(r.seq(), r.at().toString(), r.kind(), r.actor(), r.session(), r.subject(), r.decision(),
          r.reason(), r.approver(), r.destinations(), r.durationMs(), r.outcome()));
    }
    return out;
  }

  /** Hybrid memory search, for the human (texts are shown with their trust, not fenced). */
  public List<MemoryHit> searchMemory(String query, int limit) {
    requireDatabase();
    if (stack.memory == null) {
      throw new ChannelException(ChannelException.NOT_AVAILABLE, "memory-unavailable", "memory is not available in this process");
    }
    try {
      List<MemoryHit> out = new ArrayList<>();
      for (SearchHit h : stack.memory.search(query, limit <= 0 ? 10 : Math.min(limit, 50))) {
        out.add(new MemoryHit(h.path(), h.startLine(), h.endLine(), h.text(), h.score(),
            h.trust().name().toLowerCase(Locale.ROOT), h.provenance()));
      }
      return out;
    } catch (MemoryException e) {
      throw new ChannelException(ChannelException.INVALID_PARAMS, e.reason(), e.getMessage());
    }
  }

  /** Why the services are degraded (the database could not be opened), if they are. */
  public Optional<String> unavailableReason() {
    return Optional.ofNullable(unavailable);
  }

  /** Fails with {@link ChannelException#DATABASE_UNAVAILABLE} and the reason when degraded. */
  public void requireAvailable() {
    requireDatabase();
  }

  private void requireDatabase() {
    if (unavailable != null) {
      throw new ChannelException(ChannelException.DATABASE_UNAVAILABLE, "database-unavailable", unavailable);
    }
  }
}

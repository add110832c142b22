package dev.ironclaw4j.wasm;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.vault.SecretLookup;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * What the host functions of one tool may reach. Nothing else is reachable from a module: the
 * {@code http} host function exists only as a call into this {@code egress} (whose policy is the
 * tool's manifest rules), {@code secret_exists} sees only secret names, never values.
 *
 * @param egress the only way out; empty means every {@code http} call is denied
 * @param secrets used only for {@link SecretLookup#names()}
 * @param log receives the tool's log lines (already cut and cleaned of control characters)
 * @param workspace root of the workspace; empty means every {@code workspace_read} is denied
 * @param kv the tool's own key-value store
 * @param tools calls another tool through the pipeline (tool name, input JSON → output); empty: none
 */
public record HostServices(Optional<Egress> egress, SecretLookup secrets, Consumer<String> log, Clock clock, Optional<Path> workspace,
    KvStore kv, Optional<BiFunction<String, String, String>> tools) {
  public HostServices {
    Objects.requireNonNull(tools, "tools");
    Objects.requireNonNull(kv, "kv");
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(egress, "egress");
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(clock, "clock");
  }

  /** Without a workspace: every {@code workspace_read} is denied. */
  public HostServices(Optional<Egress> egress, SecretLookup secrets, Consumer<String> log, Clock clock) {
    this(egress, secrets, log, clock, Optional.empty(), KvStore.inMemory(), Optional.empty());
  }

  /** The same services with the workspace root that {@code workspace_read} prefixes are relative to. */
  public HostServices withWorkspace(Path root) {
    return new HostServices(egress, secrets, log, clock, Optional.of(root), kv, tools);
  }

  /** The same services with this tool's key-value store. */
  public HostServices withKv(KvStore store) {
    return new HostServices(egress, secrets, log, clock, workspace, store, tools);
  }

  /**
   * The same services able to call other tools: {@code call} takes a tool name and its input JSON and
   * returns the output as the pipeline hands it back (it must go through {@code ToolInvoker}).
   */
  public HostServices withTools(BiFunction<String, String, String> call) {
    return new HostServices(egress, secrets, log, clock, workspace, kv, Optional.of(call));
  }

  /** No network, no secrets, logs dropped: what a tool without grants gets. */
  public static HostServices none() {
    return new HostServices(Optional.empty(), SecretLookup.NONE, line -> {}, Clock.systemUTC());
  }
}

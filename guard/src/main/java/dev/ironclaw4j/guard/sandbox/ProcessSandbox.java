package dev.ironclaw4j.guard.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts an untrusted local process (a stdio MCP server, later the shell tool) so that it cannot read
 * the ironclaw4j home, the user's credential folders or the server's memory, gets a scrubbed
 * environment, and reaches the network only as {@link Spec#network()} says.
 *
 * <p>{@link #mechanism()} names what isolates ({@code bubblewrap}, {@code namespaces}) or {@code none};
 * callers refuse to start an untrusted process under {@code none} unless the user opted in for it.
 */
public interface ProcessSandbox {

  /** {@code bubblewrap}, {@code namespaces} or {@code none}. */
  String mechanism();

  /** True when {@link #mechanism()} actually isolates the child. */
  default boolean isolates() {
    return !"none".equals(mechanism());
  }

  /** Starts the process; stdin/stdout/stderr are pipes. Fails with {@link SandboxException}. */
  Process start(Spec spec);

  /** What the child may have. Nothing outside {@code env} is inherited. */
  record Spec(List<String> command, Path workDir, Map<String, String> env, Network network) {
    public Spec {
      command = List.copyOf(command);
      if (command.isEmpty()) {
        throw new IllegalArgumentException("command is empty");
      }
      Objects.requireNonNull(workDir, "workDir");
      env = Map.copyOf(env);
      Objects.requireNonNull(network, "network");
    }
  }

  /** NONE: no network at all. LOOPBACK: loopback only (a proxy there may send through egress). */
  enum Network {
    NONE,
    LOOPBACK
  }
}

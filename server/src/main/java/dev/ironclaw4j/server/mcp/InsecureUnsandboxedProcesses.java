package dev.ironclaw4j.server.mcp;

import dev.ironclaw4j.guard.sandbox.ProcessSandbox;
import dev.ironclaw4j.guard.sandbox.SandboxException;
import java.io.IOException;

/**
 * No OS sandbox: starts the process as the user, with only the environment in its spec. Its mechanism
 * is {@code none}, so callers start an untrusted process with it only where the user opted in for that
 * process (an MCP server added with {@code --allow-unsandboxed}). Stands in until a real sandbox
 * (bubblewrap, namespaces) is wired where one is available.
 */
public final class InsecureUnsandboxedProcesses implements ProcessSandbox {
  @Override
  public String mechanism() {
    return "none";
  }

  @Override
  public Process start(Spec spec) {
    ProcessBuilder pb = new ProcessBuilder(spec.command()).directory(spec.workDir().toFile());
    pb.environment().clear();
    pb.environment().putAll(spec.env());
    try {
      return pb.start();
    } catch (IOException e) {
      throw new SandboxException("start-failed", "cannot start " + spec.command().getFirst() + ": " + e.getMessage(), e);
    }
  }
}

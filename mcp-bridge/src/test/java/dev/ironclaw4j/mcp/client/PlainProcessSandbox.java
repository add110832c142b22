package dev.ironclaw4j.mcp.client;

import dev.ironclaw4j.guard.sandbox.ProcessSandbox;
import dev.ironclaw4j.guard.sandbox.SandboxException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only: starts the process plainly (no isolation) with exactly the given environment, under the
 * mechanism name it is given — {@code none} to test the refusal, anything else to stand in for a real
 * sandbox. Records what it was asked to start.
 */
final class PlainProcessSandbox implements ProcessSandbox {
  final String mechanism;
  final List<Spec> started = new ArrayList<>();

  PlainProcessSandbox(String mechanism) {
    this.mechanism = mechanism;
  }

  @Override
  public String mechanism() {
    return mechanism;
  }

  @Override
  public synchronized Process start(Spec spec) {
    started.add(spec);
    ProcessBuilder pb = new ProcessBuilder(spec.command()).directory(spec.workDir().toFile());
    pb.environment().clear();
    pb.environment().putAll(spec.env());
    try {
      return pb.start();
    } catch (IOException e) {
      throw new SandboxException("start-failed", e.getMessage(), e);
    }
  }
}

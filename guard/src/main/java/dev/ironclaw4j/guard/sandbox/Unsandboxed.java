package dev.ironclaw4j.guard.sandbox;

import java.util.Map;

/**
 * No isolation: the child runs as the user, sees everything the user sees and reaches any network.
 * Its environment is still scrubbed. {@link #isolates()} is false; callers start an untrusted process
 * under it only after the user opted in for that process.
 */
final class Unsandboxed implements ProcessSandbox {
  private final SandboxPolicy policy;

  Unsandboxed(SandboxPolicy policy) {
    this.policy = policy;
  }

  @Override
  public String mechanism() {
    return "none";
  }

  @Override
  public Process start(Spec spec) {
    Map<String, String> env = ChildEnvironment.of(spec.env(), policy.userHome().toString(), policy.secrets());
    return ProcessSandboxes.launch(spec.command(), spec.workDir(), env);
  }
}

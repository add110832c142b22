package dev.ironclaw4j.wasm;

import dev.ironclaw4j.guard.GuardException;

/**
 * The one exception family of {@code wasm-runtime}: a module or manifest refused at install, or a call
 * that failed inside the sandbox. Reason codes: {@code bad-manifest}, {@code malformed-module},
 * {@code import-not-allowed}, {@code missing-export}, {@code memory-too-large}, {@code trap},
 * {@code wall-time-exceeded}, {@code cpu-budget-exceeded}, {@code output-too-large},
 * {@code bad-output}, {@code abi-violation}, {@code needs-worker} (a WASM-GC module outside a sandbox worker),
 * {@code worker-died}. Messages name the tool and never carry a secret value.
 */
public final class SandboxException extends GuardException {
  public SandboxException(String reason, String message) {
    super(reason, message);
  }

  public SandboxException(String reason, String message, Throwable cause) {
    super(reason, message, cause);
  }
}

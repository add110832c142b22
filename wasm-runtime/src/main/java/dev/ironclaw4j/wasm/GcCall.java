package dev.ironclaw4j.wasm;

/**
 * The state of one call of a GC-profile module ({@link GcAbi}): its input, the answer of the last
 * host call waiting to be fetched with {@code result}, the output, and TeaVM's runtime stubs.
 */
final class GcCall {
  private final HostCalls host;
  private final String input;
  private final int outputLimit;
  private final TeaVmRuntime runtime;
  private String pending;
  private String output;

  GcCall(HostCalls host, String input, int outputLimit) {
    this.host = host;
    this.input = input;
    this.outputLimit = outputLimit;
    this.runtime = new TeaVmRuntime(host);
  }

  HostCalls host() {
    return host;
  }

  TeaVmRuntime runtime() {
    return runtime;
  }

  String input() {
    return input;
  }

  int outputLimit() {
    return outputLimit;
  }

  /** Keeps a host call's answer for {@code result}; returns its length. */
  int pending(String answer) {
    pending = answer;
    return answer.length();
  }

  String takePending() {
    if (pending == null) {
      throw new SandboxException("abi-violation", "'result' was called with no answer waiting");
    }
    String p = pending;
    pending = null;
    return p;
  }

  void output(String out) {
    if (output != null) {
      throw new SandboxException("abi-violation", "'output' was called twice");
    }
    output = out;
  }

  /** The output, or null when the module never called {@code output}. */
  String output() {
    runtime.flush();
    return output;
  }
}

package dev.ironclaw4j.toolsmith.sdk;

import org.teavm.interop.Import;

/**
 * Host ABI 1, GC profile (see {@code docs/tool-abi.md}): strings cross as {@code char[]} the tool
 * allocates; the answer of a request is fetched with {@code result} into a buffer of its length.
 * Package-private: tools use the typed wrappers ({@link Http}, {@link Log}, {@link Kv}, ...).
 */
final class Abi {
  private static final String M = "ironclaw_v1";

  private Abi() {}

  @Import(module = M, name = "input_length")
  static native int inputLength();

  @Import(module = M, name = "input")
  static native void input(char[] buffer);

  @Import(module = M, name = "output")
  static native void output(char[] text);

  @Import(module = M, name = "result")
  static native void result(char[] buffer);

  @Import(module = M, name = "log")
  static native void log(int level, char[] text);

  @Import(module = M, name = "clock_ms")
  static native long clockMs();

  @Import(module = M, name = "secret_exists")
  static native int secretExists(char[] name);

  @Import(module = M, name = "http")
  static native int http(char[] request);

  @Import(module = M, name = "workspace_read")
  static native int workspaceRead(char[] path);

  @Import(module = M, name = "kv")
  static native int kv(char[] request);

  @Import(module = M, name = "invoke_tool")
  static native int invokeTool(char[] request);

  static String input() {
    char[] b = new char[inputLength()];
    input(b);
    return new String(b);
  }

  /** Fetches the answer of the request just made. */
  static String answer(int length) {
    char[] b = new char[length];
    result(b);
    return new String(b);
  }

  /** Parses an answer; a {@link HostException} when the host refused the request. */
  static Json checked(String answer) {
    Json j = Json.parse(answer);
    Json e = j.get("error");
    if (!e.isNull()) {
      throw new HostException(e.get("reason").asString("error"), e.get("message").asString(""));
    }
    return j;
  }
}

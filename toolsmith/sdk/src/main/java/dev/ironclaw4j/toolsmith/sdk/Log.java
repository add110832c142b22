package dev.ironclaw4j.toolsmith.sdk;

/** Log lines in the server's log, prefixed with the tool's name (64 lines of 2048 characters per call). */
public final class Log {
  private Log() {}

  public static void debug(String text) {
    Abi.log(0, text.toCharArray());
  }

  public static void info(String text) {
    Abi.log(1, text.toCharArray());
  }

  public static void warn(String text) {
    Abi.log(2, text.toCharArray());
  }

  public static void error(String text) {
    Abi.log(3, text.toCharArray());
  }
}

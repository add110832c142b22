package dev.ironclaw4j.toolsmith;

/**
 * A problem found while building a tool, pointing into the user's source file when it can
 * ({@code line} and {@code column} are 1-based; 0 when unknown).
 */
public record Diagnostic(Severity severity, String file, long line, long column, String message) {
  public enum Severity { ERROR, WARNING }

  static Diagnostic error(String file, long line, long column, String message) {
    return new Diagnostic(Severity.ERROR, file, Math.max(0, line), Math.max(0, column), message);
  }

  /** {@code File.java:12:5: error: message}, the way compilers print it. */
  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": "
        + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
  }
}

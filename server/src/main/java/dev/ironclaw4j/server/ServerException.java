package dev.ironclaw4j.server;

/**
 * The one exception family of the {@code server} module. The message is one line for the user: what
 * went wrong and what to do. The CLI prints exactly that (a stack trace only with {@code --debug}) and
 * exits with {@link #exitCode()}.
 */
public class ServerException extends RuntimeException {
  /** Exit code for a failure of the command itself (as opposed to a usage error, which is 2). */
  public static final int FAILURE = 1;
  /** Exit code for bad input from the user: flags, arguments, configuration. */
  public static final int USAGE = 2;

  private final int exitCode;

  public ServerException(String message) {
    this(FAILURE, message, null);
  }

  public ServerException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}

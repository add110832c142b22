package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.GuardException;
import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.os.ProcessHardening;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * Entry point of the {@code ironclaw4j} command. Usage errors print one line and exit 2; failures print
 * one line and exit 1; a stack trace appears only with {@code --debug}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // First, before any file exists: the database, logs, config and tokens are created owner-only
    // whatever the user's umask (doctor reports it when this is not possible).
    ProcessHardening.ownerOnlyFiles();
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(args, System.getenv(), out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line and returns its exit code; the testable core of {@link #main}. */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return run(args, env, out, err, new RootCommand(env, out, err));
  }

  /**
   * Runs one command line with the given standard input (for tests and embedding): secret values and
   * passphrases are read from it, never from a terminal prompt.
   */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err, InputStream stdin) {
    return run(args, env, out, err, stdin, root -> {});
  }

  /** Same as {@link #run(String[], Map, PrintWriter, PrintWriter, InputStream)}, arguments in stream order. */
  public static int run(String[] args, Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err) {
    return run(args, env, out, err, in);
  }

  /** As above, letting a test in this package adjust the root command (e.g. cheap key derivation). */
  static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err, InputStream stdin,
      Consumer<RootCommand> setup) {
    RootCommand root = new RootCommand(env, out, err, stdin, false);
    setup.accept(root);
    return run(args, env, out, err, root);
  }

  private static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err, RootCommand root) {
    boolean debug = Arrays.asList(args).contains("--debug");
    CommandLine cli = new CommandLine(root);
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler((ex, argv) -> {
      String msg = ex.getMessage().lines().findFirst().orElse("invalid command line");
      if (ex instanceof CommandLine.UnmatchedArgumentException u
          && u.getCommandLine() == cli
          && !u.getUnmatched().isEmpty()
          && !u.getUnmatched().getFirst().startsWith("-")) {
        msg = "unknown command '" + u.getUnmatched().getFirst() + "'";
      }
      String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
      err.println(cmd + ": " + msg + " (see '" + cmd + " --help')");
      return ServerException.USAGE;
    });
    cli.setExecutionExceptionHandler((ex, line, parseResult) -> {
      String cmd = line.getCommandSpec().qualifiedName();
      if (ex instanceof ServerException se) {
        err.println(cmd + ": " + se.getMessage());
        printTrace(err, ex, debug);
        return se.exitCode();
      }
      if (ex instanceof GuardException ge) {
        err.println(cmd + ": " + ge.getMessage());
        printTrace(err, ex, debug);
        return ServerException.FAILURE;
      }
      err.println(
          cmd + ": internal error: " + ex.getClass().getSimpleName()
              + (ex.getMessage() == null ? "" : ": " + ex.getMessage().lines().findFirst().orElse(""))
              + (debug ? "" : " (run again with --debug for details)"));
      printTrace(err, ex, debug);
      return ServerException.FAILURE;
    });
    return cli.execute(args);
  }

  private static void printTrace(PrintWriter err, Throwable t, boolean debug) {
    if (debug) {
      StringWriter sw = new StringWriter();
      t.printStackTrace(new PrintWriter(sw));
      err.print(sw);
    }
  }
}

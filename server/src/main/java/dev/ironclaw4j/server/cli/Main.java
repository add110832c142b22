package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.GuardException;
import dev.ironclaw4j.server.ServerException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;

/**
 * Entry point of the {@code ironclaw4j} command. Usage errors print one line and exit 2; failures print
 * one line and exit 1; a stack trace appears only with {@code --debug}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(args, System.getenv(), System.in, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line and returns its exit code; the testable core of {@link #main}. */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return run(args, env, InputStream.nullInputStream(), out, err);
  }

  /** As {@link #run(String[], Map, PrintWriter, PrintWriter)}, with standard input for commands that read it. */
  public static int run(String[] args, Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err) {
    boolean debug = Arrays.asList(args).contains("--debug");
    RootCommand root = new RootCommand(env, in, out, err);
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

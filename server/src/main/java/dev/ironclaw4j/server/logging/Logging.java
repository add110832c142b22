package dev.ironclaw4j.server.logging;

import dev.ironclaw4j.guard.redact.Redactor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sets up the process's logging: one line per record to stderr (stdout stays clean for the stdio
 * protocols) and, for the daemon, to {@code logs/ironclaw4j.log.0} in the home (rotated at 10 MB, five
 * files). Every line passes through the one redaction hook first. Everything in the process that logs
 * (our code through {@link System.Logger}, Jetty through SLF4J) ends up here.
 */
public final class Logging {
  static final int FILE_LIMIT_BYTES = 10 * 1024 * 1024;
  static final int FILE_COUNT = 5;

  /**
   * Libraries that warn on every start about things the user cannot act on: DJL finding no CUDA driver
   * (the embedding model runs on the CPU), Lucene running without the Vector API module (only 'serve'
   * loads it). Held here because the logging framework keeps loggers only weakly.
   */
  private static final java.util.List<Logger> CHATTY = java.util.List.of(
      Logger.getLogger("ai.djl.util.cuda.CudaUtils"),
      Logger.getLogger("org.apache.lucene.internal.vectorization.VectorizationProvider"));

  private Logging() {}

  /** Maps the documented level names (error, warn, info, debug, trace) to JUL levels. */
  public static Level level(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "error" -> Level.SEVERE;
      case "warn" -> Level.WARNING;
      case "info" -> Level.INFO;
      case "debug" -> Level.FINE;
      case "trace" -> Level.FINEST;
      default -> throw new IllegalArgumentException("unknown log level " + name);
    };
  }

  /**
   * Replaces all handlers of the root logger.
   *
   * @param stderrLevel what reaches stderr
   * @param logDir folder of the log file, or null for no file
   * @param fileLevel what reaches the file
   * @param debug whether stack traces are shown on stderr
   */
  public static void install(Level stderrLevel, Path logDir, Level fileLevel, boolean debug, Redactor redactor) {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
      h.close();
    }
    Level lowest = stderrLevel;
    ConsoleHandler stderr = new ConsoleHandler();
    stderr.setLevel(stderrLevel);
    stderr.setFormatter(new RedactingFormatter(redactor, debug));
    root.addHandler(stderr);
    if (logDir != null) {
      try {
        FileHandler file =
            new FileHandler(logDir.resolve("ironclaw4j.log").toString(), FILE_LIMIT_BYTES, FILE_COUNT, true);
        file.setEncoding("UTF-8");
        file.setLevel(fileLevel);
        file.setFormatter(new RedactingFormatter(redactor, true));
        root.addHandler(file);
        if (fileLevel.intValue() < lowest.intValue()) {
          lowest = fileLevel;
        }
      } catch (IOException e) {
        root.warning("cannot write the log file in " + logDir + ": " + e.getMessage() + "; logging to stderr only");
      }
    }
    root.setLevel(lowest);
    // Libraries are quiet unless asked: their INFO chatter is not the user's business.
    Logger.getLogger("org.eclipse.jetty").setLevel(lowest.intValue() <= Level.FINE.intValue() ? lowest : Level.WARNING);
    Logger.getLogger("org.h2").setLevel(Level.WARNING);
    for (Logger chatty : CHATTY) {
      chatty.setLevel(debug ? null : Level.SEVERE);
    }
  }
}

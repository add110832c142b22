package dev.ironclaw4j.server.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.redact.RedactionHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoggingTest {
  @TempDir Path logs;

  @AfterEach
  void reset() {
    for (Handler h : Logger.getLogger("").getHandlers()) {
      h.close();
      Logger.getLogger("").removeHandler(h);
    }
  }

  @Test
  void everyLogLineAndStackTracePassesTheRedactionHook() throws Exception {
    RedactionHook hook = new RedactionHook();
    String value = "sk-test-" + Long.toHexString(System.nanoTime()) + "QQ";
    hook.register(t -> t.replace(value, "[REDACTED:API_KEY]"));
    Logging.install(Level.OFF, logs, Level.INFO, false, hook);
    System.Logger log = System.getLogger("dev.ironclaw4j.test");
    log.log(System.Logger.Level.INFO, "calling with {0}", value);
    log.log(System.Logger.Level.WARNING, "failed", new IllegalStateException("bad key " + value));
    for (Handler h : Logger.getLogger("").getHandlers()) {
      h.flush();
    }
    String text = Files.readString(logs.resolve("ironclaw4j.log.0"));
    assertTrue(text.contains("calling with [REDACTED:API_KEY]"), text);
    assertTrue(text.contains("bad key [REDACTED:API_KEY]"), text);
    assertTrue(text.contains("\tat "), "the file keeps stack traces: " + text);
    assertFalse(text.contains(value), "the value never reaches the log file");
  }
}

package dev.ironclaw4j.server.logging;

import dev.ironclaw4j.guard.redact.Redactor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One line per record ({@code time LEVEL logger: message}), with the cause's stack trace where asked
 * for, and the whole text passed through the redaction hook last, so nothing formatted escapes it.
 */
final class RedactingFormatter extends Formatter {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC);

  private final Redactor redactor;
  private final boolean stackTraces;

  RedactingFormatter(Redactor redactor, boolean stackTraces) {
    this.redactor = redactor;
    this.stackTraces = stackTraces;
  }

  @Override
  public String format(LogRecord r) {
    StringBuilder b = new StringBuilder(128);
    b.append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(' ');
    b.append(r.getLevel().getName()).append(' ');
    String name = r.getLoggerName() == null ? "" : r.getLoggerName();
    b.append(name.substring(name.lastIndexOf('.') + 1)).append(": ");
    b.append(formatMessage(r));
    Throwable t = r.getThrown();
    if (t != null) {
      if (stackTraces) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        b.append(System.lineSeparator()).append(sw.toString().stripTrailing());
      } else {
        b.append(" (").append(t.getClass().getSimpleName()).append(t.getMessage() == null ? "" : ": " + t.getMessage()).append(')');
      }
    }
    return redactor.redact(b.toString()) + System.lineSeparator();
  }
}

package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.server.ServerException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Points in time on the command line: a duration from now (90d, 12h, 30m, 45s), a date or an instant. */
final class TimeArgs {
  private TimeArgs() {}

  /**
   * Parses {@code text} relative to {@code now}: durations count back ({@code past}) or forward.
   *
   * @throws ServerException (usage) naming the option and the accepted forms
   */
  static Instant parse(String text, Instant now, boolean past, String option) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.matches("\\d{1,6}[dhms]")) {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        Duration d = switch (t.charAt(t.length() - 1)) {
          case 'd' -> Duration.ofDays(n);
          case 'h' -> Duration.ofHours(n);
          case 'm' -> Duration.ofMinutes(n);
          default -> Duration.ofSeconds(n);
        };
        return past ? now.minus(d) : now.plus(d);
      }
      if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(text.strip());
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new ServerException(ServerException.USAGE, option + " takes a duration (90d, 12h, 30m, 45s), a date (2027-01-31)"
          + " or an instant (2027-01-31T12:00:00Z), not '" + text + "'", null);
    }
  }
}

package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.audit.AuditLog;
import dev.ironclaw4j.guard.audit.AuditRecord;
import dev.ironclaw4j.guard.audit.AuditStore;
import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.audit.JdbcAuditStore;
import dev.ironclaw4j.server.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ironclaw4j audit [filters]} and {@code ironclaw4j audit verify}. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {"Show the audit log (newest last), filtered; 'audit verify' checks its hash chain."},
    subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Option(names = "--tool", paramLabel = "NAME", description = "Only records about this tool (or secret, or host).")
  String subject;

  @Option(names = "--session", paramLabel = "ID", description = "Only records of this session.")
  String session;

  @Option(names = "--kind", paramLabel = "KIND", description = "Only records of this kind, e.g. tool.call, egress.request.")
  String kind;

  @Option(names = "--since", paramLabel = "WHEN", description = "Only records since WHEN: a duration such as 30m, 2h, 7d, or an instant like 2026-11-23T10:00:00Z.")
  String since;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "Show at most the newest N records (default ${DEFAULT-VALUE}, max 100000).")
  int limit;

  @Override
  public Integer call() {
    root.quietLogging();
    if (limit < 1 || limit > 100_000) {
      throw new ServerException(ServerException.USAGE, "--limit must be between 1 and 100000", null);
    }
    AuditStore.Filter filter = new AuditStore.Filter(subject, session, kind, parseSince(since, Instant.now()));
    try (Database db = root.openDatabase(root.home())) {
      List<AuditRecord> records = new AuditLog(new JdbcAuditStore(db), Clock.systemUTC()).query(filter, limit);
      for (AuditRecord r : records) {
        root.out.printf("%6d %s %-16s %-10s %-24s by %s%s%s%s%n",
            r.seq(), r.at(), r.kind(), r.decision(), r.subject(), r.actor(),
            r.session().isEmpty() ? "" : " session=" + r.session(),
            (r.reason().isEmpty() ? "" : " reason=" + r.reason()) + (r.approver().isEmpty() ? "" : " approver=" + r.approver()),
            (r.destinations().isEmpty() ? "" : " to=" + String.join(",", r.destinations()))
                + (r.outcome().isEmpty() ? "" : " outcome=" + r.outcome())
                + (r.durationMs() > 0 ? " " + r.durationMs() + "ms" : ""));
      }
      if (records.isEmpty()) {
        root.err.println("no audit records match");
      }
    }
    return 0;
  }

  /** Parses 30m / 2h / 7d / a date / an ISO instant; null stays null. */
  static Instant parseSince(String text, Instant now) {
    return text == null ? null : TimeArgs.parse(text, now, true, "--since");
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check the hash chain: exit 0 if intact, 1 naming the first edited, deleted or inserted record.")
  static final class Verify implements Callable<Integer> {
    @ParentCommand AuditCommand audit;

    @Override
    public Integer call() {
      RootCommand root = audit.root;
      root.quietLogging();
      try (Database db = root.openDatabase(root.home())) {
        AuditLog.Verification v = new AuditLog(new JdbcAuditStore(db), Clock.systemUTC()).verify();
        if (v.ok()) {
          root.out.println("audit log intact: " + v.checked() + " records verified");
          return 0;
        }
        root.out.println("audit log BROKEN after " + v.checked() + " records: " + v.problem().get());
        return 1;
      }
    }
  }
}

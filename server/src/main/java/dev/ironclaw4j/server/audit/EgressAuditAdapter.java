package dev.ironclaw4j.server.audit;

import dev.ironclaw4j.guard.audit.AuditEvent;
import dev.ironclaw4j.guard.audit.AuditLog;
import dev.ironclaw4j.guard.egress.EgressAuditEvent;
import dev.ironclaw4j.guard.egress.EgressAuditSink;
import java.util.List;

/**
 * Writes every egress decision into the hash-chained audit log ({@code kind = egress.request}) and
 * through the logger. An audit write that fails is logged, never thrown into the egress path (the
 * sink contract), so a full disk cannot be turned into a way around the policy decision itself.
 */
public final class EgressAuditAdapter implements EgressAuditSink {
  private static final System.Logger LOG = System.getLogger(EgressAuditAdapter.class.getName());

  private final AuditLog audit;
  private final EgressAuditSink log = EgressAuditSink.logging();

  public EgressAuditAdapter(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  public void record(EgressAuditEvent e) {
    log.record(e);
    try {
      String destination = e.host() + ":" + e.port();
      audit.record(new AuditEvent("egress.request", e.caller(), "", destination, "", e.outcome(), e.reason(),
          e.secrets().isEmpty() ? "" : "secrets:" + String.join(",", e.secrets()),
          e.outcome().equals("denied") ? List.of() : List.of(destination), e.durationMillis(),
          e.method() + " status=" + e.status() + " sent=" + e.bytesSent() + " received=" + e.bytesReceived()
              + (e.hop() > 0 ? " hop=" + e.hop() : "")));
    } catch (RuntimeException ex) {
      LOG.log(System.Logger.Level.ERROR, "cannot write the egress audit record: " + ex.getMessage());
    }
  }
}

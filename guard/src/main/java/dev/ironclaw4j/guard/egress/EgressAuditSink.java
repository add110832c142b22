package dev.ironclaw4j.guard.egress;

/** Receives every egress decision. Must not throw; must be thread-safe. */
@FunctionalInterface
public interface EgressAuditSink {
  void record(EgressAuditEvent event);

  /** Writes each event as one line through {@link System.Logger} ({@code ironclaw4j.egress}). */
  static EgressAuditSink logging() {
    System.Logger log = System.getLogger("ironclaw4j.egress");
    return e -> log.log(
        e.outcome().equals("allowed") ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
        "egress {0} caller={1} {2} {3}:{4} reason={5} status={6} sent={7} received={8} ms={9} hop={10} secrets={11}",
        e.outcome(), e.caller(), e.method(), e.host(), String.valueOf(e.port()), e.reason(),
        String.valueOf(e.status()), String.valueOf(e.bytesSent()), String.valueOf(e.bytesReceived()),
        String.valueOf(e.durationMillis()), String.valueOf(e.hop()), e.secrets());
  }
}

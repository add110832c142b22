package dev.ironclaw4j.toolsmith;

/**
 * Progress of a build, one event per phase change: what the CLI renders as a progress display and
 * what the editor (LSP work-done progress) and MCP (progress notifications) can forward.
 *
 * @param message a short human-readable line (the capability summary for VALIDATE, an example's result
 *     for TEST, a diagnostic count when a phase fails)
 */
public record BuildEvent(Phase phase, Status status, String message) {
  /** The phases of a build, in order. */
  public enum Phase { JAVAC, TEAVM, VALIDATE, TEST, INSTALL }

  public enum Status { STARTED, OK, FAILED, INFO }
}

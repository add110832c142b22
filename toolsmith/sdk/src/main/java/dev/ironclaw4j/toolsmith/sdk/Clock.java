package dev.ironclaw4j.toolsmith.sdk;

/** The host's clock. */
public final class Clock {
  private Clock() {}

  /** Milliseconds since the Unix epoch. */
  public static long millis() {
    return Abi.clockMs();
  }
}

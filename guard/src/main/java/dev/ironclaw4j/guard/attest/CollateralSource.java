package dev.ironclaw4j.guard.attest;

import java.time.Duration;

/** Where Intel's collateral comes from: Intel's provisioning service through egress ({@link IntelPcs}), or a test. */
public interface CollateralSource {
  /**
   * The collateral for a platform.
   *
   * @param fmspc the platform's FMSPC, 12 hex digits
   * @param caType {@code platform} or {@code processor}
   * @param maxCachedAge how old a cached copy may be when the service cannot be reached; zero: never use one
   * @throws AttestationException {@code collateral-unavailable} (offline, nothing usable cached) or
   *     {@code collateral-expired} (the cached copy is older than allowed)
   */
  Collateral fetch(String fmspc, String caType, Duration maxCachedAge);
}

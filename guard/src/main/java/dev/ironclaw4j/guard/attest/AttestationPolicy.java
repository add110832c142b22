package dev.ironclaw4j.guard.attest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the user decided for one provider: the measurements pinned, and how strict to be where the
 * evidence cannot be fully checked.
 *
 * @param pins per measured field ({@link #PIN_FIELDS}), the values allowed; empty: nothing pinned yet,
 *     which fails verification until the user pins (trust on first use is an explicit step)
 * @param acceptedTcbStatuses Intel TCB statuses accepted (default {@code UpToDate}, {@code SWHardeningNeeded});
 *     {@code Revoked} is refused
 * @param allowUnverifiedGpu pass (shown as UNVERIFIED) when GPU evidence cannot be checked, e.g. NVIDIA's
 *     service is unreachable; a GPU that fails its check still fails
 * @param collateralMaxAge how old cached Intel collateral may be when Intel's service is unreachable;
 *     zero (the default): never use a cached copy
 * @param evidenceLifetime how long a successful verification is reused before the next prompt re-verifies
 */
public record AttestationPolicy(Map<String, Set<String>> pins, Set<String> acceptedTcbStatuses, boolean allowUnverifiedGpu,
    Duration collateralMaxAge, Duration evidenceLifetime) {
  /** The measured fields that can be pinned. */
  public static final List<String> PIN_FIELDS =
      List.of("mrtd", "rtmr0", "rtmr1", "rtmr2", "app-id", "compose-hash", "os-image-hash", "key-provider", "image");
  public static final Set<String> DEFAULT_TCB = Set.of("UpToDate", "SWHardeningNeeded");
  public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);

  public AttestationPolicy {
    TreeMap<String, Set<String>> p = new TreeMap<>();
    pins.forEach((k, v) -> {
      if (!PIN_FIELDS.contains(k)) {
        throw new IllegalArgumentException("unknown pin field '" + k + "'");
      }
      if (!v.isEmpty()) {
        p.put(k, Set.copyOf(new TreeSet<>(v)));
      }
    });
    pins = Map.copyOf(p);
    acceptedTcbStatuses = Set.copyOf(acceptedTcbStatuses);
    if (acceptedTcbStatuses.contains("Revoked")) {
      throw new IllegalArgumentException("a Revoked platform TCB is never accepted");
    }
    if (collateralMaxAge.isNegative() || evidenceLifetime.isNegative() || evidenceLifetime.isZero()) {
      throw new IllegalArgumentException("durations must be positive");
    }
  }

  /** Nothing pinned, default strictness. */
  public static AttestationPolicy unpinned() {
    return new AttestationPolicy(Map.of(), DEFAULT_TCB, false, Duration.ZERO, DEFAULT_LIFETIME);
  }

  public AttestationPolicy withPins(Map<String, Set<String>> newPins) {
    return new AttestationPolicy(newPins, acceptedTcbStatuses, allowUnverifiedGpu, collateralMaxAge, evidenceLifetime);
  }
}

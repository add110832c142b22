package dev.ironclaw4j.guard.attest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one node measured, as verified (from the quote, and from the event log once its replay
 * matched): the values that can be pinned, field by field (see {@link AttestationPolicy#PIN_FIELDS}),
 * in lower-case hex; {@code image} lists every image digest of the measured compose.
 */
public record Measurements(String node, Map<String, List<String>> values) {
  public Measurements {
    LinkedHashMap<String, List<String>> v = new LinkedHashMap<>();
    values.forEach((k, l) -> v.put(k, List.copyOf(l)));
    values = java.util.Collections.unmodifiableMap(v);
  }

  /** Fields where a pinned value differs or is missing, one line each; empty when all pinned fields match. */
  List<String> mismatches(Map<String, Set<String>> pins) {
    List<String> out = new ArrayList<>();
    pins.forEach((field, allowed) -> {
      List<String> got = values.getOrDefault(field, List.of());
      if (got.isEmpty()) {
        out.add(field + " is pinned but was not measured");
      }
      for (String g : got) {
        if (!allowed.contains(g)) {
          out.add(field + " is " + g + ", pinned: " + String.join(" or ", allowed));
        }
      }
    });
    return out;
  }
}

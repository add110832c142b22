package dev.ironclaw4j.wasm;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Manifest texts for the tests. */
final class Manifests {
  private Manifests() {}

  static String json(String name, List<String> http, List<String> secrets, String limits) {
    return """
        {"abi": 1, "name": "%s", "version": "1.0.0", "description": "test tool %s",
         "input_schema": {"type": "object"},
         "http": [%s], "secrets": [%s],
         "limits": %s}
        """.formatted(name, name, quoted(http), quoted(secrets), limits);
  }

  static String limits(long wallMs, long fuel, int pages, int outputBytes, int httpCalls) {
    return """
        {"wall_time_ms": %d, "fuel": %d, "memory_pages": %d, "output_bytes": %d, "http_calls": %d}"""
        .formatted(wallMs, fuel, pages, outputBytes, httpCalls);
  }

  static String defaultLimits() {
    return limits(2000, 10_000_000, 4, 65536, 2);
  }

  static ToolManifest plain(String name) {
    return parse(json(name, List.of(), List.of(), defaultLimits()));
  }

  static ToolManifest parse(String json) {
    return ToolManifest.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String quoted(List<String> xs) {
    return xs.stream().map(x -> "\"" + x + "\"").collect(Collectors.joining(", "));
  }
}

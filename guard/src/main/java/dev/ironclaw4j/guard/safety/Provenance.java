package dev.ironclaw4j.guard.safety;

import java.util.Objects;

/**
 * Where a piece of untrusted content came from: its {@link Source}, the channel of the session that
 * asked for it (e.g. {@code lsp}, {@code acp}, {@code web}, {@code cli}; may be null), the tool that
 * produced it (may be null) and the URL or path it was read from (may be null). Shown to the model in
 * the wrapper header, and used by {@link SafetyPolicy} to pick rules per source and channel.
 */
public record Provenance(Source source, String channel, String tool, String location) {
  public Provenance {
    Objects.requireNonNull(source, "source");
  }

  /** Provenance with only a source. */
  public static Provenance of(Source source) {
    return new Provenance(source, null, null, null);
  }

  /** Provenance of a tool's output read from {@code location} (a URL or path; may be null). */
  public static Provenance ofTool(Source source, String tool, String location) {
    return new Provenance(source, null, tool, location);
  }

  /** The same provenance seen through {@code channel}. */
  public Provenance withChannel(String channel) {
    return new Provenance(source, channel, tool, location);
  }
}

package dev.ironclaw4j.toolsmith;

import dev.ironclaw4j.wasm.ToolManifest;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a build. When {@link #ok()}, the tool compiled, validated and passed its examples,
 * and {@link #wasm()}, {@link #manifest()} and {@link #summary()} are set: it may be installed once the
 * user approved the summary. Otherwise {@link #failedPhase()} and {@link #diagnostics()} say why.
 *
 * @param source the tool's source, installed next to the module so the user can read and edit it
 * @param summary the capability summary shown for approval (empty when the build failed before it)
 * @param examples one line per example run (passed or why it failed)
 * @param millis wall time of the build, by phase, in {@link BuildEvent.Phase} order
 */
public record BuildResult(String fileName, String source, Optional<BuildEvent.Phase> failedPhase, List<Diagnostic> diagnostics,
    byte[] wasm, ToolManifest manifest, String manifestJson, String summary, List<String> examples, long[] millis) {
  public boolean ok() {
    return failedPhase.isEmpty();
  }

  /** Total wall time of the build in milliseconds. */
  public long totalMillis() {
    long t = 0;
    for (long m : millis) {
      t += m;
    }
    return t;
  }
}

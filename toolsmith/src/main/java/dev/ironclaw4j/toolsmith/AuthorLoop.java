package dev.ironclaw4j.toolsmith;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code tool new}: asks a {@link ToolAuthor} for a tool, builds it, and feeds compile errors and
 * failing examples back for at most {@code maxRounds} rounds. The result is a build like any other:
 * it still needs the user's approval of its capability summary before it is installed.
 */
public final class AuthorLoop {
  /** Most rounds anyone may ask for. */
  public static final int MAX_ROUNDS = 8;

  /** The last build, how many rounds it took, and the feedback each failed round produced. */
  public record Outcome(BuildResult build, int rounds, List<List<String>> feedback) {
    public boolean ok() {
      return build != null && build.ok();
    }
  }

  private AuthorLoop() {}

  public static Outcome run(ToolAuthor author, String description, int maxRounds, Toolsmith smith, BuildListener listener) {
    Objects.requireNonNull(author, "author");
    if (maxRounds < 1 || maxRounds > MAX_ROUNDS) {
      throw new IllegalArgumentException("rounds must be 1 to " + MAX_ROUNDS);
    }
    List<List<String>> history = new ArrayList<>();
    List<String> feedback = List.of();
    BuildResult last = null;
    for (int round = 1; round <= maxRounds; round++) {
      ToolAuthor.Draft draft;
      try {
        draft = author.write(description, feedback);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome(last, round - 1, List.copyOf(history));
      } catch (Exception e) {
        throw new ToolsmithException("author-failed", "the tool author failed: " + e.getMessage(), e);
      }
      if (draft == null || draft.source() == null || draft.fileName() == null) {
        throw new ToolsmithException("author-failed", "the tool author returned no source");
      }
      last = smith.build(draft.fileName(), draft.source(), listener);
      if (last.ok()) {
        return new Outcome(last, round, List.copyOf(history));
      }
      feedback = feedbackOf(last);
      history.add(feedback);
    }
    return new Outcome(last, maxRounds, List.copyOf(history));
  }

  /** What the author is told about a failed build: diagnostics as a compiler prints them, examples that failed. */
  static List<String> feedbackOf(BuildResult r) {
    List<String> out = new ArrayList<>();
    r.failedPhase().ifPresent(p -> out.add("The build failed in phase " + p + "."));
    for (Diagnostic d : r.diagnostics()) {
      if (d.severity() == Diagnostic.Severity.ERROR) {
        out.add(d.toString());
      }
    }
    return out.subList(0, Math.min(out.size(), 40));
  }
}

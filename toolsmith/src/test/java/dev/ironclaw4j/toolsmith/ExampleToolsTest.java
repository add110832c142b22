package dev.ironclaw4j.toolsmith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The example tools of toolsmith/examples build, validate and pass their declared examples in the sandbox. */
@Tag("slow")
class ExampleToolsTest {
  @Test
  void wordCountBuildsAndPassesItsExamples() {
    List<BuildEvent> events = new ArrayList<>();
    BuildResult r = Smith.shared().build("WordCount.java", Smith.example("WordCount.java"), events::add);
    assertTrue(r.ok(), () -> r.failedPhase() + " " + r.diagnostics() + " " + r.examples());
    assertEquals("word_count", r.manifest().name());
    assertTrue(r.summary().contains("network:    none"), r.summary());
    assertEquals(List.of("example 1: passed", "example 2: passed"), r.examples());
    List<String> phases = events.stream().filter(e -> e.status() != BuildEvent.Status.INFO)
        .map(e -> e.phase() + ":" + e.status()).toList();
    assertEquals(List.of("JAVAC:STARTED", "JAVAC:OK", "TEAVM:STARTED", "TEAVM:OK", "VALIDATE:STARTED", "VALIDATE:OK",
        "TEST:STARTED", "TEST:OK"), phases);
  }

  @Test
  void digestBuildsAndPassesItsExamples() {
    BuildResult r = Smith.shared().build("Digest.java", Smith.example("Digest.java"), BuildListener.NONE);
    assertTrue(r.ok(), () -> r.failedPhase() + " " + r.diagnostics() + " " + r.examples());
    assertEquals(2, r.examples().size());
  }
}

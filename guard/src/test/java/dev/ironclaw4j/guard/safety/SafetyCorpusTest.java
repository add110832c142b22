package dev.ironclaw4j.guard.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Detection and false-positive rates on the in-repository corpus, and the "sanitize really removes"
 * property for every case the layer sanitizes.
 */
class SafetyCorpusTest {
  private static final List<Corpus> CORPUS = Corpus.load();
  private final SafetyLayer layer = new SafetyLayer(SafetyConfig.defaults());

  @Test
  void corpusIsLargeAndCoversEveryFamily() {
    long malicious = CORPUS.stream().filter(Corpus::malicious).count();
    long benign = CORPUS.size() - malicious;
    assertTrue(malicious >= 150, "malicious cases: " + malicious);
    assertTrue(benign >= 150, "benign cases: " + benign);
    Set<String> families = CORPUS.stream().filter(Corpus::malicious).map(c -> c.family().replaceFirst("-.*", ""))
        .collect(Collectors.toCollection(TreeSet::new));
    assertTrue(families.containsAll(Set.of("override", "multilingual", "role", "wrapper", "exfil", "beacon", "tool",
        "encoded", "unicode", "hidden")), families.toString());
  }

  @Test
  void detectionAndFalsePositiveRates() {
    int mal = 0;
    int detected = 0;
    int ben = 0;
    int falsePositives = 0;
    List<String> misses = new ArrayList<>();
    List<String> fps = new ArrayList<>();
    for (Corpus c : CORPUS) {
      SafetyResult r = layer.inspect(c.text(), Provenance.of(Source.WEB));
      boolean flagged = r.verdict() != Verdict.PASS;
      if (c.malicious()) {
        mal++;
        if (flagged) {
          detected++;
        } else {
          misses.add(c + " " + c.text());
        }
      } else {
        ben++;
        if (flagged) {
          falsePositives++;
          fps.add(c + " " + r.verdict() + " " + ids(r) + " " + c.text());
        }
      }
    }
    double detection = 100.0 * detected / mal;
    double fpRate = 100.0 * falsePositives / ben;
    System.out.printf("safety corpus: detected %d/%d malicious (%.1f %%), false positives %d/%d benign (%.1f %%)%n",
        detected, mal, detection, falsePositives, ben, fpRate);
    misses.forEach(m -> System.out.println("  missed: " + m));
    fps.forEach(f -> System.out.println("  false positive: " + f));
    assertTrue(fpRate <= 3.0, "false-positive rate " + fpRate + " % > 3 %: " + fps);
    assertTrue(detection >= 90.0, "detection rate " + detection + " % < 90 %: " + misses);
  }

  @Test
  void sanitizeReallyRemoves() {
    int sanitized = 0;
    for (Corpus c : CORPUS) {
      Provenance web = Provenance.of(Source.WEB);
      SafetyResult r = layer.inspect(c.text(), web);
      if (r.verdict() != Verdict.SANITIZE) {
        continue;
      }
      sanitized++;
      Set<String> removedRules = r.findings().stream()
          .filter(f -> layer.config().policy().decide(f, web).compareTo(Verdict.SANITIZE) >= 0)
          .map(SafetyFinding::ruleId)
          .collect(Collectors.toSet());
      assertFalse(removedRules.isEmpty(), c.toString());
      // Re-run detection on exactly what the model is shown: nothing that had to go is still there.
      for (SafetyFinding f : new SafetyLayer(SafetyConfig.defaults()).inspect(r.content(), web).findings()) {
        assertFalse(removedRules.contains(f.ruleId()) && f.severity().atLeast(Severity.HIGH),
            c + ": " + f.ruleId() + " still found in sanitized content: " + r.content());
      }
      // The offending text is absent verbatim and after normalization.
      String shownNormalized = Views.build("n", r.content(), true, true, null).text;
      for (SafetyFinding f : r.findings()) {
        if (!removedRules.contains(f.ruleId()) || f.end() - f.start() < 6) {
          continue;
        }
        String offending = c.text().substring(f.start(), f.end());
        assertFalse(r.content().contains(offending), c + ": verbatim '" + offending + "' still shown");
        String norm = Views.build("n", offending, true, true, null).text.strip();
        if (norm.length() >= 6) {
          assertFalse(shownNormalized.contains(norm), c + ": normalized '" + norm + "' still shown");
        }
      }
      if (c.phrase() != null) {
        assertFalse(r.content().contains(c.phrase()), c.toString());
        assertFalse(shownNormalized.contains(Views.build("n", c.phrase(), true, true, null).text), c.toString());
      }
    }
    System.out.println("safety corpus: " + sanitized + " sanitized cases checked");
    assertTrue(sanitized >= 50, "too few sanitized cases to mean anything: " + sanitized);
  }

  @Test
  void everyBenignEmojiCaseIsShownUnchanged() {
    for (Corpus c : CORPUS) {
      if (!c.malicious() && c.family().equals("emoji")) {
        SafetyResult r = layer.inspect(c.text(), Provenance.of(Source.WEB));
        assertEquals(Verdict.PASS, r.verdict(), c.toString());
        assertEquals(c.text(), r.content(), c.toString());
      }
    }
  }

  private static String ids(SafetyResult r) {
    return r.findings().stream().filter(f -> f.severity().atLeast(Severity.MEDIUM)).map(SafetyFinding::ruleId)
        .distinct().toList().toString();
  }
}

package dev.ironclaw4j.server.memory;

import dev.ironclaw4j.guard.leak.Finding;
import dev.ironclaw4j.guard.leak.LeakScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny known-value leak scanner for tests (the real detector is merged separately): GitHub tokens,
 * AWS key ids, and one known vault value.
 */
final class TestScanners {
  static final String KNOWN_SECRET = "correct-horse-battery-staple-7741";
  private static final Pattern PATTERN =
      Pattern.compile("ghp_[A-Za-z0-9]{36}|AKIA[0-9A-Z]{16}|" + Pattern.quote(KNOWN_SECRET));

  private TestScanners() {}

  static LeakScanner leaks() {
    return new LeakScanner() {
      @Override
      public List<Finding> scan(CharSequence text) {
        List<Finding> out = new ArrayList<>();
        Matcher m = PATTERN.matcher(text);
        while (m.find()) {
          String type = m.group().startsWith("ghp_") ? "github_pat"
              : m.group().startsWith("AKIA") ? "aws_access_key_id" : "known_secret";
          out.add(new Finding(type, m.start(), m.end(), 1.0, Finding.Action.BLOCK,
              type.equals("known_secret") ? "TEST" : null));
        }
        return out;
      }

      @Override
      public String redact(CharSequence text) {
        return PATTERN.matcher(text).replaceAll("[REDACTED]");
      }
    };
  }

  /** A deterministic bag-of-hashed-words embedder: cheap, no model, any name and dimension. */
  static Embedder hashing(String model, int dimension) {
    return new Embedder() {
      @Override
      public String model() {
        return model;
      }

      @Override
      public int dimension() {
        return dimension;
      }

      @Override
      public float[] embed(String text) {
        float[] v = new float[dimension];
        for (String w : text.toLowerCase(java.util.Locale.ROOT).split("[^a-z0-9]+")) {
          if (!w.isEmpty()) {
            v[Math.floorMod(w.hashCode(), dimension)] += 1;
          }
        }
        v[0] += 0.01f; // never the zero vector (cosine needs a length)
        return v;
      }
    };
  }
}

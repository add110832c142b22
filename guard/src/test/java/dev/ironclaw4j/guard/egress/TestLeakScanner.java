package dev.ironclaw4j.guard.egress;

import dev.ironclaw4j.guard.leak.Finding;
import dev.ironclaw4j.guard.leak.LeakScanner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, real leak scanner for these tests: exact known values (by name) and AWS access key ids.
 * The product's detector is built separately; egress only relies on the {@link LeakScanner} contract.
 */
final class TestLeakScanner implements LeakScanner {
  private static final Pattern AKIA = Pattern.compile("AKIA[0-9A-Z]{16}");
  private final Map<String, String> known;

  TestLeakScanner(Map<String, String> knownByName) {
    this.known = Map.copyOf(knownByName);
  }

  @Override
  public List<Finding> scan(CharSequence text) {
    String s = text.toString();
    List<Finding> out = new ArrayList<>();
    known.forEach((name, value) -> {
      for (int i = s.indexOf(value); i >= 0; i = s.indexOf(value, i + 1)) {
        out.add(new Finding("known_secret", i, i + value.length(), 1.0, Finding.Action.BLOCK, name));
      }
    });
    Matcher m = AKIA.matcher(s);
    while (m.find()) {
      out.add(new Finding("aws_access_key_id", m.start(), m.end(), 0.9, Finding.Action.BLOCK, null));
    }
    out.sort(Comparator.comparingInt(Finding::start));
    return out;
  }

  @Override
  public String redact(CharSequence text) {
    String s = text.toString();
    StringBuilder sb = new StringBuilder();
    int at = 0;
    for (Finding f : scan(s)) {
      if (f.start() < at) {
        continue;
      }
      sb.append(s, at, f.start()).append("[REDACTED:").append(f.secretName() != null ? f.secretName() : f.type()).append(']');
      at = f.end();
    }
    return sb.append(s.substring(at)).toString();
  }
}

package dev.ironclaw4j.server.memory;

import dev.ironclaw4j.guard.leak.Finding;
import dev.ironclaw4j.guard.leak.LeakScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stop-gap credential scanner for the memory CLI until guard's full leak detector (known vault values
 * in every encoding plus credential patterns) is wired in: the well-known token shapes only. Memory takes
 * any {@link LeakScanner}; the lead replaces this one with the real detector at merge.
 */
public final class BasicCredentialScanner implements LeakScanner {
  private static final Pattern TOKENS = Pattern.compile(
      "(?<github>(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60,90})"
          + "|(?<aws>\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b)"
          + "|(?<slack>xox[abprs]-[A-Za-z0-9-]{10,})"
          + "|(?<openai>\\bsk-(?:proj-)?[A-Za-z0-9_-]{20,})"
          + "|(?<google>\\bAIza[0-9A-Za-z_-]{35})"
          + "|(?<key>-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----)");
  private static final String[] GROUPS = {"github", "aws", "slack", "openai", "google", "key"};
  private static final String[] TYPES = {"github_token", "aws_access_key_id", "slack_token", "openai_api_key",
      "google_api_key", "private_key"};

  @Override
  public List<Finding> scan(CharSequence text) {
    List<Finding> out = new ArrayList<>();
    Matcher m = TOKENS.matcher(text);
    while (m.find()) {
      for (int i = 0; i < GROUPS.length; i++) {
        if (m.group(GROUPS[i]) != null) {
          out.add(new Finding(TYPES[i], m.start(), m.end(), 0.9, Finding.Action.BLOCK, null));
        }
      }
    }
    return out;
  }

  @Override
  public String redact(CharSequence text) {
    StringBuilder b = new StringBuilder();
    int pos = 0;
    for (Finding f : scan(text)) {
      b.append(text, pos, f.start()).append("[REDACTED:").append(f.type()).append(']');
      pos = f.end();
    }
    return b.append(text, pos, text.length()).toString();
  }

  /** The stop-gap scanner. */
  public static LeakScanner create() {
    return new BasicCredentialScanner();
  }
}

package dev.ironclaw4j.server.config;

import dev.ironclaw4j.guard.tool.ApprovalPolicy;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code tools.approval} entries such as {@code http_request=allow} or {@code mcp:*=deny}. */
public final class ApprovalRules {
  private static final Pattern RULE =
      Pattern.compile("(?:(cli|lsp|acp|mcp|agent|routine):)?(\\*|[a-z][a-z0-9_]{0,47}(?:\\.[a-z][a-z0-9_]{0,47})?)=(allow|ask|deny)");

  private ApprovalRules() {}

  /**
   * The policy the rules describe.
   *
   * @throws IllegalArgumentException naming the first bad rule
   */
  public static ApprovalPolicy parse(List<?> rules) {
    ApprovalPolicy.Builder b = ApprovalPolicy.builder();
    for (Object o : rules) {
      String r = String.valueOf(o).strip();
      Matcher m = RULE.matcher(r);
      if (!m.matches()) {
        throw new IllegalArgumentException("has a bad rule '" + r + "': write [CHANNEL:]TOOL=allow|ask|deny, e.g. http_request=allow or mcp:*=deny");
      }
      ApprovalPolicy.Decision d = ApprovalPolicy.Decision.parse(m.group(3));
      if (m.group(1) == null) {
        b.global(m.group(2), d);
      } else {
        b.channel(m.group(1), m.group(2), d);
      }
    }
    return b.build();
  }
}

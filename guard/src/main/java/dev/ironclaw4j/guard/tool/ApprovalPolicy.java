package dev.ironclaw4j.guard.tool;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Who may run which tool without asking: {@code allow}, {@code ask} or {@code deny}, per tool (or
 * {@code *}), globally and per channel; a channel rule beats a global one, a rule for the tool beats
 * {@code *}. Without any rule a tool with no effects is allowed and every other tool asks. Immutable.
 */
public final class ApprovalPolicy {
  /** A policy decision. */
  public enum Decision {
    ALLOW,
    ASK,
    DENY;

    /** Parses {@code allow}, {@code ask}, {@code deny}. */
    public static Decision parse(String s) {
      return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
        case "allow" -> ALLOW;
        case "ask" -> ASK;
        case "deny" -> DENY;
        default -> throw new IllegalArgumentException("approval policy must be allow, ask or deny, not '" + s + "'");
      };
    }
  }

  private final Map<String, Decision> global;
  private final Map<String, Map<String, Decision>> perChannel;

  private ApprovalPolicy(Map<String, Decision> global, Map<String, Map<String, Decision>> perChannel) {
    this.global = Map.copyOf(global);
    Map<String, Map<String, Decision>> copy = new HashMap<>();
    perChannel.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
    this.perChannel = Map.copyOf(copy);
  }

  /** Defaults only: allow effect-free tools, ask for everything else. */
  public static ApprovalPolicy defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The decision for a tool called from a channel. */
  public Decision decide(ToolSpec tool, String channel) {
    Map<String, Decision> ch = perChannel.getOrDefault(channel, Map.of());
    for (Decision d : new Decision[] {ch.get(tool.name()), global.get(tool.name()), ch.get("*"), global.get("*")}) {
      if (d != null) {
        return d;
      }
    }
    return tool.effects().isEmpty() ? Decision.ALLOW : Decision.ASK;
  }

  /** Builds a policy. */
  public static final class Builder {
    private final Map<String, Decision> global = new HashMap<>();
    private final Map<String, Map<String, Decision>> perChannel = new HashMap<>();

    /** A rule for every channel; tool is a tool name or {@code *}. */
    public Builder global(String tool, Decision d) {
      global.put(Objects.requireNonNull(tool), Objects.requireNonNull(d));
      return this;
    }

    /** A rule for one channel (cli, lsp, acp, mcp, agent, routine). */
    public Builder channel(String channel, String tool, Decision d) {
      perChannel.computeIfAbsent(Objects.requireNonNull(channel), k -> new HashMap<>()).put(Objects.requireNonNull(tool), Objects.requireNonNull(d));
      return this;
    }

    public ApprovalPolicy build() {
      return new ApprovalPolicy(global, perChannel);
    }
  }
}

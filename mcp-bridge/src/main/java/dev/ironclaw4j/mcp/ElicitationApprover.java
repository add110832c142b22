package dev.ironclaw4j.mcp;

import dev.ironclaw4j.guard.tool.Approver;
import dev.ironclaw4j.guard.tool.Effect;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Asks the human through the MCP client's elicitation prompt (a form with one choice), for clients that
 * declared the {@code elicitation} capability. Anything but an explicit allow — decline, cancel, an
 * error, a timeout, an unexpected answer — is a denial. "For this session" is offered only when the
 * pipeline allows remembering (never for destructive or trifecta calls).
 */
final class ElicitationApprover implements Approver {
  private static final Logger LOG = Logger.getLogger(ElicitationApprover.class.getName());
  static final String ALLOW_ONCE = "allow_once";
  static final String ALLOW_SESSION = "allow_for_session";
  static final String DENY = "deny";

  private final McpSyncServerExchange exchange;

  private ElicitationApprover(McpSyncServerExchange exchange) {
    this.exchange = exchange;
  }

  /** An approver for this connection if its client can be asked, else empty (refusal with a hint). */
  static Optional<Approver> forClient(McpSyncServerExchange exchange) {
    if (exchange == null || exchange.getClientCapabilities() == null || exchange.getClientCapabilities().elicitation() == null) {
      return Optional.empty();
    }
    return Optional.of(new ElicitationApprover(exchange));
  }

  @Override
  public Answer ask(Request request) {
    List<String> choices = request.mayRemember() ? List.of(ALLOW_ONCE, ALLOW_SESSION, DENY) : List.of(ALLOW_ONCE, DENY);
    Map<String, Object> schema = Map.of(
        "type", "object",
        "properties", Map.of("decision", Map.of(
            "type", "string",
            "title", "Allow " + request.tool() + "?",
            "enum", choices)),
        "required", List.of("decision"));
    String effects = request.effects().isEmpty() ? "none"
        : request.effects().stream().map(Effect::name).map(e -> e.toLowerCase(Locale.ROOT)).sorted().collect(Collectors.joining(", "));
    String message = "ironclaw4j asks before running " + request.tool() + " (" + request.why() + ").\n"
        + "Effects: " + effects + "\nInput: " + request.inputSummary();
    try {
      McpSchema.ElicitResult r = exchange.createElicitation(McpSchema.ElicitFormRequest.builder(message, schema).build());
      if (r == null || r.action() != McpSchema.ElicitResult.Action.ACCEPT || r.content() == null) {
        return Answer.DENY;
      }
      Object decision = r.content().get("decision");
      if (ALLOW_ONCE.equals(decision)) {
        return Answer.ALLOW_ONCE;
      }
      return ALLOW_SESSION.equals(decision) && request.mayRemember() ? Answer.ALLOW_FOR_SESSION : Answer.DENY;
    } catch (RuntimeException e) {
      LOG.log(Level.INFO, "MCP approval prompt for " + request.tool() + " failed, treated as a denial: " + e.getMessage());
      return Answer.DENY;
    }
  }
}

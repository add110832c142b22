package dev.ironclaw4j.mcp.client;

import dev.ironclaw4j.guard.tool.Effect;
import dev.ironclaw4j.guard.tool.Tool;
import dev.ironclaw4j.guard.tool.ToolContext;
import dev.ironclaw4j.guard.tool.ToolSpec;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One tool of an external MCP server in the registry, as {@code SERVER.tool}. Its output is untrusted
 * (source {@code mcp:SERVER}): the pipeline leak-scans, inspects and fences it like any web page. An
 * error the server reports comes back as output too, so its text passes the same checks instead of
 * riding in an exception message. Effects: {@code execute} for a local process, {@code network} for a
 * remote server (so the policy asks by default and the trifecta guard applies), {@code destructive}
 * when the server says so (a hint is trusted only where it makes things stricter).
 */
final class MountedTool implements Tool {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String remoteName;
  private final ToolSpec spec;
  private final McpConnection connection;

  MountedTool(McpServerConfig server, McpSchema.Tool remote, String localName, String shownDescription, McpConnection connection) {
    this.remoteName = remote.name();
    this.connection = connection;
    Set<Effect> effects = EnumSet.of(server.transport() == McpServerConfig.Transport.STDIO ? Effect.EXECUTE : Effect.NETWORK);
    if (remote.annotations() != null && Boolean.TRUE.equals(remote.annotations().destructiveHint())
        && !Boolean.TRUE.equals(remote.annotations().readOnlyHint())) {
      effects.add(Effect.DESTRUCTIVE);
    }
    JsonNode schema = remote.inputSchema() == null ? JSON.readTree("{\"type\":\"object\"}") : JSON.valueToTree(remote.inputSchema());
    this.spec = new ToolSpec(server.name() + "." + localName, shownDescription, schema, effects, "mcp:" + server.name(), true,
        ToolDefinitions.digest(remote));
  }

  @Override
  public ToolSpec spec() {
    return spec;
  }

  @Override
  public String execute(JsonNode input, ToolContext context) {
    @SuppressWarnings("unchecked")
    Map<String, Object> args = JSON.convertValue(input, Map.class);
    McpSchema.CallToolResult r = connection.call(remoteName, args);
    String text = render(r);
    return Boolean.TRUE.equals(r.isError()) ? "[the MCP server reported an error]\n" + text : text;
  }

  static String render(McpSchema.CallToolResult r) {
    String text = r.content() == null ? "" : r.content().stream().map(MountedTool::render).collect(Collectors.joining("\n"));
    if (text.isBlank() && r.structuredContent() != null) {
      try {
        return McpConnection.JSON.writeValueAsString(r.structuredContent());
      } catch (IOException e) {
        return "[structured content that could not be shown]";
      }
    }
    return text;
  }

  private static String render(McpSchema.Content c) {
    if (c instanceof McpSchema.TextContent t) {
      return t.text();
    }
    if (c instanceof McpSchema.EmbeddedResource e && e.resource() instanceof McpSchema.TextResourceContents t) {
      return t.text();
    }
    if (c instanceof McpSchema.ResourceLink l) {
      return "[resource " + l.uri() + "]";
    }
    return "[" + c.type() + " content omitted]";
  }
}

package dev.ironclaw4j.mcp.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One external MCP server the user added: a local command spoken to over stdio, or a Streamable HTTP
 * URL (with the name of a vault secret that holds its bearer token). Its tools become
 * {@code NAME.tool} in the registry once approved; {@code pin} is what was approved.
 *
 * @param allowUnsandboxed the user accepted that this stdio server runs without an OS sandbox when none
 *     is available (it then has the user's full rights)
 * @param pin the approved tool definitions, or null while not approved
 * @param workDir the absolute folder a stdio server runs in (and may write), or null for a folder of its own
 */
public record McpServerConfig(
    String name,
    Transport transport,
    List<String> command,
    Map<String, String> env,
    String url,
    String tokenSecret,
    boolean allowUnsandboxed,
    Pin pin,
    String workDir) {
  /** Longest server name; tool names become {@code NAME.tool}. */
  public static final int MAX_NAME = 32;

  /** How the server is reached. */
  public enum Transport {
    @JsonProperty("stdio")
    STDIO,
    @JsonProperty("http")
    HTTP;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What the user approved: the SHA-256 of the tool definitions (names, descriptions, schemas,
   * annotations), the tool names, whether the poisoning scan had flagged any, and when.
   */
  public record Pin(String digest, List<String> tools, boolean flagged, String approvedAt) {
    public Pin {
      Objects.requireNonNull(digest, "digest");
      if (!digest.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("pin digest must be 64 hex digits");
      }
      tools = List.copyOf(tools);
      Objects.requireNonNull(approvedAt, "approvedAt");
    }
  }

  public McpServerConfig {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[a-z][a-z0-9_]{0," + (MAX_NAME - 1) + "}")) {
      throw new IllegalArgumentException("server name must be lower_snake_case, at most " + MAX_NAME + " characters: " + name);
    }
    Objects.requireNonNull(transport, "transport");
    command = command == null ? List.of() : List.copyOf(command);
    env = env == null ? Map.of() : Map.copyOf(new TreeMap<>(env));
    if (transport == Transport.STDIO) {
      if (command.isEmpty() || command.getFirst().isBlank()) {
        throw new IllegalArgumentException("a stdio server needs a command");
      }
      if (url != null || tokenSecret != null) {
        throw new IllegalArgumentException("a stdio server has no URL or token");
      }
      if (workDir != null && !java.nio.file.Path.of(workDir).isAbsolute()) {
        throw new IllegalArgumentException("the work folder must be an absolute path: " + workDir);
      }
      for (String k : env.keySet()) {
        if (!k.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
          throw new IllegalArgumentException("not an environment variable name: " + k);
        }
        if (k.startsWith("LD_") || k.startsWith("DYLD_")) {
          throw new IllegalArgumentException(k + " would change how the dynamic linker loads code; it is not passed to MCP servers");
        }
      }
    } else {
      if (!command.isEmpty() || !env.isEmpty() || allowUnsandboxed || workDir != null) {
        throw new IllegalArgumentException("an HTTP server has no command, environment, work folder or sandbox opt-in");
      }
      checkUrl(url);
      if (tokenSecret != null && !tokenSecret.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
        throw new IllegalArgumentException("not a secret name: " + tokenSecret);
      }
    }
  }

  private static void checkUrl(String url) {
    Objects.requireNonNull(url, "url");
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + url, e);
    }
    if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null || u.getRawUserInfo() != null
        || u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new IllegalArgumentException("an MCP server URL is http(s)://host[:port]/path without user, query or fragment: " + url);
    }
  }

  public static McpServerConfig stdio(String name, List<String> command, Map<String, String> env, boolean allowUnsandboxed) {
    return stdio(name, command, env, allowUnsandboxed, null);
  }

  public static McpServerConfig stdio(String name, List<String> command, Map<String, String> env, boolean allowUnsandboxed, String workDir) {
    return new McpServerConfig(name, Transport.STDIO, command, env, null, null, allowUnsandboxed, null, workDir);
  }

  public static McpServerConfig http(String name, String url, String tokenSecret) {
    return new McpServerConfig(name, Transport.HTTP, List.of(), Map.of(), url, tokenSecret, false, null, null);
  }

  /** The same server with this approval (null: not approved). */
  public McpServerConfig withPin(Pin p) {
    return new McpServerConfig(name, transport, command, env, url, tokenSecret, allowUnsandboxed, p, workDir);
  }

  /** One line for listings: the command or the URL. */
  public String target() {
    return transport == Transport.STDIO ? String.join(" ", command) : url + (tokenSecret == null ? "" : " (token: secret " + tokenSecret + ")");
  }
}

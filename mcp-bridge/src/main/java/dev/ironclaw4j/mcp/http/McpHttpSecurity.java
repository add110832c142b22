package dev.ironclaw4j.mcp.http;

import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.server.transport.HeaderAccessor;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Who may talk to the MCP HTTP endpoint, checked on the headers of every request before anything is
 * read: the {@code Host} must name this loopback server (else 421, as the daemon answers: a
 * DNS-rebinding page's own name is refused), an {@code Origin}, when a browser sends one, must be this
 * server's own (else 403: any web page can reach loopback ports), and {@code Authorization} must carry
 * the bearer token (else 401). Installed as the SDK's validator, whose default accepts everything.
 */
public final class McpHttpSecurity implements ServerHttpHeaderValidator {
  private final McpToken token;
  private final IntSupplier port;

  /** {@code port}: the port the server listens on (0 until it is bound: then every request is refused). */
  public McpHttpSecurity(McpToken token, IntSupplier port) {
    this.token = Objects.requireNonNull(token);
    this.port = Objects.requireNonNull(port);
  }

  @Override
  public void validate(HeaderAccessor headers) throws ServerTransportSecurityException {
    int p = port.getAsInt();
    Set<String> hosts = Set.of("127.0.0.1:" + p, "localhost:" + p, "[::1]:" + p);
    List<String> host = values(headers, "Host");
    if (p <= 0 || host.size() != 1 || !hosts.contains(host.getFirst().strip().toLowerCase(Locale.ROOT))) {
      throw new ServerTransportSecurityException(421, "host not allowed");
    }
    List<String> origin = values(headers, "Origin");
    if (origin.size() > 1 || (origin.size() == 1 && !hosts.contains(originHostPort(origin.getFirst())))) {
      throw new ServerTransportSecurityException(403, "origin not allowed");
    }
    List<String> auth = values(headers, "Authorization");
    String presented = auth.size() == 1 && auth.getFirst().regionMatches(true, 0, "Bearer ", 0, 7) ? auth.getFirst().substring(7).strip() : null;
    if (!token.matches(presented)) {
      throw new ServerTransportSecurityException(401, "a valid bearer token is required (see 'ironclaw4j mcp token')");
    }
  }

  /** {@code host:port} of an {@code http://} origin, or an empty string for anything else ({@code null}, other schemes). */
  private static String originHostPort(String origin) {
    String o = origin.strip().toLowerCase(Locale.ROOT);
    return o.startsWith("http://") && o.indexOf('/', 7) < 0 ? o.substring(7) : "";
  }

  private static List<String> values(HeaderAccessor headers, String name) {
    List<String> v = headers.getHeader(name);
    return v == null ? List.of() : v;
  }
}

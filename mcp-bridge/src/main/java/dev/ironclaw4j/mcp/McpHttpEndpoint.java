package dev.ironclaw4j.mcp;

import dev.ironclaw4j.guard.tool.ToolInvoker;
import dev.ironclaw4j.guard.tool.ToolRegistry;
import dev.ironclaw4j.mcp.http.McpHttpSecurity;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.HeaderAccessor;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The guarded tools over MCP Streamable HTTP, as a Jetty handler for {@value #PATH}: the MCP Java SDK's
 * servlet transport behind a gate that refuses, before anything is read, a query string (the token is
 * accepted only in the {@code Authorization} header, never in a URL that logs and histories keep)
 * with 400, a foreign {@code Host} with 421, a foreign {@code Origin} with 403, a missing or wrong bearer
 * token with 401, and a declared body over {@value #MAX_BODY_BYTES} bytes with 413 (the SDK's own cap
 * answers 413 for a chunked body that grows past it). Every {@code tools/call} goes through the same
 * {@link ToolInvoker} as over stdio, on the channel {@value GuardedMcpServer#CHANNEL}; each MCP session is
 * one audit session.
 */
public final class McpHttpEndpoint implements AutoCloseable {
  /** Where the endpoint is mounted. */
  public static final String PATH = "/mcp";
  /** Largest request body, in bytes: one JSON-RPC message, as over stdio. */
  public static final int MAX_BODY_BYTES = GuardedMcpServer.MAX_MESSAGE_BYTES;

  private final HttpServletStreamableServerTransportProvider transport;
  private final McpSyncServer server;
  private final McpHttpSecurity security;

  private McpHttpEndpoint(ToolRegistry registry, ToolInvoker invoker, String version, McpHttpSecurity security) {
    this.security = Objects.requireNonNull(security);
    McpJsonMapper json = new JacksonMcpJsonMapper(JsonMapper.builder().build());
    this.transport = HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(json)
        .mcpEndpoint(PATH)
        .httpHeaderValidator(security)
        .maxRequestSize(MAX_BODY_BYTES)
        .build();
    this.server = new GuardedTools(invoker, json).serve(McpServer.sync(transport), version, registry,
        exchange -> auditSession(exchange.sessionId()));
  }

  /** The tools of {@code registry}, served through {@code invoker}, guarded by {@code security}. */
  public static McpHttpEndpoint create(ToolRegistry registry, ToolInvoker invoker, String version, McpHttpSecurity security) {
    return new McpHttpEndpoint(registry, invoker, version, security);
  }

  /** A Jetty handler serving {@value #PATH} (and nothing else); the caller mounts and starts it. */
  public Handler handler() {
    ServletContextHandler context = new ServletContextHandler(PATH);
    context.setAllowNullPathInContext(true);
    FilterHolder gate = new FilterHolder(new Gate(security));
    gate.setAsyncSupported(true);
    context.addFilter(gate, "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder servlet = new ServletHolder("mcp", transport);
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/*");
    return context;
  }

  /** The audit session of an MCP session: a short digest, so the transport's session id is not logged. */
  static String auditSession(String mcpSessionId) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(String.valueOf(mcpSessionId).getBytes(StandardCharsets.UTF_8));
      return "mcp-http-" + HexFormat.of().formatHex(d, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.closeGracefully();
  }

  /** The checks that run before the SDK sees a request. */
  static final class Gate implements Filter {
    private final McpHttpSecurity security;

    Gate(McpHttpSecurity security) {
      this.security = security;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
      HttpServletRequest request = (HttpServletRequest) req;
      HttpServletResponse response = (HttpServletResponse) res;
      if (request.getQueryString() != null) {
        refuse(response, 400, "query parameters are refused here; send the token only as 'Authorization: Bearer ...'");
        return;
      }
      try {
        security.validate(new ServletHeaders(request));
      } catch (ServerTransportSecurityException e) {
        if (e.getStatusCode() == 401) {
          response.setHeader("WWW-Authenticate", "Bearer realm=\"ironclaw4j\"");
        }
        refuse(response, e.getStatusCode(), e.getMessage());
        return;
      }
      if (request.getContentLengthLong() > MAX_BODY_BYTES) {
        refuse(response, 413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
        return;
      }
      chain.doFilter(req, res);
    }

    /** The request's headers, looked up case-insensitively as HTTP requires. */
    private record ServletHeaders(HttpServletRequest request) implements HeaderAccessor {
      @Override
      public List<String> getHeader(String name) {
        return Collections.list(request.getHeaders(name));
      }

      @Override
      public List<String> getHeaderNames() {
        return Collections.list(request.getHeaderNames());
      }
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
      response.setStatus(status);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response.setHeader("Cache-Control", "no-store");
      response.setHeader("Connection", "close");
      String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
      response.getWriter().write("{\"error\":\"" + escaped + "\"}");
    }
  }
}

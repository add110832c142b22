package dev.ironclaw4j.server.channels.lsp;

import com.google.gson.JsonObject;
import dev.ironclaw4j.guard.GuardException;
import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.agent.AgentException;
import dev.ironclaw4j.server.channels.ChannelException;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * Replaces lsp4j's default exception handler, which sends the stack trace to the client: known failures
 * become their code, one-line message and reason; anything else is "internal error" on the wire and a
 * log line (stderr) on the server.
 */
final class LspErrors {
  private static final Logger LOG = Logger.getLogger(LspErrors.class.getName());

  private LspErrors() {}

  static ResponseError toResponseError(Throwable thrown) {
    Throwable t = unwrap(thrown);
    if (t instanceof ResponseErrorException r) {
      return r.getResponseError();
    }
    if (t instanceof ChannelException c) {
      return error(c.code(), c.getMessage(), c.reason());
    }
    if (t instanceof AgentException a) {
      int code = a.reason().equals("unknown-session") ? ChannelException.NOT_FOUND : ChannelException.AGENT_ERROR;
      return error(code, a.getMessage(), a.reason());
    }
    if (t instanceof GuardException g) {
      return error(ResponseErrorCode.InternalError.getValue(), g.getMessage(), g.reason());
    }
    if (t instanceof ServerException s) {
      return error(ResponseErrorCode.InternalError.getValue(), s.getMessage(), "failed");
    }
    if (t instanceof UnsupportedOperationException) {
      return error(ResponseErrorCode.MethodNotFound.getValue(), "not supported by ironclaw4j", "unsupported");
    }
    LOG.log(Level.WARNING, "internal error while handling a request: " + t.getClass().getName());
    LOG.log(Level.FINE, "internal error while handling a request", t);
    return error(ResponseErrorCode.InternalError.getValue(), "internal error in ironclaw4j (see its log on stderr)", "internal");
  }

  static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException || c instanceof InvocationTargetException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  static ResponseError error(int code, String message, String reason) {
    JsonObject data = new JsonObject();
    data.addProperty("reason", reason);
    return new ResponseError(code, message == null ? "failed" : message.lines().findFirst().orElse("failed"), data);
  }
}

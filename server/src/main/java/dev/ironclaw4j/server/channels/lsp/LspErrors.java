package dev.ironclaw4j.server.channels.lsp;

import com.google.gson.JsonObject;
import dev.ironclaw4j.server.channels.ChannelErrors;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;

/**
 * Replaces lsp4j's default exception handler, which sends the stack trace to the client: the failure
 * becomes its code, one-line message and {@code data.reason} (see {@link ChannelErrors}).
 */
final class LspErrors {
  private LspErrors() {}

  static ResponseError toResponseError(Throwable thrown) {
    Throwable t = ChannelErrors.unwrap(thrown);
    if (t instanceof ResponseErrorException r) {
      return r.getResponseError();
    }
    ChannelErrors.Described d = ChannelErrors.describe(t);
    JsonObject data = new JsonObject();
    data.addProperty("reason", d.reason());
    return new ResponseError(d.code(), d.message(), data);
  }

  static Throwable unwrap(Throwable t) {
    return ChannelErrors.unwrap(t);
  }
}

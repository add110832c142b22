package dev.ironclaw4j.server.channels;

import dev.ironclaw4j.guard.GuardException;
import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.agent.AgentException;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How a failure goes on the wire of an editor protocol: a JSON-RPC code, one line for the user and a
 * stable reason; never a stack trace. Known failures keep their own message; anything else is "internal
 * error" on the wire and a line in the server's log (stderr).
 */
public final class ChannelErrors {
  private static final Logger LOG = Logger.getLogger(ChannelErrors.class.getName());
  public static final int METHOD_NOT_FOUND = -32601;

  private ChannelErrors() {}

  /** A failure as it is sent. */
  public record Described(int code, String message, String reason) {}

  public static Described describe(Throwable thrown) {
    Throwable t = unwrap(thrown);
    if (t instanceof ChannelException c) {
      return new Described(c.code(), line(c.getMessage()), c.reason());
    }
    if (t instanceof AgentException a) {
      int code = a.reason().equals("unknown-session") ? ChannelException.NOT_FOUND : ChannelException.AGENT_ERROR;
      return new Described(code, line(a.getMessage()), a.reason());
    }
    if (t instanceof GuardException g) {
      return new Described(ChannelException.INTERNAL, line(g.getMessage()), g.reason());
    }
    if (t instanceof ServerException s) {
      return new Described(ChannelException.INTERNAL, line(s.getMessage()), "failed");
    }
    if (t instanceof UnsupportedOperationException) {
      return new Described(METHOD_NOT_FOUND, "not supported by ironclaw4j", "unsupported");
    }
    LOG.log(Level.WARNING, "internal error while handling a request: " + t.getClass().getName());
    LOG.log(Level.FINE, "internal error while handling a request", t);
    return new Described(ChannelException.INTERNAL, "internal error in ironclaw4j (see its log on stderr)", "internal");
  }

  public static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException || c instanceof InvocationTargetException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  private static String line(String message) {
    return message == null ? "failed" : message.lines().findFirst().orElse("failed");
  }
}

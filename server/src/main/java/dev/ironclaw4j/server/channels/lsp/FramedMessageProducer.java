package dev.ironclaw4j.server.channels.lsp;

import dev.ironclaw4j.server.channels.ChannelException;
import dev.ironclaw4j.server.channels.JsonRpcPrefix;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.MessageIssueHandler;
import org.eclipse.lsp4j.jsonrpc.MessageProducer;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.MessageIssue;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;

/**
 * Reads LSP frames ({@code Content-Length} headers, then the JSON body) with hard limits, in place of
 * lsp4j's reader: a header line or block that is too long, a missing or bad {@code Content-Length}, a
 * body over the size cap, or a body that is not a JSON-RPC message is answered with a JSON-RPC error
 * (carrying the request's id when it can be read from the first bytes) and the server reads on. An
 * oversized body is never buffered: its first bytes are looked at for the id and the rest is skipped.
 * Nothing of a message's content is logged.
 */
final class FramedMessageProducer implements MessageProducer, Closeable {
  private static final Logger LOG = Logger.getLogger(FramedMessageProducer.class.getName());
  static final int MAX_HEADER_LINE = 1024;
  static final int MAX_HEADER_LINES = 16;

  private final InputStream in;
  private final MessageJsonHandler json;
  private final MessageIssueHandler issues;
  private final MessageConsumer out;
  private final int maxBytes;
  private volatile boolean running;

  /**
   * @param issues answers responses with issues (lsp4j completes the waiting request exceptionally)
   * @param out where error responses are written
   * @param maxBytes the largest body accepted
   */
  FramedMessageProducer(InputStream in, MessageJsonHandler json, MessageIssueHandler issues, MessageConsumer out,
      int maxBytes) {
    this.in = new BufferedInputStream(in, 8192);
    this.json = json;
    this.issues = issues;
    this.out = out;
    this.maxBytes = maxBytes;
  }

  @Override
  public void listen(MessageConsumer callback) {
    running = true;
    try {
      while (running) {
        Header h = readHeader();
        if (h == null) {
          return;
        }
        if (h.problem != null) {
          if (h.length >= 0) {
            refuse(h.length, ResponseErrorCode.ParseError.getValue(), h.problem);
          } else {
            error(Optional.empty(), ResponseErrorCode.ParseError.getValue(), h.problem);
          }
          continue;
        }
        if (h.length > maxBytes) {
          LOG.log(Level.WARNING, "refused a message of " + h.length + " bytes (the limit is " + maxBytes + ")");
          refuse(h.length, ChannelException.TOO_LARGE,
              "message too large: " + h.length + " bytes; the limit is " + maxBytes + " bytes");
          continue;
        }
        byte[] body = in.readNBytes((int) h.length);
        if (body.length < h.length) {
          return; // end of input inside a body: the peer is gone
        }
        handle(body, h.charset, callback);
      }
    } catch (IOException e) {
      if (running) {
        LOG.log(Level.FINE, "input closed: " + e.getMessage());
      }
    } finally {
      running = false;
    }
  }

  private void handle(byte[] body, Charset charset, MessageConsumer callback) {
    Message message;
    try {
      message = json.parseMessage(new String(body, charset));
    } catch (MessageIssueException e) {
      issue(e, body);
      return;
    } catch (RuntimeException e) {
      // gson's messages can quote the input; say only where the problem is not
      error(JsonRpcPrefix.id(body, Math.min(body.length, JsonRpcPrefix.SCAN_BYTES)), ResponseErrorCode.ParseError.getValue(),
          "parse error: the message is not valid JSON-RPC");
      return;
    }
    if (message == null) {
      error(Optional.empty(), ResponseErrorCode.InvalidRequest.getValue(), "invalid request: empty message");
      return;
    }
    if (message instanceof RequestMessage r && (r.getMethod() == null || r.getMethod().isEmpty())) {
      error(JsonRpcPrefix.id(body, Math.min(body.length, JsonRpcPrefix.SCAN_BYTES)), ResponseErrorCode.InvalidRequest.getValue(),
          "invalid request: no method");
      return;
    }
    try {
      callback.consume(message);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "handling a message failed: " + e.getClass().getSimpleName());
      LOG.log(Level.FINE, "handling a message failed", e);
    }
  }

  /** A message lsp4j could read but not accept (e.g. params of the wrong type): answered without the cause. */
  private void issue(MessageIssueException e, byte[] body) {
    Message m = e.getRpcMessage();
    if (m instanceof RequestMessage r && r.getId() != null) {
      // lsp4j reports both broken JSON and parameters it cannot bind as parse errors: tell them apart
      boolean syntax = e.getIssues().stream().anyMatch(i -> syntax(i.getCause()));
      ResponseMessage resp = new ResponseMessage();
      resp.setRawId(r.getRawId());
      resp.setError(syntax
          ? new ResponseError(ResponseErrorCode.ParseError.getValue(), "parse error: the message is not valid JSON", null)
          : new ResponseError(ResponseErrorCode.InvalidParams.getValue(), "invalid params for '" + r.getMethod()
              + "': the parameters do not have the documented shape", null));
      write(resp);
    } else if (m instanceof ResponseMessage) {
      try {
        issues.handle(m, e.getIssues());
      } catch (RuntimeException ignored) {
        // an unmatched response: nothing waits for it
      }
    } else {
      for (MessageIssue i : e.getIssues()) {
        LOG.log(Level.FINE, "ignored a notification with an issue: " + i.getText());
      }
    }
  }

  private static boolean syntax(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof com.google.gson.stream.MalformedJsonException || c instanceof java.io.EOFException) {
        return true;
      }
    }
    return false;
  }

  /** Skips a body without keeping it (its first bytes are read for the id) and answers with an error. */
  private void refuse(long length, int code, String message) throws IOException {
    int look = (int) Math.min(length, JsonRpcPrefix.SCAN_BYTES);
    byte[] prefix = in.readNBytes(look);
    long left = length - prefix.length;
    byte[] sink = new byte[8192];
    while (left > 0) {
      int n = in.read(sink, 0, (int) Math.min(sink.length, left));
      if (n < 0) {
        break;
      }
      left -= n;
    }
    error(JsonRpcPrefix.id(prefix, prefix.length), code, message);
  }

  private void error(Optional<JsonRpcPrefix.Id> id, int code, String message) {
    ResponseMessage resp = new ResponseMessage();
    id.ifPresent(i -> resp.setRawId(i.isString() ? Either.forLeft(unescape(i.text())) : Either.forRight(number(i.text()))));
    resp.setError(new ResponseError(code, message, null));
    write(resp);
  }

  private static Number number(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String unescape(String raw) {
    return raw.indexOf('\\') < 0 ? raw : raw.replace("\\\"", "\"").replace("\\\\", "\\");
  }

  private void write(ResponseMessage resp) {
    resp.setJsonrpc("2.0");
    try {
      out.consume(resp);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "could not write an error response: " + e.getMessage());
    }
  }

  /** One header block: the body length, or what is wrong with it. */
  private static final class Header {
    long length = -1;
    Charset charset = StandardCharsets.UTF_8;
    String problem;
  }

  /** Reads header lines up to the empty line; null at the end of input. */
  private Header readHeader() throws IOException {
    Header h = new Header();
    int lines = 0;
    StringBuilder line = new StringBuilder();
    boolean overlong = false;
    boolean sawAny = false;
    while (true) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      if (c == '\r') {
        continue;
      }
      if (c != '\n') {
        sawAny = true;
        if (line.length() < MAX_HEADER_LINE) {
          line.append((char) c);
        } else {
          overlong = true;
        }
        continue;
      }
      if (line.isEmpty() && !overlong) {
        if (!sawAny) {
          continue; // stray blank lines between messages
        }
        if (h.problem == null && h.length < 0) {
          h.problem = "missing Content-Length header";
        }
        return h;
      }
      lines++;
      if (overlong) {
        h.problem = "header line longer than " + MAX_HEADER_LINE + " bytes";
      } else if (lines > MAX_HEADER_LINES) {
        h.problem = "more than " + MAX_HEADER_LINES + " header lines";
      } else if (h.problem == null) {
        parse(line.toString(), h);
      }
      line.setLength(0);
      overlong = false;
    }
  }

  private static void parse(String line, Header h) {
    int colon = line.indexOf(':');
    if (colon <= 0) {
      h.problem = "malformed header line (expected 'Name: value')";
      return;
    }
    String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
    String value = line.substring(colon + 1).strip();
    if (name.equals("content-length")) {
      try {
        h.length = Long.parseLong(value);
        if (h.length < 0) {
          h.problem = "negative Content-Length";
        }
      } catch (NumberFormatException e) {
        h.problem = "Content-Length is not a number";
      }
    } else if (name.equals("content-type")) {
      int cs = value.toLowerCase(Locale.ROOT).indexOf("charset=");
      if (cs >= 0) {
        String name2 = value.substring(cs + 8).strip().replace("\"", "");
        if (name2.equalsIgnoreCase("utf8") || name2.equalsIgnoreCase("utf-8")) {
          h.charset = StandardCharsets.UTF_8;
        } else {
          h.problem = "unsupported charset '" + name2 + "' (only utf-8)";
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      in.close();
    } catch (IOException e) {
      // closing on the way out
    }
  }
}

package dev.ironclaw4j.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads newline-delimited JSON-RPC from the client on its own thread and hands the transport only lines
 * of at most {@code maxLineBytes}; a longer line is dropped whole (and logged), so one oversized message
 * neither buffers without bound nor stops the session (the SDK's own size check ends its reader). It
 * also notices the end of the client's input independently of the transport, so the server exits when
 * the client goes away.
 */
final class LineLimitedInput {
  private static final Logger LOG = Logger.getLogger(LineLimitedInput.class.getName());

  private final InputStream source;
  private final int maxLineBytes;
  private final PipedOutputStream sink = new PipedOutputStream();
  private final PipedInputStream forTransport;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicLong requests = new AtomicLong();
  private final CountDownLatch release = new CountDownLatch(1);

  LineLimitedInput(InputStream source, int maxLineBytes) {
    this.source = source;
    this.maxLineBytes = maxLineBytes;
    try {
      this.forTransport = new PipedInputStream(sink, 64 * 1024);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the transport reads. */
  InputStream transportInput() {
    return forTransport;
  }

  /** Starts copying; returns at once. */
  void start() {
    Thread t = new Thread(this::copy, "mcp-stdin");
    t.setDaemon(true);
    t.start();
  }

  /** Blocks until the client's input has ended (or failed). */
  void awaitClosed() throws InterruptedException {
    closed.await();
  }

  /** Requests (messages with a method and an id) handed to the transport so far. */
  long requests() {
    return requests.get();
  }

  private void countRequest(ByteArrayOutputStream line) {
    String s = line.toString(StandardCharsets.UTF_8);
    if (s.contains("\"method\"") && s.contains("\"id\"")) {
      requests.incrementAndGet();
    }
  }

  private void copy() {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    boolean dropping = false;
    byte[] buf = new byte[8192];
    OutputStream out = sink;
    try {
      int n;
      while ((n = source.read(buf)) >= 0) {
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (b == '\n') {
            if (!dropping) {
              countRequest(line);
              line.write('\n');
              line.writeTo(out);
              out.flush();
            }
            line.reset();
            dropping = false;
          } else if (!dropping) {
            if (line.size() >= maxLineBytes) {
              dropping = true;
              line.reset();
              LOG.warning("dropped an MCP message longer than " + maxLineBytes + " bytes");
            } else {
              line.write(b);
            }
          }
        }
      }
      if (!dropping && line.size() > 0) {
        countRequest(line);
        line.write('\n');
        line.writeTo(out);
      }
      out.flush();
    } catch (IOException e) {
      LOG.log(Level.FINE, "MCP input ended: " + e.getMessage());
    }
    closed.countDown();
    // The transport ends its session when its input ends, dropping answers still being computed: keep
    // its end open (and this writer thread alive, which the pipe checks) until the owner has drained.
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      out.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing the MCP input pipe: " + e.getMessage());
    }
  }

  /** Ends the transport's input (after the client's input has ended and the answers are out). */
  void release() {
    release.countDown();
  }
}

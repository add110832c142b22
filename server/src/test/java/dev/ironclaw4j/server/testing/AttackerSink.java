package dev.ironclaw4j.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An "attacker" server on loopback that records every byte it receives, on raw sockets (nothing is parsed
 * away: request line, headers, body, even malformed input), and answers each request with a small 200.
 * Tests search {@link #received()} for anything that must never arrive.
 */
public final class AttackerSink implements AutoCloseable {
  private final ServerSocket server;
  private final ByteArrayOutputStream all = new ByteArrayOutputStream();
  private final List<String> requestLines = new ArrayList<>();
  private final Thread acceptor;
  private volatile boolean closed;

  public AttackerSink() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofPlatform().daemon().name("attacker-sink").start(this::accept);
  }

  public int port() {
    return server.getLocalPort();
  }

  /** {@code http://127.0.0.1:PORT} + path. */
  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** Every byte received so far, on every connection, as text (ISO-8859-1: one char per byte). */
  public synchronized String received() {
    return all.toString(StandardCharsets.ISO_8859_1);
  }

  /** How many bytes have arrived. */
  public synchronized int size() {
    return all.size();
  }

  /** The request lines seen ({@code GET /x HTTP/1.1}), in order. */
  public synchronized List<String> requestLines() {
    return List.copyOf(requestLines);
  }

  private void accept() {
    while (!closed) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void serve(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      s.setSoTimeout(5000);
      while (true) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int b;
        while ((b = in.read()) >= 0) {
          record(b);
          head.write(b);
          last4 = (last4 << 8) | b;
          if (last4 == 0x0d0a0d0a || (last4 & 0xffff) == 0x0a0a) {
            break;
          }
        }
        if (b < 0) {
          return;
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        synchronized (this) {
          requestLines.add(headers.lines().findFirst().orElse(""));
        }
        long length = 0;
        for (String line : headers.split("\r?\n")) {
          if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
            length = Long.parseLong(line.substring(15).strip());
          }
        }
        for (long i = 0; i < length; i++) {
          int x = in.read();
          if (x < 0) {
            return;
          }
          record(x);
        }
        out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nthank you".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      }
    } catch (SocketTimeoutException e) {
      // an idle keep-alive connection: done
    } catch (IOException | NumberFormatException e) {
      // the client went away or sent junk; what arrived is recorded
    }
  }

  private synchronized void record(int b) {
    all.write(b);
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing
    }
  }
}

package dev.ironclaw4j.wasm;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Length-prefixed JSON messages on a sandbox worker's pipe, with a size cap on what is read. */
final class Frames {
  private final DataInputStream in;
  private final DataOutputStream out;
  private final int maxIn;

  Frames(InputStream in, OutputStream out, int maxIn) {
    this.in = new DataInputStream(in);
    this.out = new DataOutputStream(out);
    this.maxIn = maxIn;
  }

  static ObjectNode message(String op) {
    ObjectNode o = Invocation.JSON.createObjectNode();
    o.put("op", op);
    return o;
  }

  synchronized void send(JsonNode message) throws IOException {
    byte[] b = Invocation.JSON.writeValueAsBytes(message);
    out.writeInt(b.length);
    out.write(b);
    out.flush();
  }

  /** The next message; EOFException when the peer is gone. */
  JsonNode read() throws IOException {
    int n = in.readInt();
    if (n < 0 || n > maxIn) {
      throw new IOException("frame of " + n + " bytes exceeds the limit of " + maxIn);
    }
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new EOFException("truncated frame");
    }
    return Invocation.JSON.readTree(new String(b, StandardCharsets.UTF_8));
  }
}

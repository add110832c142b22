package dev.ironclaw4j.server.memory;

/** A piece of a document: its position, its lines {@code [startLine, endLine]} (1-based) and its text. */
public record Chunk(int ordinal, int startLine, int endLine, String text) {
  public Chunk {
    if (ordinal < 0 || startLine < 1 || endLine < startLine) {
      throw new IllegalArgumentException("bad chunk " + ordinal + " lines " + startLine + "-" + endLine);
    }
  }
}

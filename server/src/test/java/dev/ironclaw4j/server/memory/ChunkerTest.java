package dev.ironclaw4j.server.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkerTest {
  @Test
  void headingsStartChunksAndLineRangesAreExact() {
    String doc = "# Title\nintro line\n\n## Build\nrun mvnw\nwith jdk 25\n\n## Test\nrun tests\n";
    List<Chunk> cs = new Chunker(1200, 200).chunk(doc);
    assertEquals(3, cs.size());
    assertEquals(new Chunk(0, 1, 2, "# Title\nintro line"), cs.get(0));
    assertEquals(new Chunk(1, 4, 6, "## Build\nrun mvnw\nwith jdk 25"), cs.get(1));
    assertEquals(new Chunk(2, 8, 9, "## Test\nrun tests"), cs.get(2));
  }

  @Test
  void fencedCodeStaysWholeEvenWithBlankLinesAndHashes() {
    String doc = "text\n\n```sh\n# not a heading\n\necho hi\n```\nafter\n";
    List<Chunk> cs = new Chunker(1200, 200).chunk(doc);
    assertEquals(1, cs.size());
    assertEquals(1, cs.getFirst().startLine());
    assertEquals(8, cs.getFirst().endLine());
    assertTrue(cs.getFirst().text().contains("# not a heading\n\necho hi"));
  }

  @Test
  void longSectionsAreCutWithOverlapAndEveryChunkIsBounded() {
    StringBuilder b = new StringBuilder("## Long\n");
    for (int i = 0; i < 40; i++) {
      b.append("paragraph ").append(i).append(" ").append("word ".repeat(10)).append("\n\n");
    }
    b.append("x".repeat(500)).append('\n');
    List<Chunk> cs = new Chunker(200, 80).chunk(b.toString());
    assertTrue(cs.size() > 10, "cut into many chunks: " + cs.size());
    for (Chunk c : cs) {
      assertTrue(c.text().length() <= 200, c.text().length() + ": " + c.text());
    }
    for (int i = 1; i < cs.size() - 3; i++) {
      assertTrue(cs.get(i).startLine() <= cs.get(i - 1).endLine(), "consecutive chunks overlap by a paragraph at " + i);
    }
    Chunk last = cs.getLast();
    assertEquals(last.startLine(), last.endLine(), "an over-long line is cut by characters, same line");
  }

  @Test
  void windowsLineEndingsAndEmptyText() {
    assertEquals(List.of(new Chunk(0, 1, 2, "a\nb")), new Chunker(100, 10).chunk("a\r\nb\r\n"));
    assertEquals(List.of(), new Chunker(100, 10).chunk("\n\n  \n"));
  }
}

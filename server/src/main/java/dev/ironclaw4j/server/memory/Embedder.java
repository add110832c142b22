package dev.ironclaw4j.server.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns text into a vector. {@link #model()} and {@link #dimension()} are recorded with the index: when
 * either changes, the index is rebuilt rather than mixing vectors of two models.
 */
public interface Embedder {
  /** A stable name of the model, e.g. {@code all-minilm-l6-v2-q}; part of the index's identity. */
  String model();

  /** Length of every vector {@link #embed} returns. */
  int dimension();

  float[] embed(String text);

  default List<float[]> embedAll(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(embed(t));
    }
    return out;
  }
}

package dev.ironclaw4j.server.memory;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.config.ConfigKeys;

/** The embedder the configuration asks for: the bundled model, or an OpenAI-compatible endpoint via egress. */
public final class Embedders {
  private Embedders() {}

  /** {@code egress} is used only for a configured remote endpoint; close the result if it is AutoCloseable. */
  public static Embedder create(Config config, Egress egress) {
    String url = config.string(ConfigKeys.MEMORY_EMBEDDINGS_URL);
    if (url.isEmpty()) {
      return new MiniLmEmbedder();
    }
    String secret = config.string(ConfigKeys.MEMORY_EMBEDDINGS_KEY_SECRET);
    return new RemoteEmbedder(egress, url, config.string(ConfigKeys.MEMORY_EMBEDDINGS_MODEL),
        config.integer(ConfigKeys.MEMORY_EMBEDDINGS_DIMENSION), secret.isEmpty() ? null : secret);
  }
}

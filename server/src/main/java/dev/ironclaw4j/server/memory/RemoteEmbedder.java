package dev.ironclaw4j.server.memory;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressRequest;
import dev.ironclaw4j.guard.egress.EgressResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Embeddings from any OpenAI-compatible {@code /v1/embeddings} endpoint (OpenAI, Ollama, vLLM, LM
 * Studio...), sent only through guard's {@link Egress}: the policy must allow the URL, and the API key
 * is never in this object, only the vault secret's name, which egress injects where its binding allows.
 * Every vector's length is checked against the declared dimension, so a model swapped behind the same URL
 * fails loudly instead of corrupting the index.
 */
public final class RemoteEmbedder implements Embedder {
  static final int BATCH = 64;
  /** The largest vector Lucene's default HNSW format indexes. */
  public static final int MAX_DIMENSION = 1024;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final Egress egress;
  private final String url;
  private final String model;
  private final int dimension;
  private final String secretName;

  /**
   * @param url the full endpoint, e.g. {@code https://api.openai.com/v1/embeddings}
   * @param model the model name sent in each request; also this embedder's identity in the index
   * @param dimension the length of the vectors it returns, at most {@value #MAX_DIMENSION}
   * @param secretName the vault secret holding the API key (attached by its binding), or null for none
   */
  public RemoteEmbedder(Egress egress, String url, String model, int dimension, String secretName) {
    this.egress = Objects.requireNonNull(egress, "egress");
    this.url = Objects.requireNonNull(url, "url");
    this.model = Objects.requireNonNull(model, "model");
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new IllegalArgumentException("dimension must be in 1.." + MAX_DIMENSION + " (Lucene's HNSW limit);"
          + " for larger models ask the endpoint for shorter vectors (OpenAI's text-embedding-3 take 'dimensions')");
    }
    this.dimension = dimension;
    this.secretName = secretName;
  }

  @Override
  public String model() {
    return "remote:" + model;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public float[] embed(String text) {
    return embedAll(List.of(text)).getFirst();
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += BATCH) {
      out.addAll(batch(texts.subList(from, Math.min(texts.size(), from + BATCH))));
    }
    return out;
  }

  private List<float[]> batch(List<String> texts) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    ArrayNode input = body.putArray("input");
    texts.forEach(input::add);
    EgressRequest.Builder req = EgressRequest.builder("memory:embeddings", "POST", url)
        .header("Content-Type", "application/json")
        .body(JSON.writeValueAsString(body));
    if (secretName != null) {
      req.attachSecret(secretName);
    }
    EgressResponse r = egress.send(req.build());
    if (r.status() != 200) {
      throw new MemoryException("index-failed", "the embeddings endpoint " + url + " answered HTTP " + r.status());
    }
    JsonNode data;
    try {
      data = JSON.readTree(r.bodyText()).get("data");
    } catch (JacksonException e) {
      throw new MemoryException("index-failed", "the embeddings endpoint " + url + " sent malformed JSON", e);
    }
    if (data == null || !data.isArray() || data.size() != texts.size()) {
      throw new MemoryException("index-failed", "the embeddings endpoint " + url + " sent " + (data == null ? "no" : data.size())
          + " embeddings for " + texts.size() + " inputs");
    }
    float[][] vectors = new float[texts.size()][];
    for (JsonNode d : data) {
      int index = d.path("index").asInt(-1);
      JsonNode e = d.get("embedding");
      if (index < 0 || index >= vectors.length || e == null || !e.isArray() || e.size() != dimension) {
        throw new MemoryException("index-failed", "the embeddings endpoint " + url + " sent a vector of "
            + (e == null ? 0 : e.size()) + " dimensions; " + model() + " is configured as " + dimension);
      }
      float[] v = new float[dimension];
      for (int i = 0; i < dimension; i++) {
        v[i] = (float) e.get(i).asDouble();
      }
      vectors[index] = v;
    }
    return List.of(vectors);
  }
}

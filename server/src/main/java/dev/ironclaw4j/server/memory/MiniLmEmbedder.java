package dev.ironclaw4j.server.memory;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The default embedder: all-MiniLM-L6-v2 (quantized, 384 dimensions), bundled in a jar and run
 * in-process by onnxruntime. It needs no network at all: the model and tokenizer are class-path
 * resources. Texts longer than the model's window are split into pieces, embedded, and averaged weighted by
 * length (langchain4j's OnnxBertBiEncoder); chunks of 1200 characters mostly fit in one window.
 */
public final class MiniLmEmbedder implements Embedder, AutoCloseable {
  public static final String MODEL = "all-minilm-l6-v2-q";
  private final ExecutorService pool;
  private final AllMiniLmL6V2QuantizedEmbeddingModel model;

  public MiniLmEmbedder() {
    // One worker thread per core for batches, daemon threads so a CLI command can exit.
    this.pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
      Thread t = new Thread(r, "memory-embed");
      t.setDaemon(true);
      return t;
    });
    this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(pool);
  }

  @Override
  public String model() {
    return MODEL;
  }

  @Override
  public int dimension() {
    return 384;
  }

  @Override
  public float[] embed(String text) {
    return model.embed(text).content().vector();
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String t : texts) {
      segments.add(TextSegment.from(t));
    }
    List<float[]> out = new ArrayList<>(texts.size());
    for (Embedding e : model.embedAll(segments).content()) {
      out.add(e.vector());
    }
    return out;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}

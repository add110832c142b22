package dev.ironclaw4j.server.memory;

import dev.ironclaw4j.server.storage.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Memory benchmark (a scripted main, run by {@code benchmarks/memory-bench.sh}; it lives in the server's
 * test sources because no module may depend on server). Two parts:
 *
 * <ol>
 *   <li>Scale: {@code --chunks N} chunks (default 100000) bulk-loaded into H2, then indexed by
 *       {@link Memory#reindex()} (the real path: database read, chunk texts, Lucene BM25 + HNSW, one
 *       commit) with a cheap deterministic 384-dim random-projection embedder, so the figure is the cost
 *       of the store and the index, not of the model. Then query p50/p99 for BM25, vector and hybrid.</li>
 *   <li>Model: {@code --model-chunks M} chunks (default 2000) indexed with the bundled all-MiniLM-L6-v2,
 *       whose embedding dominates; query latencies include embedding the query.</li>
 * </ol>
 * Also {@code memory.write} latency (one document: leak scan, chunking, transaction, index commit).
 */
public final class MemoryBench {
  private static final String[] WORDS = ("time year people way day man thing woman life child world school state"
      + " family student group country problem hand part place case week company system program question work"
      + " government number night point home water room mother area money story fact month lot right study book"
      + " eye job word business issue side kind head house service friend father power hour game line end member"
      + " law car city community name president team minute idea kid body information back parent face others"
      + " level office door health person art war history party result change morning reason research girl guy"
      + " moment air teacher force education foot boy age policy music market sense nation plan college interest"
      + " death experience effect class control care field development role effort rate heart drug show leader"
      + " light voice wife police mind price report decision son view relationship town road arm difference"
      + " build deploy release kubernetes database index query vector memory cache server client token test"
      + " garden tomato recipe flight budget invoice payment meeting deadline project review commit branch").split(" ");

  private MemoryBench() {}

  public static void main(String[] args) throws Exception {
    int chunks = intArg(args, "--chunks", 100_000);
    int modelChunks = intArg(args, "--model-chunks", 2_000);
    int queries = intArg(args, "--queries", 200);
    System.out.printf(Locale.ROOT, "java %s, %d cores, vector API module %s%n", Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "loaded" : "NOT loaded");
    run("scale (random-projection embedder)", new RandomProjection(), chunks, queries, false);
    if (modelChunks > 0) {
      try (MiniLmEmbedder e = new MiniLmEmbedder()) {
        run("model (all-MiniLM-L6-v2, bundled)", e, modelChunks, queries, true);
      }
    }
  }

  private static void run(String title, Embedder embedder, int chunks, int queries, boolean writes) throws Exception {
    Path dir = Files.createTempDirectory("memory-bench");
    String url = "jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    Random rnd = new Random(42);
    try (Database db = Database.open(url, "", "")) {
      MemoryStore store = new MemoryStore(db);
      Chunker chunker = new Chunker(1200, 200);
      long t0 = System.nanoTime();
      int loaded = 0;
      int docNo = 0;
      while (loaded < chunks) {
        String text = document(rnd, Math.min(10, chunks - loaded));
        List<Chunk> cs = chunker.chunk(text);
        Instant now = Instant.now();
        store.put(new MemoryDocument("bench/d" + docNo++ + ".md", text, "user", Trust.TRUSTED, now, now), cs);
        loaded += cs.size();
      }
      double loadS = (System.nanoTime() - t0) / 1e9;
      try (Memory m = Memory.open(db, dir.resolve("index"), embedder, TestScanners.leaks(), MemoryOptions.defaults())) {
        long t1 = System.nanoTime();
        int indexed = m.reindex();
        double indexS = (System.nanoTime() - t1) / 1e9;
        System.out.printf(Locale.ROOT, "%n== %s: %d chunks in %d documents%n", title, indexed, docNo);
        System.out.printf(Locale.ROOT, "database load      %8.1f s  %9.0f chunks/s%n", loadS, loaded / loadS);
        System.out.printf(Locale.ROOT, "index (reindex)    %8.1f s  %9.0f chunks/s%n", indexS, indexed / indexS);
        Random w = new Random(3);
        for (int i = 0; i < 200; i++) {
          for (Memory.Mode mode : Memory.Mode.values()) {
            m.search(query(w), 10, mode); // warm-up of every path before any is measured
          }
        }
        for (Memory.Mode mode : Memory.Mode.values()) {
          Random q = new Random(7);
          long[] ns = new long[queries];
          for (int i = 0; i < queries; i++) {
            String text = query(q);
            long s = System.nanoTime();
            m.search(text, 10, mode);
            ns[i] = System.nanoTime() - s;
          }
          Arrays.sort(ns);
          System.out.printf(Locale.ROOT, "query %-6s  p50 %7.2f ms   p99 %7.2f ms   (%d queries, top 10)%n", mode,
              ns[queries / 2] / 1e6, ns[(int) Math.ceil(queries * 0.99) - 1] / 1e6, queries);
        }
        if (writes) {
          long[] ns = new long[50];
          for (int i = 0; i < ns.length; i++) {
            String text = document(rnd, 3);
            long s = System.nanoTime();
            m.write("bench/w" + i + ".md", text, "user", Trust.TRUSTED);
            ns[i] = System.nanoTime() - s;
          }
          Arrays.sort(ns);
          System.out.printf(Locale.ROOT, "memory.write (3-chunk document, committed and indexed)  p50 %.1f ms  p99 %.1f ms%n",
              ns[ns.length / 2] / 1e6, ns[ns.length - 1] / 1e6);
        }
      }
    }
  }

  /** A markdown document of {@code sections} sections, each about 60 words: one chunk each. */
  private static String document(Random r, int sections) {
    StringBuilder b = new StringBuilder();
    for (int s = 0; s < sections; s++) {
      b.append("## ").append(word(r)).append(' ').append(word(r)).append("\n\n");
      for (int w = 0; w < 60; w++) {
        b.append(word(r)).append(w % 12 == 11 ? ".\n" : " ");
      }
      b.append("\n\n");
    }
    return b.toString();
  }

  private static String query(Random r) {
    return word(r) + " " + word(r) + " " + word(r);
  }

  /** Roughly Zipf-distributed words, so BM25 sees common and rare terms. */
  private static String word(Random r) {
    int i = (int) Math.min(WORDS.length - 1, Math.floor(Math.pow(WORDS.length, r.nextDouble())) - 1);
    return WORDS[Math.max(0, i)];
  }

  private static int intArg(String[] args, String name, int def) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return def;
  }

  /** Sum of a fixed random 384-dim vector per word: cheap, deterministic, spread like real embeddings. */
  static final class RandomProjection implements Embedder {
    private final float[][] table = new float[WORDS.length * 4][384];

    RandomProjection() {
      Random r = new Random(1);
      for (float[] row : table) {
        for (int i = 0; i < row.length; i++) {
          row[i] = (float) r.nextGaussian();
        }
      }
    }

    @Override
    public String model() {
      return "bench-random-projection";
    }

    @Override
    public int dimension() {
      return 384;
    }

    @Override
    public float[] embed(String text) {
      float[] v = new float[384];
      for (String w : text.split("[^A-Za-z0-9]+")) {
        if (!w.isEmpty()) {
          float[] row = table[Math.floorMod(w.hashCode(), table.length)];
          for (int i = 0; i < v.length; i++) {
            v[i] += row[i];
          }
        }
      }
      v[0] += 1e-3f;
      return v;
    }
  }
}

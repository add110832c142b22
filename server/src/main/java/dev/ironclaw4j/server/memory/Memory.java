package dev.ironclaw4j.server.memory;

import dev.ironclaw4j.guard.leak.Finding;
import dev.ironclaw4j.guard.leak.LeakScanner;
import dev.ironclaw4j.server.storage.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The agent's and the user's shared memory: a workspace of documents in the database (the source of
 * truth), searchable by words (BM25) and by meaning (embeddings in an HNSW graph), fused with Reciprocal
 * Rank Fusion. The Lucene index is derived: opening memory replays the database changes it has not seen,
 * and rebuilds it when the embedding model or dimension changed.
 *
 * <p>Every write passes the leak scanner first: content, path or provenance holding a credential is
 * refused and never stored. Writes are serialized in this process; searches run concurrently.
 */
public final class Memory implements AutoCloseable {
  /** How a search ranks: by words, by meaning, or both fused. */
  public enum Mode {
    BM25,
    VECTOR,
    HYBRID
  }

  /** What a write stored. */
  public record WriteResult(String path, int chunks, boolean created) {}

  static final String META_MODEL = "embedding.model";
  static final String META_DIMENSION = "embedding.dimension";
  private static final int CANDIDATES = 50;

  private final MemoryStore store;
  private final MemoryIndex index;
  private final Embedder embedder;
  private final LeakScanner leaks;
  private final MemoryOptions options;
  private final Chunker chunker;
  private final boolean rebuiltOnOpen;
  private long indexedSeq;
  /** Test hook: runs after a write is committed to the database and before the index is updated. */
  Runnable afterCommit = () -> {};

  private Memory(Database db, Path indexDir, Embedder embedder, LeakScanner leaks, MemoryOptions options) {
    this.store = new MemoryStore(db);
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.leaks = Objects.requireNonNull(leaks, "leaks");
    this.options = Objects.requireNonNull(options, "options");
    this.chunker = new Chunker(options.chunkChars(), options.overlapChars());
    this.index = new MemoryIndex(indexDir);
    try {
      Map<String, String> committed = index.committed();
      String model = embedder.model();
      String dim = Integer.toString(embedder.dimension());
      boolean dbMismatch = !store.meta(META_MODEL).orElse(model).equals(model)
          || !store.meta(META_DIMENSION).orElse(dim).equals(dim);
      boolean indexMismatch = !committed.isEmpty()
          && (!model.equals(committed.get(MemoryIndex.MODEL)) || !dim.equals(committed.get(MemoryIndex.DIMENSION)));
      // A lost or deleted index is rebuilt in path order, exactly as 'reindex' does, not replayed.
      boolean indexMissing = committed.isEmpty() && store.lastSeq() > 0;
      if (dbMismatch || indexMismatch || indexMissing) {
        this.rebuiltOnOpen = true;
        reindex();
      } else {
        this.rebuiltOnOpen = false;
        this.indexedSeq = Long.parseLong(committed.getOrDefault(MemoryIndex.SEQ, "0"));
        store.putMeta(META_MODEL, model);
        store.putMeta(META_DIMENSION, dim);
        catchUp();
      }
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
  }

  /**
   * Opens memory over {@code db} with its index in {@code indexDir} (created when missing), bringing the
   * index up to date with the database.
   */
  public static Memory open(Database db, Path indexDir, Embedder embedder, LeakScanner leaks, MemoryOptions options) {
    return new Memory(db, indexDir, embedder, leaks, options);
  }

  /** The index folder inside a home's data folder. */
  public static Path indexDir(Path dataDir) {
    return dataDir.resolve("memory-index");
  }

  /** Whether opening rebuilt the index: a different embedding model or dimension, or no index at all. */
  public boolean rebuiltOnOpen() {
    return rebuiltOnOpen;
  }

  public MemoryOptions options() {
    return options;
  }

  /**
   * Stores {@code content} at {@code path}, replacing what was there.
   *
   * @param provenance who wrote it: {@code user}, {@code agent}, {@code tool:NAME} or a URL
   * @throws MemoryException {@code secret-refused} when the leak scanner finds a credential (nothing is
   *     stored), {@code too-large}, {@code invalid-path}, {@code invalid-input}
   */
  public synchronized WriteResult write(String path, String content, String provenance, Trust trust) {
    String p = MemoryPath.of(path);
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(trust, "trust");
    if (content.length() > options.maxDocumentChars()) {
      throw new MemoryException("too-large", "document is " + content.length() + " characters; the limit is "
          + options.maxDocumentChars());
    }
    if (content.isBlank()) {
      throw new MemoryException("invalid-input", "document is empty; use 'rm' to delete " + p);
    }
    String prov = provenance == null ? "" : provenance.strip();
    if (prov.isEmpty() || prov.length() > 300 || prov.chars().anyMatch(Character::isISOControl)) {
      throw new MemoryException("invalid-input",
          "provenance must be 1 to 300 printable characters: user, agent, tool:NAME or a URL");
    }
    refuseSecrets("content", content);
    refuseSecrets("path", p);
    refuseSecrets("provenance", prov);
    List<Chunk> chunks = chunker.chunk(content);
    Instant now = options.clock().instant();
    Optional<MemoryDocument> old = store.get(p);
    Instant created = old.map(MemoryDocument::createdAt).orElse(now);
    store.put(new MemoryDocument(p, content, prov, trust, created, now), chunks);
    afterCommit.run();
    catchUp();
    return new WriteResult(p, chunks.size(), old.isEmpty());
  }

  /** The document at {@code path}, if any. */
  public Optional<MemoryDocument> read(String path) {
    return store.get(MemoryPath.of(path));
  }

  /** The stored chunks of a document (for showing line ranges). */
  public List<Chunk> chunks(String path) {
    return store.chunks(MemoryPath.of(path));
  }

  /** Deletes the document at {@code path}; false when there was none. */
  public synchronized boolean delete(String path) {
    long seq = store.delete(MemoryPath.of(path), options.clock().instant());
    if (seq < 0) {
      return false;
    }
    afterCommit.run();
    catchUp();
    return true;
  }

  /** Documents under {@code prefix} (everything when empty), in path order, at most {@code max}. */
  public List<DocumentInfo> tree(String prefix, int max) {
    return store.list(MemoryPath.prefix(prefix), Math.max(1, Math.min(max, 100_000)));
  }

  /** Hybrid search: BM25 and vector lists fused by RRF. */
  public List<SearchHit> search(String query, int limit) {
    return search(query, limit, Mode.HYBRID);
  }

  public List<SearchHit> search(String query, int limit, Mode mode) {
    if (query == null || query.isBlank()) {
      throw new MemoryException("invalid-input", "the search query is empty");
    }
    if (query.length() > options.maxQueryChars()) {
      throw new MemoryException("too-large", "query is " + query.length() + " characters; the limit is "
          + options.maxQueryChars());
    }
    if (limit < 1 || limit > options.maxResults()) {
      throw new MemoryException("invalid-input", "limit must be between 1 and " + options.maxResults());
    }
    int n = Math.max(CANDIDATES, limit);
    List<MemoryIndex.Entry> words = mode == Mode.VECTOR ? List.of() : index.searchText(query, n);
    List<MemoryIndex.Entry> meaning = mode == Mode.BM25 ? List.of() : index.searchVector(embedder.embed(query), n);
    return Fusion.fuse(words, meaning, options.rrfK(), options.recencyWeight(), options.recencyHalfLife(),
        options.clock().instant(), limit);
  }

  /** Rebuilds the index from the database; returns the number of chunks indexed. */
  public synchronized int reindex() {
    long seq = store.lastSeq();
    index.deleteAll();
    int chunks = 0;
    for (DocumentInfo d : store.list("", Integer.MAX_VALUE)) {
      chunks += indexDocument(d.path());
    }
    index.commit(seq, embedder.model(), embedder.dimension());
    store.putMeta(META_MODEL, embedder.model());
    store.putMeta(META_DIMENSION, Integer.toString(embedder.dimension()));
    indexedSeq = seq;
    return chunks;
  }

  /** Number of chunks in the index. */
  public int indexedChunks() {
    return index.size();
  }

  /** Applies every committed database change the index has not seen yet. */
  public synchronized void catchUp() {
    while (true) {
      List<MemoryStore.Change> changes = store.changesAfter(indexedSeq, 1000);
      if (changes.isEmpty()) {
        return;
      }
      Set<String> paths = new LinkedHashSet<>();
      for (MemoryStore.Change c : changes) {
        paths.add(c.path());
      }
      for (String p : paths) {
        indexDocument(p);
      }
      long seq = changes.getLast().seq();
      index.commit(seq, embedder.model(), embedder.dimension());
      indexedSeq = seq;
    }
  }

  private int indexDocument(String path) {
    Optional<MemoryDocument> doc = store.get(path);
    if (doc.isEmpty()) {
      index.replace(path, List.of(), List.of());
      return 0;
    }
    MemoryDocument d = doc.get();
    List<Chunk> chunks = store.chunks(path);
    List<MemoryIndex.Entry> entries = new ArrayList<>(chunks.size());
    List<String> texts = new ArrayList<>(chunks.size());
    for (Chunk c : chunks) {
      entries.add(new MemoryIndex.Entry(path, c.ordinal(), c.startLine(), c.endLine(), c.text(), d.provenance(),
          d.trust(), d.updatedAt()));
      texts.add(c.text());
    }
    index.replace(path, entries, texts.isEmpty() ? List.of() : embedder.embedAll(texts));
    return chunks.size();
  }

  private void refuseSecrets(String what, String text) {
    Set<String> types = new TreeSet<>();
    for (Finding f : leaks.scan(text)) {
      if (f.action() != Finding.Action.WARN) {
        types.add(f.type());
      }
    }
    if (!types.isEmpty()) {
      throw new MemoryException("secret-refused", "refused: the " + what + " holds what looks like a credential ("
          + String.join(", ", types) + "); nothing was stored. Keep secrets in the vault ('ironclaw4j secret set').");
    }
  }

  @Override
  public void close() {
    index.close();
  }
}

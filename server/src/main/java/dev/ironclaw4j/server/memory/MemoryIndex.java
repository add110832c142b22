package dev.ironclaw4j.server.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The derived search index: one Lucene document per chunk, with the text for BM25 (English analysis:
 * possessives, stop words and Porter stemming, via {@link EnglishAnalyzer}) and its embedding in an HNSW
 * graph (cosine). Each commit records the last database change it reflects and the embedding model and
 * dimension it was built with, so a stale or mismatched index is detected when opened.
 */
final class MemoryIndex implements AutoCloseable {
  static final String SEQ = "memory.seq";
  static final String MODEL = "memory.model";
  static final String DIMENSION = "memory.dimension";
  private static final int MAX_QUERY_TERMS = 64;

  /** A chunk as indexed, with what a search result needs to show it. */
  record Entry(String path, int chunk, int startLine, int endLine, String text, String provenance, Trust trust,
      Instant updatedAt) {}

  private final Directory dir;
  private final Analyzer analyzer = new EnglishAnalyzer();
  private final IndexWriter writer;
  private final SearcherManager searchers;

  MemoryIndex(Path path) {
    try {
      this.dir = FSDirectory.open(path);
      this.writer = new IndexWriter(dir, new IndexWriterConfig(analyzer)
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
          // Uncommitted changes are dropped on close and replayed from the database next time.
          .setCommitOnClose(false));
      this.searchers = new SearcherManager(writer, null);
    } catch (IOException e) {
      throw new MemoryException("index-failed", "cannot open the memory index at " + path + ": " + e.getMessage()
          + " (delete the folder and run 'ironclaw4j memory reindex' to rebuild it)", e);
    }
  }

  /** The commit data of the last commit (empty for a new index). */
  Map<String, String> committed() {
    try {
      if (!DirectoryReader.indexExists(dir)) {
        return Map.of();
      }
      return new HashMap<>(SegmentInfos.readLatestCommit(dir).getUserData());
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /** Replaces every chunk of {@code path} with {@code entries} (none: the document is gone). */
  void replace(String path, List<Entry> entries, List<float[]> vectors) {
    try {
      List<Document> docs = new ArrayList<>(entries.size());
      for (int i = 0; i < entries.size(); i++) {
        docs.add(document(entries.get(i), vectors.get(i)));
      }
      if (docs.isEmpty()) {
        writer.deleteDocuments(new Term("path", path));
      } else {
        writer.updateDocuments(new Term("path", path), docs);
      }
    } catch (IOException e) {
      throw failed(e);
    }
  }

  void deleteAll() {
    try {
      writer.deleteAll();
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /** Makes the changes durable, recording the change seq and embedding model they reflect. */
  void commit(long seq, String model, int dimension) {
    try {
      writer.setLiveCommitData(Map.of(SEQ, Long.toString(seq), MODEL, model, DIMENSION, Integer.toString(dimension)).entrySet());
      writer.commit();
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /**
   * Chunks ranked by BM25 for the words of {@code query}, best first. A query of three or more distinct
   * terms must match at least half of them (like Elasticsearch's {@code minimum_should_match: 50%}): a
   * chunk sharing one common word ("new", "fix") with a long question is noise that would otherwise
   * outvote the semantic list in the fusion.
   */
  List<Entry> searchText(String query, int n) {
    Set<String> terms = new LinkedHashSet<>();
    try (TokenStream ts = analyzer.tokenStream("text", query)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken() && terms.size() < MAX_QUERY_TERMS) {
        terms.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw failed(e);
    }
    if (terms.isEmpty()) {
      return List.of();
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (String t : terms) {
      b.add(new TermQuery(new Term("text", t)), BooleanClause.Occur.SHOULD);
    }
    b.setMinimumNumberShouldMatch(terms.size() >= 3 ? (terms.size() + 1) / 2 : 1);
    return search(b.build(), n);
  }

  /** Chunks nearest to {@code vector} in the HNSW graph, best first. */
  List<Entry> searchVector(float[] vector, int n) {
    return search(new KnnFloatVectorQuery("vec", vector, n), n);
  }

  int size() {
    try {
      IndexSearcher s = searchers.acquire();
      try {
        return s.getIndexReader().numDocs();
      } finally {
        searchers.release(s);
      }
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private List<Entry> search(Query q, int n) {
    try {
      IndexSearcher s = searchers.acquire();
      try {
        ScoreDoc[] hits = s.search(q, n).scoreDocs;
        StoredFields stored = s.storedFields();
        List<Entry> out = new ArrayList<>(hits.length);
        for (ScoreDoc h : hits) {
          Document d = stored.document(h.doc);
          out.add(new Entry(d.get("path"), d.getField("chunk").numericValue().intValue(),
              d.getField("start").numericValue().intValue(), d.getField("end").numericValue().intValue(),
              d.get("text"), d.get("provenance"), Trust.parse(d.get("trust")),
              Instant.ofEpochMilli(d.getField("updated").numericValue().longValue())));
        }
        return out;
      } finally {
        searchers.release(s);
      }
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private static Document document(Entry e, float[] vector) {
    Document d = new Document();
    d.add(new StringField("path", e.path(), Field.Store.YES));
    d.add(new StoredField("chunk", e.chunk()));
    d.add(new StoredField("start", e.startLine()));
    d.add(new StoredField("end", e.endLine()));
    d.add(new TextField("text", e.text(), Field.Store.YES));
    d.add(new StoredField("provenance", e.provenance()));
    d.add(new StoredField("trust", e.trust().wireName()));
    d.add(new StoredField("updated", e.updatedAt().toEpochMilli()));
    d.add(new KnnFloatVectorField("vec", vector, VectorSimilarityFunction.COSINE));
    return d;
  }

  private static MemoryException failed(IOException e) {
    return new MemoryException("index-failed", "memory index error: " + e.getMessage()
        + " (run 'ironclaw4j memory reindex' to rebuild it from the database)", e);
  }

  @Override
  public void close() {
    try {
      searchers.close();
      writer.close();
      dir.close();
    } catch (IOException e) {
      throw failed(e);
    }
  }
}

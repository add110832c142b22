package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.leak.LeakDetector;
import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.home.Home;
import dev.ironclaw4j.server.memory.DocumentInfo;
import dev.ironclaw4j.server.memory.Memory;
import dev.ironclaw4j.server.memory.MemoryDocument;
import dev.ironclaw4j.server.memory.MemoryImport;
import dev.ironclaw4j.server.memory.MemoryOptions;
import dev.ironclaw4j.server.memory.MiniLmEmbedder;
import dev.ironclaw4j.server.memory.Embedder;
import dev.ironclaw4j.server.memory.Embedders;
import dev.ironclaw4j.server.runtime.GuardStack;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.config.ConfigKeys;
import dev.ironclaw4j.server.memory.SearchHit;
import dev.ironclaw4j.server.memory.Trust;
import dev.ironclaw4j.server.storage.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ironclaw4j memory add|search|read|tree|rm|reindex|import}: the memory workspace from the shell. */
@Command(
    name = "memory",
    mixinStandardHelpOptions = true,
    description = {"The memory workspace the agent and you share: notes found again by words and by meaning, offline."},
    subcommands = {
      MemoryCommand.Add.class,
      MemoryCommand.Search.class,
      MemoryCommand.Read.class,
      MemoryCommand.Tree.class,
      MemoryCommand.Rm.class,
      MemoryCommand.Reindex.class,
      MemoryCommand.Import.class
    })
final class MemoryCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Override
  public Integer call() {
    root.spec.commandLine().getSubcommands().get("memory").usage(root.out);
    return 0;
  }

  /** An open database, embedder and memory for one command; {@code extra} closes what a remote embedder needed. */
  record Session(Database db, Embedder embedder, Memory memory, AutoCloseable extra) implements AutoCloseable {
    @Override
    public void close() {
      try {
        memory.close();
      } finally {
        if (embedder instanceof AutoCloseable c) {
          closeQuietly(c);
        }
        closeQuietly(extra);
        db.close();
      }
    }

    private static void closeQuietly(AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // closing after the work is done: nothing to report that the user can act on
      }
    }
  }

  Session open() {
    root.quietLogging();
    Home home = root.home();
    Config config = root.config(home);
    String url = config.string(ConfigKeys.MEMORY_EMBEDDINGS_URL);
    if (!url.isEmpty()) {
      return openRemote(config, url);
    }
    Database db = root.openDatabase(home);
    MiniLmEmbedder embedder = null;
    try {
      embedder = new MiniLmEmbedder();
      // Credential patterns; the vault's own values are matched where the vault is unlocked (serve, tools).
      Memory memory = Memory.open(db, Memory.indexDir(home.dataDir()), embedder, new LeakDetector(),
          MemoryOptions.defaults());
      return new Session(db, embedder, memory, () -> {});
    } catch (RuntimeException e) {
      if (embedder != null) {
        embedder.close();
      }
      db.close();
      throw e;
    }
  }

  /** Embeddings from an OpenAI-compatible endpoint, only through egress, with the key from the vault. */
  private Session openRemote(Config config, String url) {
    VaultAccess access = VaultAccess.open(root, true);
    try {
      String secret = config.string(ConfigKeys.MEMORY_EMBEDDINGS_KEY_SECRET);
      java.util.Optional<dev.ironclaw4j.guard.vault.Vault> vault = secret.isEmpty() || !access.vault.isInitialized()
          ? java.util.Optional.empty() : java.util.Optional.of(access.unlocked());
      GuardStack guards = GuardStack.open(config, access.db, root.redaction, vault);
      Embedder embedder = Embedders.create(config, guards.egress);
      Memory memory = Memory.open(access.db, Memory.indexDir(access.home.dataDir()), embedder, guards.leaks,
          MemoryOptions.defaults());
      return new Session(access.db, embedder, memory, () -> {
        guards.close();
        access.vault.close();
      });
    } catch (RuntimeException e) {
      access.close();
      throw e;
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Store a document at PATH (e.g. notes/build.md) from --file or stdin, replacing what was there.")
  static final class Add implements Callable<Integer> {
    @ParentCommand MemoryCommand memory;
    @Parameters(index = "0", paramLabel = "PATH") String path;
    @Option(names = "--file", paramLabel = "FILE", description = "Read the content from FILE instead of stdin.") Path file;
    @Option(names = "--untrusted", description = "Mark it untrusted (fenced when recalled): for text from the web or other people.") boolean untrusted;
    @Option(names = "--provenance", paramLabel = "WHO", defaultValue = "user",
        description = "Who wrote it: user (default), agent, tool:NAME or a URL.") String provenance;

    @Override
    public Integer call() {
      int max = MemoryOptions.defaults().maxDocumentChars();
      String content = file != null ? readFile(file, max) : readLimited(memory.root.stdin, max, "stdin");
      try (Session s = memory.open()) {
        Memory.WriteResult r = s.memory().write(path, content, provenance, untrusted ? Trust.UNTRUSTED : Trust.TRUSTED);
        memory.root.out.println((r.created() ? "added " : "replaced ") + r.path() + " (" + r.chunks() + " chunks)");
      }
      return 0;
    }
  }

  @Command(name = "search", mixinStandardHelpOptions = true,
      description = "Search by words and by meaning; prints path:lines, the fused score and each list's rank.")
  static final class Search implements Callable<Integer> {
    @ParentCommand MemoryCommand memory;
    @Parameters(index = "0", paramLabel = "QUERY") String query;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "At most N results (default ${DEFAULT-VALUE}, max 100).") int limit;
    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "hybrid", description = "hybrid (default), bm25 or vector.") String mode;

    @Override
    public Integer call() {
      Memory.Mode m;
      try {
        m = Memory.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ServerException(ServerException.USAGE, "--mode must be hybrid, bm25 or vector", null);
      }
      try (Session s = memory.open()) {
        List<SearchHit> hits = s.memory().search(query, limit, m);
        int i = 1;
        for (SearchHit h : hits) {
          memory.root.out.printf(Locale.ROOT, "%2d. %s:%d-%d  score=%.4f bm25=%s vector=%s%s%n", i++, h.path(),
              h.startLine(), h.endLine(), h.score(), rank(h.bm25Rank()), rank(h.vectorRank()),
              h.trust() == Trust.UNTRUSTED ? "  [untrusted, from " + h.provenance() + "]" : "");
          String snippet = h.text().length() > 240 ? h.text().substring(0, 240) + "..." : h.text();
          memory.root.out.println("    " + snippet.replace("\n", "\n    "));
        }
        if (hits.isEmpty()) {
          memory.root.err.println("no memory matches");
        }
      }
      return 0;
    }

    private static String rank(int r) {
      return r == 0 ? "-" : "#" + r;
    }
  }

  @Command(name = "read", mixinStandardHelpOptions = true, description = "Print the document at PATH.")
  static final class Read implements Callable<Integer> {
    @ParentCommand MemoryCommand memory;
    @Parameters(index = "0", paramLabel = "PATH") String path;

    @Override
    public Integer call() {
      try (Session s = memory.open()) {
        MemoryDocument d = s.memory().read(path)
            .orElseThrow(() -> new ServerException("no memory document at " + path + " (see 'ironclaw4j memory tree')"));
        memory.root.out.print(d.content());
        if (!d.content().endsWith("\n")) {
          memory.root.out.println();
        }
        memory.root.err.println("-- " + d.path() + ", " + d.trust().wireName() + ", written by " + d.provenance()
            + ", updated " + d.updatedAt());
      }
      return 0;
    }
  }

  @Command(name = "tree", mixinStandardHelpOptions = true, description = "List the documents, optionally under PREFIX (e.g. notes/).")
  static final class Tree implements Callable<Integer> {
    @ParentCommand MemoryCommand memory;
    @Parameters(index = "0", paramLabel = "PREFIX", arity = "0..1") String prefix;

    @Override
    public Integer call() {
      try (Session s = memory.open()) {
        List<DocumentInfo> docs = s.memory().tree(prefix, 100_000);
        for (DocumentInfo d : docs) {
          memory.root.out.printf(Locale.ROOT, "%-50s %8d chars  %-9s %s%n", d.path(), d.chars(), d.trust().wireName(),
              d.provenance());
        }
        if (docs.isEmpty()) {
          memory.root.err.println("no memory documents" + (prefix == null ? "" : " under " + prefix));
        }
      }
      return 0;
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete the document at PATH.")
  static final class Rm implements Callable<Integer> {
    @ParentCommand MemoryCommand memory;
    @Parameters(index = "0", paramLabel = "PATH") String path;

    @Override
    public Integer call() {
      try (Session s = memory.open()) {
        if (!s.memory().delete(path)) {
          throw new ServerException("no memory document at " + path);
        }
        memory.root.out.println("deleted " + path);
      }
      return 0;
    }
  }

  @Command(name = "reindex", mixinStandardHelpOptions = true, description = "Rebuild the search index from the database.")
  static final class Reindex implements Callable<Integer> {
    @ParentCommand MemoryCommand memory;

    @Override
    public Integer call() {
      try (Session s = memory.open()) {
        long start = System.nanoTime();
        int chunks = s.memory().reindex();
        memory.root.out.printf(Locale.ROOT, "reindexed %d chunks with %s in %.1f s%n", chunks, s.embedder().model(),
            (System.nanoTime() - start) / 1e9);
      }
      return 0;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Import the .md, .markdown and .txt files under DIR, keeping their relative paths.")
  static final class Import implements Callable<Integer> {
    @ParentCommand MemoryCommand memory;
    @Parameters(index = "0", paramLabel = "DIR") Path dir;
    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "", description = "Put them under PREFIX, e.g. imported/.") String prefix;
    @Option(names = "--untrusted", description = "Mark them untrusted (fenced when recalled).") boolean untrusted;

    @Override
    public Integer call() {
      try (Session s = memory.open()) {
        MemoryImport.Report r = MemoryImport.run(s.memory(), dir, prefix, "user", untrusted ? Trust.UNTRUSTED : Trust.TRUSTED);
        for (String skipped : r.skipped()) {
          memory.root.err.println("skipped " + skipped);
        }
        memory.root.out.println("imported " + r.imported().size() + " documents, skipped " + r.skipped().size());
        return r.skipped().isEmpty() ? 0 : 1;
      }
    }
  }

  static String readFile(Path f, int maxChars) {
    try (InputStream in = Files.newInputStream(f)) {
      return readLimited(in, maxChars, f.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  static String readLimited(InputStream in, int maxChars, String what) {
    try {
      byte[] b = in.readNBytes(maxChars * 4 + 1);
      String s = new String(b, StandardCharsets.UTF_8);
      if (b.length > maxChars * 4 || s.length() > maxChars) {
        throw new ServerException(ServerException.USAGE, what + " is larger than the limit of " + maxChars + " characters", null);
      }
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what + ": " + e.getMessage(), e);
    }
  }
}

package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.leak.Finding;
import dev.ironclaw4j.guard.leak.LeakDetector;
import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.scan.RepoScanner;
import dev.ironclaw4j.server.scan.RepoScanner.FileFinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ironclaw4j scan PATH...}: finds credentials in files, for pre-commit hooks and CI. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = {
      "Find credentials in files and directories (respects .gitignore, skips .git, binaries and large files).",
      "Exit code 1 when something is found, 0 when clean, 2 on bad usage. Secret values are never printed."
    })
final class ScanCommand implements Callable<Integer> {
  enum Format { text, json, sarif }

  @ParentCommand RootCommand root;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or directories to scan.")
  List<Path> paths;

  @Option(names = "--format", defaultValue = "text", description = "text, json or sarif (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--max-file-size", defaultValue = "5242880", paramLabel = "BYTES",
      description = "Skip files larger than this (default: ${DEFAULT-VALUE}).")
  long maxFileSize;

  @Override
  public Integer call() throws IOException {
    root.quietLogging();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new ServerException(ServerException.USAGE, "no such file or directory: " + p, null);
      }
    }
    if (maxFileSize < 1) {
      throw new ServerException(ServerException.USAGE, "--max-file-size must be positive", null);
    }
    RepoScanner scanner = new RepoScanner(new LeakDetector(), maxFileSize);
    List<FileFinding> all = new ArrayList<>();
    for (Path p : paths) {
      try {
        all.addAll(scanner.scan(p));
      } catch (java.io.UncheckedIOException e) {
        throw new ServerException(ServerException.FAILURE, "cannot read a file under " + p + ": " + e.getCause().getMessage(), e);
      }
    }
    switch (format) {
      case text -> text(all, scanner.summary());
      case json -> root.out.println(json(all));
      case sarif -> root.out.println(sarif(all));
    }
    root.out.flush();
    return all.isEmpty() ? 0 : 1;
  }

  private void text(List<FileFinding> all, RepoScanner.Summary s) {
    for (FileFinding f : all) {
      root.out.printf("%s:%d:%d: %s (%s, confidence %.2f)%n", f.path(), f.line(), f.column(), f.finding().type(),
          f.finding().action().name().toLowerCase(Locale.ROOT), f.finding().confidence());
    }
    root.err.printf("scanned %d files (%d ignored, %d binary, %d too large): %d finding%s%n",
        s.filesScanned(), s.skippedIgnored(), s.skippedBinary(), s.skippedLarge(), all.size(), all.size() == 1 ? "" : "s");
  }

  static String json(List<FileFinding> all) {
    StringBuilder sb = new StringBuilder("[");
    for (FileFinding f : all) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      Finding x = f.finding();
      sb.append("{\"path\":").append(str(f.path().toString()))
          .append(",\"line\":").append(f.line()).append(",\"column\":").append(f.column())
          .append(",\"start\":").append(x.start()).append(",\"end\":").append(x.end())
          .append(",\"type\":").append(str(x.type()))
          .append(",\"action\":").append(str(x.action().name().toLowerCase(Locale.ROOT)))
          .append(",\"confidence\":").append(x.confidence()).append('}');
    }
    return sb.append(']').toString();
  }

  static String sarif(List<FileFinding> all) {
    TreeSet<String> rules = new TreeSet<>();
    all.forEach(f -> rules.add(f.finding().type()));
    StringBuilder sb = new StringBuilder();
    sb.append("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{");
    sb.append("\"tool\":{\"driver\":{\"name\":\"ironclaw4j\",\"informationUri\":\"https://github.com/ironclaw4j/ironclaw4j\",\"rules\":[");
    boolean first = true;
    for (String r : rules) {
      sb.append(first ? "" : ",").append("{\"id\":").append(str(r))
          .append(",\"shortDescription\":{\"text\":").append(str("Credential: " + r)).append("}}");
      first = false;
    }
    sb.append("]}},\"results\":[");
    first = true;
    for (FileFinding f : all) {
      Finding x = f.finding();
      String level = x.action() == Finding.Action.WARN ? "warning" : "error";
      sb.append(first ? "" : ",").append("{\"ruleId\":").append(str(x.type()))
          .append(",\"level\":\"").append(level).append('"')
          .append(",\"message\":{\"text\":").append(str("Possible " + x.type() + " (value not shown); move it into the vault."))
          .append("},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":")
          .append(str(f.path().toString().replace('\\', '/')))
          .append("},\"region\":{\"startLine\":").append(f.line()).append(",\"startColumn\":").append(f.column())
          .append(",\"endLine\":").append(f.endLine()).append(",\"endColumn\":").append(f.endColumn())
          .append("}}}]}");
      first = false;
    }
    return sb.append("]}]}").toString();
  }

  static String str(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}

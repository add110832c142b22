package dev.ironclaw4j.server.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Imports a folder of notes ({@code .md}, {@code .markdown}, {@code .txt}) into memory, keeping relative
 * paths. Symbolic links are not followed; at most {@link MemoryOptions#maxImportFiles()} files are read and
 * a file larger than {@link MemoryOptions#maxDocumentChars()} bytes, not valid UTF-8, with a name that is
 * not a valid memory path, or holding a credential is skipped with the reason.
 */
public final class MemoryImport {
  /** What an import did. */
  public record Report(List<String> imported, List<String> skipped) {}

  private MemoryImport() {}

  public static Report run(Memory memory, Path dir, String prefix, String provenance, Trust trust) {
    if (!Files.isDirectory(dir)) {
      throw new MemoryException("invalid-input", "not a folder: " + dir);
    }
    String pre = MemoryPath.prefix(prefix);
    if (!pre.isEmpty() && !pre.endsWith("/")) {
      pre += "/";
    }
    int maxFiles = memory.options().maxImportFiles();
    long maxBytes = memory.options().maxDocumentChars();
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
          String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
          if (a.isRegularFile() && (n.endsWith(".md") || n.endsWith(".markdown") || n.endsWith(".txt"))) {
            files.add(f);
          }
          return files.size() > maxFiles ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
    }
    if (files.size() > maxFiles) {
      throw new MemoryException("too-large", dir + " holds more than " + maxFiles + " notes; import a smaller folder");
    }
    files.sort(null);
    List<String> imported = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Path f : files) {
      String rel = dir.relativize(f).toString().replace('\\', '/');
      try {
        if (Files.size(f) > maxBytes) {
          skipped.add(rel + ": larger than " + maxBytes + " bytes");
          continue;
        }
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(f))).toString();
        memory.write(pre + rel, text, provenance, trust);
        imported.add(pre + rel);
      } catch (CharacterCodingException e) {
        skipped.add(rel + ": not UTF-8 text");
      } catch (MemoryException e) {
        skipped.add(rel + ": " + e.getMessage());
      } catch (IOException e) {
        skipped.add(rel + ": " + e.getMessage());
      }
    }
    return new Report(imported, skipped);
  }
}

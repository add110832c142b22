package dev.ironclaw4j.server.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The agent's identity: the Markdown files in the home's {@code identity/} folder ({@code AGENT.md}: who
 * the agent is and how it works; {@code USER.md}: what it should know about the user), read in name order
 * into the system prompt at every turn, so an edit takes effect at the next prompt. The folder is created
 * with defaults on first use; a user who empties a file gets nothing from it, and a removed file stays removed.
 */
public final class Identity {
  /** Largest identity file read; the rest is cut. */
  static final int MAX_FILE_CHARS = 32 * 1024;
  /** Largest total read. */
  static final int MAX_TOTAL_CHARS = 64 * 1024;
  static final List<String> DEFAULTS = List.of("AGENT.md", "USER.md");

  private final Path dir;

  public Identity(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** Creates the folder with the default files if it does not exist yet. */
  public void ensureDefaults() {
    if (Files.isDirectory(dir)) {
      return;
    }
    try {
      Files.createDirectories(dir);
      for (String name : DEFAULTS) {
        try (InputStream in = Identity.class.getResourceAsStream(name)) {
          if (in != null) {
            Files.write(dir.resolve(name), in.readAllBytes());
          }
        }
      }
    } catch (IOException e) {
      System.getLogger(Identity.class.getName()).log(System.Logger.Level.WARNING,
          "cannot create the identity files in " + dir + ": " + e.getMessage());
    }
  }

  /** The identity files' text, each under its file name as a heading; empty when there are none. */
  public String text() {
    ensureDefaults();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().endsWith(".md") && Files.isRegularFile(p)).sorted().forEach(files::add);
    } catch (IOException e) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (Path p : files) {
      String t;
      try {
        byte[] bytes = Files.readAllBytes(p);
        t = new String(bytes, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        continue;
      }
      if (t.isEmpty()) {
        continue;
      }
      if (t.length() > MAX_FILE_CHARS) {
        t = t.substring(0, MAX_FILE_CHARS) + "\n[cut: " + p.getFileName() + " is longer than " + MAX_FILE_CHARS + " characters]";
      }
      if (b.length() + t.length() > MAX_TOTAL_CHARS) {
        b.append("\n[further identity files left out: more than ").append(MAX_TOTAL_CHARS).append(" characters in all]\n");
        break;
      }
      b.append("## ").append(p.getFileName()).append("\n\n").append(t).append("\n\n");
    }
    return b.toString().strip();
  }
}

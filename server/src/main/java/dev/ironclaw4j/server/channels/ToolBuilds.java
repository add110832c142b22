package dev.ironclaw4j.server.channels;

import dev.ironclaw4j.guard.tool.Approver;
import dev.ironclaw4j.guard.tool.Effect;
import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.server.runtime.GuardStack;
import dev.ironclaw4j.toolsmith.BuildEvent;
import dev.ironclaw4j.toolsmith.BuildResult;
import dev.ironclaw4j.toolsmith.Diagnostic;
import dev.ironclaw4j.toolsmith.Toolsmith;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The toolsmith for editor channels: builds a Java tool source file into a sandboxed WASM tool and, when
 * asked, installs it into the home's watched tools folder, but only after the human approved the
 * capability summary through the channel's approver (never remembered). One build at a time; the
 * toolsmith's build worker starts on first use and stays warm until the channel closes.
 */
public final class ToolBuilds implements AutoCloseable {
  /** Largest tool source accepted, as for {@code ironclaw4j tool build}. */
  public static final long MAX_SOURCE_BYTES = 1 << 20;

  /** How a build ended: the tool's name, whether it was installed, and the capability summary. */
  public record Built(String name, boolean installed, String summary) {}

  private final GuardStack stack;
  private final SecretLookup secrets;
  private final Path toolsDir;
  private Toolsmith smith;

  public ToolBuilds(GuardStack stack, SecretLookup secrets, Path toolsDir) {
    this.stack = Objects.requireNonNull(stack, "stack");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.toolsDir = Objects.requireNonNull(toolsDir, "toolsDir");
  }

  /** Builds {@code file}; {@code progress} gets one line per phase event. */
  public synchronized Built build(Path file, boolean install, Approver approver, Consumer<String> progress) {
    String source = read(file);
    if (smith == null) {
      smith = new Toolsmith(Toolsmith.Options.defaults(), stack::egressFor, secrets, line -> {});
    }
    BuildResult r = smith.build(file.getFileName().toString(), source, true, e -> progress.accept(line(e)));
    if (!r.ok()) {
      String problems = r.diagnostics().stream().limit(20).map(Diagnostic::toString).collect(Collectors.joining("\n"));
      throw new ChannelException(ChannelException.TOOL_ERROR, "build-failed", "the build failed in "
          + r.failedPhase().get().name().toLowerCase(Locale.ROOT) + (problems.isEmpty() ? "" : ":\n" + problems));
    }
    String name = r.manifest().name();
    if (!install) {
      return new Built(name, false, r.summary());
    }
    if (stack.tools.specs().stream().anyMatch(s -> s.name().equals(name) && !s.source().startsWith("wasm"))) {
      throw ChannelException.invalid("'" + name + "' is a built-in tool; give the tool another name");
    }
    Approver.Answer a = approver.ask(new Approver.Request("install tool " + name, r.summary(), EnumSet.noneOf(Effect.class),
        "installing a new sandboxed tool with exactly these capabilities", false));
    if (a == Approver.Answer.DENY) {
      return new Built(name, false, r.summary());
    }
    smith.install(r, toolsDir, e -> progress.accept(line(e)));
    if (stack.wasmTools != null) {
      stack.wasmTools.scan(); // load it now rather than at the watcher's next event
    }
    return new Built(name, true, r.summary());
  }

  private static String line(BuildEvent e) {
    String phase = e.phase().name().toLowerCase(Locale.ROOT);
    return e.message().isEmpty() ? phase + ": " + e.status().name().toLowerCase(Locale.ROOT)
        : phase + ": " + e.message().lines().findFirst().orElse("");
  }

  private static String read(Path p) {
    try {
      long size = Files.size(p);
      if (size > MAX_SOURCE_BYTES) {
        throw new ChannelException(ChannelException.TOO_LARGE, "source-too-large",
            p + " is " + size + " bytes; a tool source is at most 1 MiB");
      }
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw ChannelException.invalid("no such file: " + p);
    } catch (IOException e) {
      throw new ChannelException(ChannelException.TOOL_ERROR, "unreadable", "cannot read " + p + ": " + e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (smith != null) {
      smith.close();
      smith = null;
    }
  }
}

package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.runtime.GuardStack;
import dev.ironclaw4j.toolsmith.BuildEvent;
import dev.ironclaw4j.toolsmith.BuildResult;
import dev.ironclaw4j.toolsmith.Diagnostic;
import dev.ironclaw4j.toolsmith.Toolsmith;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code ironclaw4j tool build Foo.java [--install] [--yes] [--no-examples]}: the toolsmith from the
 * command line. Progress per phase on stderr, compiler problems as {@code path:line:col: error: ...},
 * the capability summary on stdout, and installation only after the user approved it (or {@code --yes}).
 */
final class ToolBuild {
  private final RootCommand root;

  ToolBuild(RootCommand root) {
    this.root = root;
  }

  int run(Path file, boolean install, boolean yes, boolean examples) {
    root.quietLogging();
    String source = read(file);
    String name = file.getFileName().toString();
    try (VaultAccess access = VaultAccess.open(root, true)) {
      Optional<Vault> vault = Optional.empty();
      if (examples && access.vault.isInitialized()) {
        try {
          vault = Optional.of(access.unlocked());
        } catch (ServerException e) {
          if (e.exitCode() != ServerException.USAGE) {
            throw e;
          }
          root.err.println("note: the vault stays locked; examples that use {{secret:...}} placeholders will be refused");
        }
      }
      SecretLookup secrets = vault.filter(Vault::isUnlocked).<SecretLookup>map(v -> v).orElse(SecretLookup.NONE);
      // Without a home: the stack's egress, leak detector and audit, but no installed tools or memory.
      try (GuardStack g = GuardStack.open(access.config, access.db, root.redaction, vault);
          Toolsmith smith = new Toolsmith(Toolsmith.Options.defaults(), g::egressFor, secrets, line -> {})) {
        BuildResult r = smith.build(name, source, examples, this::progress);
        return finish(r, file.toString(), smith, install, yes);
      }
    }
  }

  /**
   * What a build ends with, from source or from a description: problems at {@code path:line:col}, the
   * capability summary, then installation only after approval.
   */
  int finish(BuildResult r, String path, Toolsmith smith, boolean install, boolean yes) {
    for (Diagnostic d : r.diagnostics()) {
      root.err.println(d.toString().replaceFirst("^" + java.util.regex.Pattern.quote(r.fileName()),
          java.util.regex.Matcher.quoteReplacement(path)));
    }
    if (!r.ok()) {
      root.err.println("build failed in " + r.failedPhase().get().name().toLowerCase(Locale.ROOT));
      return ServerException.FAILURE;
    }
    root.out.println(r.summary());
    root.err.printf("built %s in %.1f s%n", r.manifest().name(), r.totalMillis() / 1000.0);
    if (!install) {
      return 0;
    }
    if (ToolCommand.BUILTIN_NAMES.contains(r.manifest().name())) {
      throw new ServerException(ServerException.USAGE, "'" + r.manifest().name() + "' is a built-in tool; give the tool another name", null);
    }
    if (!yes && !approved(r.manifest().name())) {
      root.err.println("not installed");
      return ServerException.FAILURE;
    }
    Path wasm = smith.install(r, root.home().ensureExists().toolsDir(), this::progress);
    root.out.println("installed " + r.manifest().name() + " (" + wasm + "); a running server picks it up without a restart");
    return 0;
  }

  private boolean approved(String tool) {
    Console console = VaultAccess.terminal(root);
    if (console == null) {
      throw new ServerException(ServerException.USAGE, "installing needs your approval of the capabilities above:"
          + " run on a terminal, or pass --yes (for scripts)", null);
    }
    String a = console.readLine("Install %s with exactly these capabilities? [y/N]: ", tool);
    return a != null && (a.strip().equalsIgnoreCase("y") || a.strip().equalsIgnoreCase("yes"));
  }

  void progress(BuildEvent e) {
    String phase = e.phase().name().toLowerCase(Locale.ROOT);
    switch (e.status()) {
      case STARTED -> root.err.printf("[%-8s] ...%s%n", phase, e.message().isEmpty() ? "" : " " + e.message());
      case OK -> root.err.printf("[%-8s] ok%n", phase);
      case FAILED -> root.err.printf("[%-8s] FAILED%s%n", phase, e.message().isEmpty() ? "" : ": " + e.message().lines().findFirst().orElse(""));
      case INFO -> root.err.printf("[%-8s] %s%n", phase, e.message());
    }
    root.err.flush();
  }

  private static String read(Path p) {
    try {
      long size = Files.size(p);
      if (size > 4L * 256 * 1024) {
        throw new ServerException(ServerException.USAGE, p + " is " + size + " bytes; a tool source is at most 1 MiB", null);
      }
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ServerException(ServerException.USAGE, "no such file: " + p, e);
    } catch (IOException e) {
      throw new ServerException(ServerException.FAILURE, "cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}

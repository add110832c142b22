package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.tool.ApprovalPolicy;
import dev.ironclaw4j.guard.tool.Approver;
import dev.ironclaw4j.guard.tool.ToolContext;
import dev.ironclaw4j.guard.tool.ToolResult;
import dev.ironclaw4j.guard.tool.ToolSpec;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.runtime.GuardStack;
import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.wasm.Mode;
import dev.ironclaw4j.wasm.SandboxedModule;
import dev.ironclaw4j.wasm.ToolManifest;
import dev.ironclaw4j.wasm.WasmTool;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ironclaw4j tool list | call | install | build | new | rm}. */
@Command(
    name = "tool",
    mixinStandardHelpOptions = true,
    description = "List the tools and call one through the full guarded pipeline (the CLI is the approving channel).",
    subcommands = {picocli.CommandLine.HelpCommand.class})
final class ToolCommand {
  @ParentCommand RootCommand root;

  @Command(name = "list", description = "Every tool: name, source, effects and what the approval policy does on the CLI.")
  int list() {
    return withStack(false, g -> {
      for (ToolSpec t : g.tools.specs()) {
        ApprovalPolicy.Decision d = g.approvals.decide(t, "cli");
        root.out.printf("%-14s %-8s %-5s effects=%s%n", t.name(), t.source(), d.name().toLowerCase(Locale.ROOT),
            t.effects().isEmpty() ? "none" : t.effects().stream().map(e -> e.name().toLowerCase(Locale.ROOT)).sorted()
                .collect(Collectors.joining(",")));
        root.out.printf("    %s%n", t.description());
      }
      return 0;
    });
  }

  @Command(name = "call", description = {"Run a tool with a JSON input through validation, approval, rate limits,",
      "egress, leak scanning, the safety layer and the audit log. Prints what the model would see."})
  int call(
      @Parameters(paramLabel = "NAME", description = "tool name (see 'ironclaw4j tool list')") String name,
      @Option(names = "--input", required = true, paramLabel = "JSON", description = "the tool's input, e.g. '{\"text\":\"hi\"}'") String input,
      @Option(names = "--yes", description = "Answer 'ask' approvals with yes (for scripts). Never overrides a 'deny' policy.") boolean yes,
      @Option(names = "--session", paramLabel = "ID", description = "Session id for the audit log (default: a new one).") String session) {
    return withStack(true, g -> {
      String sid = session != null ? session : "cli-" + UUID.randomUUID().toString().substring(0, 8);
      ToolContext ctx = new ToolContext(sid, "cli", System.getProperty("user.name", "user"), approver(yes));
      ToolResult r = g.invoker.call(name, input, ctx);
      root.out.println(r.content());
      root.err.println("verdict: " + r.verdict() + (r.redacted() ? ", secrets redacted" : "") + ", audit record " + r.auditSeq());
      return 0;
    });
  }

  @Command(name = "install", description = {"Check a WASM tool against its manifest and the host ABI, then install it",
      "into the home's tools/ folder, where a running server picks it up without a restart."})
  int install(
      @Parameters(paramLabel = "FILE.wasm", description = "the module") Path wasm,
      @Option(names = "--manifest", paramLabel = "FILE.json", description = "its manifest (default: FILE.json beside it)") Path manifestFile) {
    root.quietLogging();
    Path mf = manifestFile != null ? manifestFile
        : wasm.resolveSibling(wasm.getFileName().toString().replaceFirst("\\.wasm$", "") + ".json");
    byte[] module = readCapped(wasm, SandboxedModule.MAX_MODULE_BYTES);
    byte[] manifestBytes = readCapped(mf, ToolManifest.MAX_MANIFEST_BYTES);
    ToolManifest manifest;
    try {
      manifest = ToolManifest.parse(manifestBytes);
    } catch (IllegalArgumentException | dev.ironclaw4j.wasm.SandboxException e) {
      throw new ServerException(ServerException.USAGE, mf + ": " + e.getMessage(), e);
    }
    if (BUILTIN_NAMES.contains(manifest.name())) {
      throw new ServerException(ServerException.USAGE, "'" + manifest.name() + "' is a built-in tool; give the WASM tool another name", null);
    }
    String sha;
    try (WasmTool t = WasmTool.load(module, manifest, Mode.COMPILED, p -> Egress.builder().policy(p).build(), dev.ironclaw4j.guard.vault.SecretLookup.NONE, l -> {})) {
      sha = t.moduleSha256();
    }
    Path dir = root.home().ensureExists().toolsDir();
    try {
      Files.createDirectories(dir);
      // Manifest first, module last: the watcher loads a tool when its module appears.
      replace(dir.resolve(manifest.name() + ".json"), manifestBytes);
      replace(dir.resolve(manifest.name() + ".wasm"), module);
    } catch (IOException e) {
      throw new ServerException(ServerException.FAILURE, "cannot install into " + dir + ": " + e.getMessage(), e);
    }
    root.out.println("installed " + manifest.name() + " " + manifest.version() + " (module sha256 " + sha + ")");
    root.out.println("  http: " + (manifest.http().isEmpty() ? "none" : manifest.http()) + "; secrets: "
        + (manifest.secrets().isEmpty() ? "none" : manifest.secrets()));
    return 0;
  }

  @Command(name = "build", description = {"Build a tool from Java source written against the tool SDK: javac, TeaVM (WASM-GC),",
      "validation with a capability summary, the tool's @Example calls in the sandbox, then (with --install) install",
      "after you approve the summary. See docs/toolsmith.md."})
  int build(
      @Parameters(paramLabel = "FILE.java", description = "the tool's source (one public class annotated @Tool)") Path file,
      @Option(names = "--install", description = "Install into the home's tools/ folder after approval.") boolean install,
      @Option(names = "--yes", description = "Approve the capability summary without asking (for scripts).") boolean yes,
      @Option(names = "--no-examples", description = "Do not run the tool's @Example calls.") boolean noExamples) {
    return new ToolBuild(root).run(file, install, yes, !noExamples);
  }

  @Command(name = "new", description = {"Let the configured model write a tool from a description: its source and examples",
      "are built and checked exactly like 'tool build'; compile errors and failing examples go back to the model for",
      "a few rounds. With --install, installed after you approve the capability summary."})
  int newTool(
      @Parameters(paramLabel = "DESCRIPTION", description = "what the tool should do, in words") String description,
      @Option(names = "--rounds", defaultValue = "3", paramLabel = "N", description = "most rounds with the model (1 to 8; default 3)") int rounds,
      @Option(names = "--install", description = "Install into the home's tools/ folder after approval.") boolean install,
      @Option(names = "--yes", description = "Approve the capability summary without asking (for scripts).") boolean yes) {
    return new ToolNew(root).run(description, rounds, install, yes);
  }

  @Command(name = "rm", description = "Remove an installed WASM tool (a running server unloads it at once).")
  int rm(@Parameters(paramLabel = "NAME") String name) {
    root.quietLogging();
    if (!name.matches("[a-z][a-z0-9_]{0,47}")) {
      throw new ServerException(ServerException.USAGE, "not a tool name: " + name, null);
    }
    Path dir = root.home().toolsDir();
    try {
      boolean any = Files.deleteIfExists(dir.resolve(name + ".wasm"));
      any |= Files.deleteIfExists(dir.resolve(name + ".json"));
      Files.deleteIfExists(dir.resolve(name + ".java")); // the source the toolsmith installed beside it
      if (!any) {
        throw new ServerException("no installed WASM tool named '" + name + "' (see 'ironclaw4j tool list')");
      }
    } catch (IOException e) {
      throw new ServerException(ServerException.FAILURE, "cannot remove " + name + ": " + e.getMessage(), e);
    }
    root.out.println("removed " + name);
    return 0;
  }

  static final java.util.Set<String> BUILTIN_NAMES = java.util.Set.of("echo", "time", "secret_list", "http_request",
      "memory_search", "memory_read", "memory_write", "memory_tree");

  private static byte[] readCapped(Path p, int max) {
    try {
      long size = Files.size(p);
      if (size > max) {
        throw new ServerException(ServerException.USAGE, p + " is " + size + " bytes; the limit is " + max, null);
      }
      return Files.readAllBytes(p);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ServerException(ServerException.USAGE, "no such file: " + p, e);
    } catch (IOException e) {
      throw new ServerException(ServerException.FAILURE, "cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  private static void replace(Path target, byte[] bytes) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private Optional<Approver> approver(boolean yes) {
    if (yes) {
      return Optional.of(req -> Approver.Answer.ALLOW_ONCE);
    }
    Console console = VaultAccess.terminal(root);
    if (console == null) {
      return Optional.empty();
    }
    return Optional.of(req -> {
      root.err.printf("%n%s wants to run (%s).%n  effects: %s%n  input: %s%n", req.tool(), req.why(), req.effects(), req.inputSummary());
      String answer = console.readLine(req.mayRemember() ? "Allow? [y]es once, [s] for this session, [N]o: " : "Allow? [y]es once, [N]o: ");
      String a = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
      if (a.equals("y") || a.equals("yes")) {
        return Approver.Answer.ALLOW_ONCE;
      }
      return a.equals("s") && req.mayRemember() ? Approver.Answer.ALLOW_FOR_SESSION : Approver.Answer.DENY;
    });
  }

  /** Opens the database, unlocks the vault when that is possible without asking twice, and builds the guards. */
  private int withStack(boolean unlock, Function<GuardStack, Integer> work) {
    return withStack(root, unlock, work);
  }

  /** The same for any command ({@code tool}, {@code mcp}): never reads stdin, prompts only on a terminal. */
  static int withStack(RootCommand root, boolean unlock, Function<GuardStack, Integer> work) {
    try (VaultAccess access = VaultAccess.open(root, true)) {
      Optional<Vault> vault = Optional.empty();
      if (unlock && access.vault.isInitialized()) {
        try {
          vault = Optional.of(access.unlocked());
        } catch (ServerException e) {
          if (e.exitCode() != ServerException.USAGE) {
            throw e;
          }
          root.err.println("note: the vault stays locked (" + e.getMessage() + "); {{secret:...}} placeholders will be refused");
        }
      }
      try (GuardStack g = GuardStack.open(access.config, access.db, root.redaction, vault, access.home)) {
        return work.apply(g);
      }
    }
  }
}

package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.tool.ApprovalPolicy;
import dev.ironclaw4j.guard.tool.Approver;
import dev.ironclaw4j.guard.tool.ToolContext;
import dev.ironclaw4j.guard.tool.ToolResult;
import dev.ironclaw4j.guard.tool.ToolSpec;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.runtime.GuardStack;
import java.io.Console;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ironclaw4j tool list} and {@code ironclaw4j tool call NAME --input JSON}. */
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
      try (GuardStack g = GuardStack.open(access.config, access.db, root.redaction, vault)) {
        return work.apply(g);
      }
    }
  }
}

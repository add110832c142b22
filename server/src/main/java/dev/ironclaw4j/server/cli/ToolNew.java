package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.agent.AgentCore;
import dev.ironclaw4j.server.audit.EgressAuditAdapter;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.llm.ChatModel;
import dev.ironclaw4j.server.llm.ChatRequest;
import dev.ironclaw4j.server.llm.ChatSink;
import dev.ironclaw4j.server.llm.Message;
import dev.ironclaw4j.server.llm.ModelSettings;
import dev.ironclaw4j.server.llm.Providers;
import dev.ironclaw4j.server.runtime.GuardStack;
import dev.ironclaw4j.toolsmith.AuthorLoop;
import dev.ironclaw4j.toolsmith.AuthorPrompt;
import dev.ironclaw4j.toolsmith.ToolAuthor;
import dev.ironclaw4j.toolsmith.Toolsmith;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code ironclaw4j tool new "description" [--install] [--yes] [--rounds N]}: the configured model writes
 * the tool's source and examples against the SDK; compile errors and failing examples go back to it for
 * at most N rounds. The result passes the same checks and the same approval as hand-written source;
 * its source is saved (beside the installed tool, or in the current folder) for the user to read and edit.
 */
final class ToolNew {
  /** Output cap of one authoring answer. */
  static final int MAX_OUTPUT_TOKENS = 8192;
  private final RootCommand root;

  ToolNew(RootCommand root) {
    this.root = root;
  }

  int run(String description, int rounds, boolean install, boolean yes) {
    root.quietLogging();
    if (description.isBlank() || description.length() > 4000) {
      throw new ServerException(ServerException.USAGE, "describe the tool in 1 to 4000 characters", null);
    }
    if (rounds < 1 || rounds > AuthorLoop.MAX_ROUNDS) {
      throw new ServerException(ServerException.USAGE, "--rounds must be 1 to " + AuthorLoop.MAX_ROUNDS, null);
    }
    Config config = root.config(root.home());
    Optional<ModelSettings> settings = Providers.settings(config, false);
    if (settings.isEmpty()) {
      root.err.println(AgentCore.NO_MODEL_HELP);
      return ServerException.USAGE;
    }
    try (VaultAccess access = VaultAccess.open(root, true)) {
      Optional<Vault> vault = Optional.empty();
      if (access.vault.isInitialized()) {
        try {
          vault = Optional.of(access.unlocked());
        } catch (ServerException e) {
          if (e.exitCode() != ServerException.USAGE || settings.get().keySecret().isPresent()) {
            throw e;
          }
        }
      }
      SecretLookup secrets = vault.filter(Vault::isUnlocked).<SecretLookup>map(v -> v).orElse(SecretLookup.NONE);
      try (GuardStack g = GuardStack.open(access.config, access.db, root.redaction, vault);
          Providers providers = Providers.open(access.config, g.leaks, secrets, new EgressAuditAdapter(g.audit));
          Toolsmith smith = new Toolsmith(Toolsmith.Options.defaults(), g::egressFor, secrets, line -> {})) {
        ChatModel model = providers.model().orElseThrow();
        ToolBuild out = new ToolBuild(root);
        int[] round = {0};
        ToolAuthor author = (d, feedback) -> {
          round[0]++;
          root.err.printf("[author  ] round %d: asking %s%s%n", round[0], model.id(),
              feedback.isEmpty() ? "" : " to fix " + (feedback.size() - 1) + " problem(s)");
          String answer = model.chat(new ChatRequest(List.of(Message.system(AuthorPrompt.SYSTEM),
              Message.user(AuthorPrompt.user(d, feedback))), List.of(), MAX_OUTPUT_TOKENS), ChatSink.NONE).text();
          return AuthorPrompt.draft(answer);
        };
        AuthorLoop.Outcome o = AuthorLoop.run(author, description, rounds, smith, out::progress);
        if (o.build() == null) {
          root.err.println("the model wrote no tool");
          return ServerException.FAILURE;
        }
        if (!o.ok() || !install) {
          save(o.build().fileName(), o.build().source());
        }
        return out.finish(o.build(), o.build().fileName(), smith, install, yes);
      }
    }
  }

  /** Keeps the draft in the current folder (never over an existing file) so the user can read and fix it. */
  private void save(String fileName, String source) {
    Path p = Path.of(fileName).toAbsolutePath();
    if (Files.exists(p)) {
      root.err.println("note: " + p + " exists; the draft was not saved over it");
      return;
    }
    try {
      Files.writeString(p, source, StandardCharsets.UTF_8);
      root.err.println("source saved to " + p);
    } catch (IOException e) {
      root.err.println("note: cannot save the source to " + p + ": " + e.getMessage());
    }
  }
}

package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.leak.LeakDetector;
import dev.ironclaw4j.guard.vault.KnownSecrets;
import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.audit.EgressAuditAdapter;
import dev.ironclaw4j.server.agent.AgentCore;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.config.ConfigFile;
import dev.ironclaw4j.server.config.ConfigKey;
import dev.ironclaw4j.server.config.ConfigKeys;
import dev.ironclaw4j.server.home.Home;
import dev.ironclaw4j.server.llm.ChatRequest;
import dev.ironclaw4j.server.llm.ChatResponse;
import dev.ironclaw4j.server.llm.Message;
import dev.ironclaw4j.server.llm.ModelException;
import dev.ironclaw4j.server.llm.ModelSettings;
import dev.ironclaw4j.server.llm.ProviderKind;
import dev.ironclaw4j.server.llm.Providers;
import dev.ironclaw4j.server.llm.RetryPolicy;
import dev.ironclaw4j.guard.audit.AuditLog;
import dev.ironclaw4j.server.audit.JdbcAuditStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ironclaw4j model set|list|test}: which model the agent talks to. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = {
      "Configure the chat model: provider API, base URL, model name and the vault secret with its key.",
      "The key never leaves the vault except into requests to the provider's own URL, by its binding."
    },
    subcommands = {picocli.CommandLine.HelpCommand.class})
final class ModelCommand {
  @ParentCommand RootCommand root;

  @Command(name = "set", description = {"Write the model settings to config.toml, after checking that the key secret",
      "exists and is bound to the base URL (when the vault can be unlocked here)."})
  int set(
      @Option(names = "--provider", required = true, paramLabel = "API",
          description = "openai-compatible (OpenAI, Ollama, vLLM, OpenRouter, NEAR AI, Tinfoil...) or anthropic") String provider,
      @Option(names = "--base-url", required = true, paramLabel = "URL",
          description = "e.g. https://api.openai.com/v1, https://api.anthropic.com/v1, http://127.0.0.1:11434/v1") String baseUrl,
      @Option(names = "--model", required = true, paramLabel = "NAME", description = "e.g. gpt-4o-mini, claude-sonnet-4-5, llama3.1") String model,
      @Option(names = "--key-secret", paramLabel = "NAME", description = "vault secret with the API key (none for a keyless local server)") String keySecret,
      @Option(names = "--input-cost", paramLabel = "USD", description = "price per million input tokens, for the cost per session") String inputCost,
      @Option(names = "--output-cost", paramLabel = "USD", description = "price per million output tokens") String outputCost,
      @Option(names = "--fallback", description = "set the second model, used when the first fails") boolean fallback) {
    root.quietLogging();
    ProviderKind kind;
    try {
      kind = ProviderKind.parse(provider);
    } catch (IllegalArgumentException e) {
      throw new ServerException(ServerException.USAGE, e.getMessage(), e);
    }
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    try {
      Providers.ruleFor(base);
    } catch (IllegalArgumentException e) {
      throw new ServerException(ServerException.USAGE, e.getMessage(), e);
    }
    if (model.isBlank()) {
      throw new ServerException(ServerException.USAGE, "--model needs a model name", null);
    }
    ModelSettings s = ModelSettings.of(kind, base, model.strip(), keySecret);
    Home home = root.home().ensureExists();
    String check = checkKey(s);

    ConfigKey pk = fallback ? ConfigKeys.MODEL_FALLBACK_PROVIDER : ConfigKeys.MODEL_PROVIDER;
    ConfigKey uk = fallback ? ConfigKeys.MODEL_FALLBACK_BASE_URL : ConfigKeys.MODEL_BASE_URL;
    ConfigKey nk = fallback ? ConfigKeys.MODEL_FALLBACK_NAME : ConfigKeys.MODEL_NAME;
    ConfigKey kk = fallback ? ConfigKeys.MODEL_FALLBACK_KEY_SECRET : ConfigKeys.MODEL_KEY_SECRET;
    ConfigKey ik = fallback ? ConfigKeys.MODEL_FALLBACK_INPUT_COST : ConfigKeys.MODEL_INPUT_COST;
    ConfigKey ok = fallback ? ConfigKeys.MODEL_FALLBACK_OUTPUT_COST : ConfigKeys.MODEL_OUTPUT_COST;
    // validate everything before writing anything
    List<Object[]> writes = new ArrayList<>();
    writes.add(new Object[] {pk, kind.id()});
    writes.add(new Object[] {uk, base});
    writes.add(new Object[] {nk, model.strip()});
    writes.add(new Object[] {kk, keySecret == null ? "" : keySecret});
    if (inputCost != null) {
      writes.add(new Object[] {ik, inputCost});
    }
    if (outputCost != null) {
      writes.add(new Object[] {ok, outputCost});
    }
    for (Object[] w : writes) {
      ((ConfigKey) w[0]).parse((String) w[1], "model set");
    }
    for (Object[] w : writes) {
      ConfigFile.set(home.configFile(), ((ConfigKey) w[0]).name(), (String) w[1]);
    }
    root.out.println((fallback ? "fallback model" : "model") + " set: " + kind.id() + " " + model.strip() + " at " + base
        + (keySecret == null ? " (no key)" : " (key: secret " + keySecret + ")") + "  (" + home.configFile() + ")");
    root.out.println("  egress: the agent's client for it may reach only " + Providers.ruleFor(base).text());
    root.out.println("  " + check);
    for (ConfigKey k : List.of(pk, uk, nk, kk)) {
      if (root.env.containsKey(k.envVar())) {
        root.err.println("note: " + k.envVar() + " is set and overrides " + k.name());
      }
    }
    root.out.println("Next: ironclaw4j model test" + (fallback ? " --fallback" : ""));
    return 0;
  }

  /** Checks the key binding against the unlocked vault; refuses a missing or unbound secret. */
  private String checkKey(ModelSettings s) {
    if (s.keySecret().isEmpty()) {
      return "key: none (fine for a local server; a hosted API will answer 401)";
    }
    if (!s.keySecret().get().matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
      throw new ServerException(ServerException.USAGE, "--key-secret must be a vault secret name (letters, digits, _)", null);
    }
    try (VaultAccess access = VaultAccess.open(root, true)) {
      if (!access.vault.isInitialized()) {
        throw new ServerException(ServerException.USAGE, "there is no vault yet to hold the key: run 'ironclaw4j vault init', then"
            + " ironclaw4j secret set " + s.keySecret().get() + " --bind '" + s.baseUrl() + "/* POST' --inject "
            + s.provider().usualInjection(), null);
      }
      Vault v;
      try {
        v = access.unlocked();
      } catch (ServerException e) {
        if (e.exitCode() != ServerException.USAGE) {
          throw e;
        }
        return "key binding NOT checked: the vault stays locked here (" + e.getMessage() + "); 'ironclaw4j model test' checks it";
      }
      Optional<String> problem = Providers.checkKeyBinding(s, v.list());
      if (problem.isPresent()) {
        throw new ServerException(ServerException.USAGE, problem.get() + ". Nothing was changed.", null);
      }
      return "key: secret " + s.keySecret().get() + " is bound to " + s.chatUrl() + " (checked)";
    }
  }

  @Command(name = "list", description = "Show the configured models; with --available, the models the provider offers.")
  int list(@Option(names = "--available", description = "ask the provider (GET {base}/models) for the models it offers") boolean available) {
    root.quietLogging();
    Config config = root.config(root.home());
    Optional<ModelSettings> primary = Providers.settings(config, false);
    if (primary.isEmpty()) {
      root.out.println("no model configured");
      root.out.println(AgentCore.NO_MODEL_HELP);
      return 0;
    }
    print("model", primary.get());
    Optional<ModelSettings> fallback = Providers.settings(config, true);
    if (fallback.isPresent()) {
      print("fallback", fallback.get());
    } else {
      root.out.println("fallback: none ('model set --fallback ...' adds one)");
    }
    root.out.println("streaming: " + config.bool(ConfigKeys.MODEL_STREAM) + ", output cap " + config.integer(ConfigKeys.MODEL_MAX_OUTPUT_TOKENS)
        + " tokens, " + config.integer(ConfigKeys.AGENT_MAX_STEPS) + " steps and " + config.integer(ConfigKeys.AGENT_MAX_TURN_TOKENS)
        + " tokens per turn, compaction above " + config.integer(ConfigKeys.AGENT_CONTEXT_TOKENS) + " tokens");
    if (available) {
      return withEgress(primary.get(), (egress, s) -> {
        List<String> names = Providers.listModels(s, egress);
        root.out.println("available at " + s.baseUrl() + " (" + names.size() + "):");
        names.forEach(n -> root.out.println("  " + n));
        return 0;
      });
    }
    return 0;
  }

  private void print(String label, ModelSettings s) {
    root.out.printf("%s: %s %s%n", label, s.provider().id(), s.model());
    root.out.printf("  base URL: %s (chat: %s)%n", s.baseUrl(), s.chatUrl());
    root.out.printf("  key: %s%n", s.keySecret().map(k -> "vault secret " + k).orElse("none"));
    root.out.printf("  price: %s%n", s.inputCostPerMillion().isPresent() && s.outputCostPerMillion().isPresent()
        ? "$" + s.inputCostPerMillion().get() + " / $" + s.outputCostPerMillion().get() + " per million input / output tokens" : "unknown");
  }

  @Command(name = "test", description = "Send one tiny prompt to the model through egress and show the answer, tokens and time.")
  int test(@Option(names = "--fallback", description = "test the fallback model instead") boolean fallback) {
    root.quietLogging();
    Config config = root.config(root.home());
    Optional<ModelSettings> settings = Providers.settings(config, fallback);
    if (settings.isEmpty()) {
      root.err.println(fallback ? "no fallback model configured ('model set --fallback ...')" : AgentCore.NO_MODEL_HELP);
      return ServerException.USAGE;
    }
    return withEgress(settings.get(), (egress, s) -> {
      dev.ironclaw4j.server.llm.ChatModel m = Providers.create(s, egress, new RetryPolicy(2, java.time.Duration.ofSeconds(1),
          java.time.Duration.ofSeconds(5), RetryPolicy.THREAD_SLEEP));
      long t0 = System.nanoTime();
      StringBuilder streamed = new StringBuilder();
      try {
        ChatResponse r = m.chat(new ChatRequest(List.of(
            Message.system("You are being tested for connectivity. Answer with exactly one word."),
            Message.user("Reply with the single word: pong")), List.of(), 16), streamed::append);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        root.out.println("ok: " + s.id() + " answered \"" + root.redaction.redact(r.text().strip()) + "\" in " + ms + " ms ("
            + r.usage().inputTokens() + " input + " + r.usage().outputTokens() + " output tokens" + (r.usage().estimated() ? ", estimated" : "")
            + (r.model().isEmpty() ? "" : "; model " + r.model()) + ")");
        return 0;
      } catch (ModelException e) {
        root.err.println("model test: " + s.id() + " failed (" + e.reason() + "): " + root.redaction.redact(e.getMessage()));
        return ServerException.FAILURE;
      }
    });
  }

  @FunctionalInterface
  private interface EgressWork {
    int run(Egress egress, ModelSettings s);
  }

  /** The provider's own egress client, with the vault unlocked when it can be (the key is injected by it). */
  private int withEgress(ModelSettings s, EgressWork work) {
    try (VaultAccess access = VaultAccess.open(root, true)) {
      Optional<Vault> vault = Optional.empty();
      if (s.keySecret().isPresent()) {
        if (!access.vault.isInitialized()) {
          throw new ServerException(ServerException.USAGE, "the model's key secret " + s.keySecret().get()
              + " cannot exist: there is no vault yet ('ironclaw4j vault init')", null);
        }
        vault = Optional.of(access.unlocked());
        Optional<String> problem = Providers.checkKeyBinding(s, vault.get().list());
        if (problem.isPresent()) {
          throw new ServerException(ServerException.USAGE, problem.get(), null);
        }
      }
      LeakDetector leaks = new LeakDetector(vault.<KnownSecrets>map(v -> v).orElse(KnownSecrets.NONE));
      root.redaction.register(leaks.asRedactor());
      AuditLog audit = new AuditLog(new JdbcAuditStore(access.db), Clock.systemUTC());
      try (Egress egress = Providers.egressFor(s, leaks, vault.<SecretLookup>map(v -> v).orElse(SecretLookup.NONE),
          new EgressAuditAdapter(audit))) {
        return work.run(egress, s);
      }
    }
  }
}

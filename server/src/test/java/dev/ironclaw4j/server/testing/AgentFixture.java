package dev.ironclaw4j.server.testing;

import dev.ironclaw4j.guard.redact.RedactionHook;
import dev.ironclaw4j.guard.vault.Argon2Params;
import dev.ironclaw4j.guard.vault.Injection;
import dev.ironclaw4j.guard.vault.KekSource;
import dev.ironclaw4j.guard.vault.SecretBinding;
import dev.ironclaw4j.guard.vault.SecretValue;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.server.agent.AgentCore;
import dev.ironclaw4j.server.agent.AgentSettings;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.home.Home;
import dev.ironclaw4j.server.llm.RetryPolicy;
import dev.ironclaw4j.server.runtime.GuardStack;
import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.vault.JdbcVaultStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The whole agent for a test, assembled as {@code serve} assembles it: a home, a real database (H2 by
 * default, or any {@link TestDatabases.Target}), an unlocked vault with the test's secrets, the guard
 * stack and {@link AgentCore} talking to a {@link ScriptedModelServer}. {@link #restart()} closes
 * everything and opens it again over the same home and database, as a server restart would.
 *
 * <pre>{@code
 * try (ScriptedModelServer model = ScriptedModelServer.openAi(Reply.text("hi"));
 *     AgentFixture f = AgentFixture.builder(tmp).model(model).open()) {
 *   SessionInfo s = f.agent().open("acp", "tester", Optional.empty());
 *   TurnResult r = f.agent().prompt(s.id(), "hello", TurnListener.NONE, req -> Approver.Answer.DENY).result().join();
 * }
 * }</pre>
 */
public final class AgentFixture implements AutoCloseable {
  /** The vault passphrase of every fixture. */
  public static final String PASSPHRASE = "agent fixture passphrase";
  /** The secret holding the scripted model's key, bound to its base URL. */
  public static final String MODEL_KEY_SECRET = "MODEL_KEY";
  public static final String MODEL_KEY = "sk-fixture-model-key-0123456789abcdef";

  private final Builder b;
  private Database db;
  private Vault vault;
  private GuardStack guards;
  private AgentCore agent;
  private final RedactionHook redaction = new RedactionHook();

  private AgentFixture(Builder b) {
    this.b = b;
  }

  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** Configures a fixture. */
  public static final class Builder {
    private final Path dir;
    private ScriptedModelServer model;
    private final Map<String, String> env = new HashMap<>();
    private final List<String[]> secrets = new ArrayList<>();
    private final List<String> allow = new ArrayList<>();
    private final List<String> approval = new ArrayList<>();
    private boolean homeTools;
    private TestDatabases.Target database;
    private UnaryOperator<AgentSettings> settings = s -> s;

    private Builder(Path dir) {
      this.dir = dir;
    }

    /** The model to talk to; its dialect picks the provider. Without one, no model is configured. */
    public Builder model(ScriptedModelServer m) {
      this.model = m;
      return this;
    }

    /** A vault secret with one binding ('URL [METHODS]') and injection (bearer, header:NAME, query:P...). */
    public Builder secret(String name, String value, String rule, String injection) {
      secrets.add(new String[] {name, value, rule, injection});
      return this;
    }

    /** An {@code egress.allow} rule. */
    public Builder egressAllow(String rule) {
      allow.add(rule);
      return this;
    }

    /** A {@code tools.approval} rule such as {@code http_request=allow}. */
    public Builder approval(String rule) {
      approval.add(rule);
      return this;
    }

    /** Another configuration value, as its environment variable (IRONCLAW4J_...). */
    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /** Also the home's tools: memory (bundled embedding model) and the WASM tools folder. Slower to open. */
    public Builder withHomeTools() {
      this.homeTools = true;
      return this;
    }

    public Builder database(TestDatabases.Target t) {
      this.database = t;
      return this;
    }

    public Builder settings(UnaryOperator<AgentSettings> s) {
      this.settings = s;
      return this;
    }

    public AgentFixture open() {
      AgentFixture f = new AgentFixture(this);
      f.start(true);
      return f;
    }
  }

  public Home home() {
    return new Home(b.dir.resolve("home"));
  }

  public AgentCore agent() {
    return agent;
  }

  public GuardStack guards() {
    return guards;
  }

  public Database database() {
    return db;
  }

  public Vault vault() {
    return vault;
  }

  /** The configuration environment this fixture runs with (for a CLI run over the same home). */
  public Map<String, String> env() {
    Map<String, String> env = new HashMap<>(b.env);
    env.put("IRONCLAW4J_VAULT_PASSPHRASE", PASSPHRASE);
    if (b.database != null) {
      env.put("IRONCLAW4J_DATABASE_URL", b.database.url());
      env.put("IRONCLAW4J_DATABASE_USER", b.database.user());
      env.put("IRONCLAW4J_DATABASE_PASSWORD", b.database.password());
    }
    if (b.model != null) {
      env.put("IRONCLAW4J_MODEL_PROVIDER", b.model.dialect() == ScriptedModelServer.Dialect.OPENAI ? "openai-compatible" : "anthropic");
      env.put("IRONCLAW4J_MODEL_BASE_URL", b.model.baseUrl());
      env.put("IRONCLAW4J_MODEL_NAME", "scripted");
      env.put("IRONCLAW4J_MODEL_KEY_SECRET", MODEL_KEY_SECRET);
    }
    if (!b.allow.isEmpty()) {
      env.put("IRONCLAW4J_EGRESS_ALLOW", toml(b.allow));
    }
    if (!b.approval.isEmpty()) {
      env.put("IRONCLAW4J_TOOLS_APPROVAL", toml(b.approval));
    }
    return env;
  }

  private static String toml(List<String> list) {
    StringBuilder s = new StringBuilder("[");
    for (String x : list) {
      s.append(s.length() > 1 ? ", " : "").append('"').append(x.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return s.append(']').toString();
  }

  /** Vault options with cheap key derivation, for tests. */
  public static Vault.Options vaultOptions() {
    return Vault.Options.defaults().withKdf(Argon2Params.insecureForTestsOnly()).withFailureDelay(n -> Duration.ZERO, d -> {});
  }

  private void start(boolean first) {
    Home home = home().ensureExists();
    Config config = Config.load(home, env());
    db = Database.open(home, config);
    vault = new Vault(new JdbcVaultStore(db), redaction, vaultOptions());
    if (first) {
      vault.initialize(KekSource.passphrase(PASSPHRASE.toCharArray()));
      if (b.model != null) {
        String injection = b.model.dialect() == ScriptedModelServer.Dialect.OPENAI ? "bearer" : "header:x-api-key";
        vault.set(MODEL_KEY_SECRET, SecretValue.of(MODEL_KEY_SECRET, MODEL_KEY.getBytes(StandardCharsets.UTF_8)),
            List.of(SecretBinding.parse(b.model.baseUrl() + "/* POST", Injection.parse(injection))), null);
      }
      for (String[] s : b.secrets) {
        vault.set(s[0], SecretValue.of(s[0], s[1].getBytes(StandardCharsets.UTF_8)),
            List.of(SecretBinding.parse(s[2], Injection.parse(s[3]))), null);
      }
    } else {
      vault.unlock(KekSource.passphrase(PASSPHRASE.toCharArray()));
    }
    guards = GuardStack.open(config, db, redaction, Optional.of(vault), b.homeTools ? home : null);
    AgentCore core = AgentCore.open(config, db, guards, home, Optional.of(vault),
        new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50), RetryPolicy.THREAD_SLEEP));
    agent = core.withSettings(b.settings.apply(AgentSettings.from(config)));
  }

  /** Closes everything and opens it again over the same home and database (a server restart). */
  public AgentFixture restart() {
    stop();
    start(false);
    return this;
  }

  private void stop() {
    if (agent != null) {
      agent.close();
    }
    if (guards != null) {
      guards.close();
    }
    if (vault != null) {
      vault.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Override
  public void close() {
    stop();
  }
}

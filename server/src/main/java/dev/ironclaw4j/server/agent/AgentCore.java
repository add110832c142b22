package dev.ironclaw4j.server.agent;

import dev.ironclaw4j.guard.tool.Approver;
import dev.ironclaw4j.guard.tool.Effect;
import dev.ironclaw4j.guard.tool.SessionState;
import dev.ironclaw4j.guard.tool.ToolSpec;
import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.server.audit.EgressAuditAdapter;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.config.ConfigKeys;
import dev.ironclaw4j.server.home.Home;
import dev.ironclaw4j.server.llm.ChatModel;
import dev.ironclaw4j.server.llm.Providers;
import dev.ironclaw4j.server.llm.RetryPolicy;
import dev.ironclaw4j.server.runtime.GuardStack;
import dev.ironclaw4j.server.sessions.SessionStore;
import dev.ironclaw4j.server.storage.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The agent core behind {@link Conversations}: sessions in the database, one turn at a time per session,
 * each turn run by {@link TurnRunner} on its own virtual thread — the model through its provider's own
 * egress client, every tool call through the guard stack's one {@code ToolInvoker} with the channel's
 * approver.
 *
 * <p>Channels obtain it with {@link #open(Config, Database, GuardStack, Home, Optional)} from the objects
 * the server already has (the CLI's {@code chat}, and {@code serve} for LSP and ACP), use it through the
 * {@link Conversations} interface and close it before the guard stack and the database.
 */
public final class AgentCore implements Conversations, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(AgentCore.class.getName());
  /** How a user configures a model; the text of every NO_MODEL result. */
  public static final String NO_MODEL_HELP = """
      No model is configured, so there is nobody to answer. Configure one, e.g. OpenAI:
        ironclaw4j secret set OPENAI_API_KEY --bind 'https://api.openai.com/v1/* POST' --inject bearer
        ironclaw4j model set --provider openai-compatible --base-url https://api.openai.com/v1 --model gpt-4o-mini --key-secret OPENAI_API_KEY
      or a local Ollama (no key):
        ironclaw4j model set --provider openai-compatible --base-url http://127.0.0.1:11434/v1 --model llama3.1
      then check it with 'ironclaw4j model test'. Anthropic, vLLM, OpenRouter, NEAR AI and Tinfoil: see docs/models.md.""";

  private final SessionStore store;
  private final GuardStack guards;
  private final Providers providers;
  private final Optional<ChatModel> model;
  private final Identity identity;
  private final AgentSettings settings;
  private final Clock clock;
  private final Map<String, TurnRunner> running = new ConcurrentHashMap<>();
  /** Channel and caller of each session opened in this process (a resumed session takes its new channel's). */
  private final Map<String, String[]> openedBy = new ConcurrentHashMap<>();
  private final Map<String, Boolean> taintRestored = new ConcurrentHashMap<>();
  private volatile boolean closed;

  AgentCore(SessionStore store, GuardStack guards, Providers providers, Optional<ChatModel> model, Identity identity,
      AgentSettings settings, Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.guards = Objects.requireNonNull(guards);
    this.providers = providers;
    this.model = Objects.requireNonNull(model);
    this.identity = Objects.requireNonNull(identity);
    this.settings = Objects.requireNonNull(settings);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * The agent over the server's parts. {@code vault} (used only if unlocked) lets egress attach the
   * provider's key by its binding; without it a keyed provider's calls are refused, naming the secret.
   * Without a configured model this still works: every prompt ends at once with
   * {@link TurnResult.Status#NO_MODEL} and {@link #NO_MODEL_HELP}.
   */
  public static AgentCore open(Config config, Database db, GuardStack guards, Home home, Optional<Vault> vault) {
    return open(config, db, guards, home, vault, RetryPolicy.defaults());
  }

  /** As above with a retry policy of the caller's (tests). */
  public static AgentCore open(Config config, Database db, GuardStack guards, Home home, Optional<Vault> vault, RetryPolicy retry) {
    SecretLookup secrets = vault.filter(Vault::isUnlocked).<SecretLookup>map(v -> v).orElse(SecretLookup.NONE);
    Providers providers = Providers.open(config, guards.leaks, secrets, new EgressAuditAdapter(guards.audit), retry);
    String attestation = config.string(ConfigKeys.MODEL_ATTESTATION);
    if (!attestation.isEmpty() && providers.primary().isPresent()) {
      providers = providers.attested(attestation, home, guards.audit, guards.leaks, new EgressAuditAdapter(guards.audit));
    }
    return new AgentCore(new SessionStore(db, Clock.systemUTC()), guards, providers, providers.model(),
        new Identity(home.dir().resolve("identity")), AgentSettings.from(config), Clock.systemUTC());
  }

  /** The same core with other limits (tests and embedders). */
  public AgentCore withSettings(AgentSettings s) {
    return new AgentCore(store, guards, providers, model, identity, s, clock);
  }

  /** Whether a model is configured. */
  public boolean hasModel() {
    return model.isPresent();
  }

  /** The configured models (for {@code model list} and channels that show them). */
  public Providers providers() {
    return providers;
  }

  public Identity identity() {
    return identity;
  }

  /** Tokens and cost of a session so far. */
  public SessionStore.Accounting accounting(String sessionId) {
    return store.accounting(sessionId);
  }

  @Override
  public SessionInfo open(String channel, String caller, Optional<String> resumeId) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(caller, "caller");
    if (closed) {
      throw new AgentException("closed", "the agent is shutting down");
    }
    SessionInfo info;
    if (resumeId.isPresent()) {
      info = store.find(resumeId.get()).orElseThrow(() -> new AgentException("unknown-session",
          "no session " + resumeId.get() + " (see 'ironclaw4j chat --list')"));
    } else {
      info = store.create(channel, caller);
    }
    openedBy.put(info.id(), new String[] {channel, caller});
    return info;
  }

  @Override
  public List<SessionInfo> list(int limit) {
    return store.list(limit);
  }

  @Override
  public List<TranscriptEntry> transcript(String sessionId) {
    store.find(sessionId).orElseThrow(() -> new AgentException("unknown-session", "no session " + sessionId));
    List<TranscriptEntry> out = new ArrayList<>();
    for (SessionStore.StoredMessage m : store.messages(sessionId)) {
      switch (m.role()) {
        case "user" -> out.add(new TranscriptEntry("user", m.content(), Optional.empty()));
        case "assistant" -> {
          if (!m.content().isEmpty()) {
            out.add(new TranscriptEntry("assistant", m.content(), Optional.empty()));
          }
        }
        case "tool" -> out.add(new TranscriptEntry("tool", TurnRunner.summarize(TurnRunner.unfenced(m.content()), 2000),
            Optional.of(m.toolName())));
        default -> {
          // summaries are the model's working memory, not part of the conversation shown
        }
      }
    }
    return out;
  }

  @Override
  public Turn prompt(String sessionId, String text, TurnListener listener, Approver approver) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(approver, "approver");
    if (closed) {
      throw new AgentException("closed", "the agent is shutting down");
    }
    SessionInfo info = store.find(sessionId).orElseThrow(() -> new AgentException("unknown-session", "no session " + sessionId));
    String[] by = openedBy.getOrDefault(sessionId, new String[] {info.channel(), "unknown"});
    String turnId = UUID.randomUUID().toString();
    if (model.isEmpty()) {
      return TurnRunner.finished(turnId, new TurnResult(TurnResult.Status.NO_MODEL, NO_MODEL_HELP, 0, 0));
    }
    restoreTaint(sessionId);
    TurnRunner turn = new TurnRunner(turnId, sessionId, by[0], by[1], text, listener == null ? TurnListener.NONE : listener, approver,
        model.get(), providers, store, guards, identity, settings, clock);
    if (running.putIfAbsent(sessionId, turn) != null) {
      throw new AgentException("session-busy", "session " + sessionId + " is answering a prompt; wait for it or cancel it");
    }
    turn.onEnd(() -> running.remove(sessionId, turn));
    Thread.ofVirtual().name("ironclaw4j-turn-" + turnId.substring(0, 8)).start(turn);
    return turn;
  }

  /**
   * After a restart the tool pipeline no longer remembers what a resumed session has seen; its history
   * says it: tool outputs that were untrusted content or private data mark the session again, so the
   * trifecta guard keeps asking. A tool no longer registered counts as both.
   */
  private void restoreTaint(String sessionId) {
    if (taintRestored.putIfAbsent(sessionId, Boolean.TRUE) != null) {
      return;
    }
    SessionState state = guards.invoker.session(sessionId);
    for (SessionStore.StoredMessage m : store.messages(sessionId)) {
      if (m.role().equals("summary")) {
        state.markUntrusted();
      }
      if (!m.role().equals("tool")) {
        continue;
      }
      Optional<ToolSpec> spec = guards.tools.find(m.toolName()).map(t -> t.spec());
      if (spec.isEmpty() || spec.get().untrustedOutput()) {
        state.markUntrusted();
      }
      if (spec.isEmpty() || spec.get().has(Effect.READ_PRIVATE) || spec.get().has(Effect.USE_SECRET)) {
        state.markPrivate();
      }
    }
  }

  /** Cancels running turns, waits for them briefly, and releases the model clients. */
  @Override
  public void close() {
    closed = true;
    List<CompletableFuture<TurnResult>> waiting = new ArrayList<>();
    for (TurnRunner t : running.values()) {
      t.cancel();
      waiting.add(t.result());
    }
    try {
      CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "turns still running at shutdown: " + running.size());
    }
    if (providers != null) {
      providers.close();
    }
  }
}

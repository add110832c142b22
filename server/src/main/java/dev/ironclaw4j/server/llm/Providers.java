package dev.ironclaw4j.server.llm;

import dev.ironclaw4j.guard.attest.AttestationGate;
import dev.ironclaw4j.guard.attest.NearAiProvider;
import dev.ironclaw4j.guard.audit.AuditLog;
import dev.ironclaw4j.guard.egress.AddressClassifier;
import dev.ironclaw4j.guard.egress.CanonicalUrl;
import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressAuditSink;
import dev.ironclaw4j.guard.egress.EgressDeniedException;
import dev.ironclaw4j.guard.egress.EgressPolicy;
import dev.ironclaw4j.guard.egress.EgressRequest;
import dev.ironclaw4j.guard.egress.EgressResponse;
import dev.ironclaw4j.guard.egress.EgressRule;
import dev.ironclaw4j.guard.leak.LeakScanner;
import dev.ironclaw4j.guard.vault.SecretBinding;
import dev.ironclaw4j.guard.vault.SecretInfo;
import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.config.ConfigKey;
import dev.ironclaw4j.server.config.ConfigKeys;
import dev.ironclaw4j.server.home.Home;
import dev.ironclaw4j.server.runtime.AttestationRuntime;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The configured models ({@code [model]} and optionally {@code [model_fallback]}), each with an egress
 * client of its own whose policy is exactly its base URL (POST, and GET for the model list), so the
 * provider is reachable by the agent but not, through that, by any tool. Keys are vault secrets attached
 * by their bindings. Close it to release the HTTP clients.
 */
public final class Providers implements AutoCloseable {
  private final List<Egress> clients;
  private final Optional<ModelSettings> primary;
  private final Optional<ModelSettings> fallback;
  private final Optional<ChatModel> model;
  private final RetryPolicy retry;

  private Providers(List<Egress> clients, Optional<ModelSettings> primary, Optional<ModelSettings> fallback, Optional<ChatModel> model,
      RetryPolicy retry) {
    this.clients = clients;
    this.primary = primary;
    this.fallback = fallback;
    this.model = model;
    this.retry = retry;
  }

  /** The models the configuration names; none is fine (chat then says how to configure one). */
  public static Providers open(Config config, LeakScanner leaks, SecretLookup secrets, EgressAuditSink audit) {
    return open(config, leaks, secrets, audit, RetryPolicy.defaults());
  }

  public static Providers open(Config config, LeakScanner leaks, SecretLookup secrets, EgressAuditSink audit, RetryPolicy retry) {
    Optional<ModelSettings> primary = settings(config, false);
    Optional<ModelSettings> fallback = primary.isEmpty() ? Optional.empty() : settings(config, true);
    List<Egress> clients = new ArrayList<>();
    List<ChatModel> chain = new ArrayList<>();
    for (ModelSettings s : List.of(primary, fallback).stream().flatMap(Optional::stream).toList()) {
      Egress e = egressFor(s, leaks, secrets, audit);
      clients.add(e);
      chain.add(create(s, e, retry));
    }
    Optional<ChatModel> model = chain.isEmpty() ? Optional.empty()
        : Optional.of(chain.size() == 1 ? chain.getFirst() : new FailoverModel(chain));
    return new Providers(List.copyOf(clients), primary, fallback, model, retry);
  }

  /**
   * These providers with the primary model behind an attestation gate ({@code model.attestation}): before
   * every prompt, the provider at the model's base URL (without a trailing {@code /v1}) must prove itself
   * against the pins stored under {@code pinsName}. No fallback: a prompt meant for an attested provider
   * never fails over to one that is not. The attestation client's egress is closed with these providers.
   */
  public Providers attested(String pinsName, Home home, AuditLog audit, LeakScanner leaks, EgressAuditSink sink) {
    ModelSettings s = primary.orElseThrow(() -> new IllegalStateException("no model to attest"));
    String base = s.baseUrl().replaceFirst("/v1$", "");
    boolean local;
    try {
      local = isLocal(CanonicalUrl.parse(base));
    } catch (EgressDeniedException e) {
      throw new IllegalArgumentException("bad base URL '" + base + "': " + e.getMessage());
    }
    Egress attestEgress = AttestationRuntime.egress(base, local, leaks, sink);
    AttestationGate gate = AttestationRuntime.gate(AttestationRuntime.verifier(attestEgress, home, Clock.systemUTC()), home, audit,
        Clock.systemUTC());
    ChatModel attested = new AttestedModel(create(s, clients.getFirst(), retry), gate,
        new NearAiProvider(pinsName, base, s.model(), attestEgress));
    List<Egress> all = new ArrayList<>(clients.subList(0, 1));
    all.add(attestEgress);
    clients.subList(1, clients.size()).forEach(Egress::close); // the fallback is not used
    return new Providers(List.copyOf(all), primary, Optional.empty(), Optional.of(attested), retry);
  }

  /** The model to talk to (with failover when a second is configured), or empty when none is configured. */
  public Optional<ChatModel> model() {
    return model;
  }

  public Optional<ModelSettings> primary() {
    return primary;
  }

  public Optional<ModelSettings> fallback() {
    return fallback;
  }

  /** The settings of the model that answered ({@link ChatResponse#provider()} is its {@link ModelSettings#id()}). */
  public Optional<ModelSettings> settingsFor(String modelId) {
    return List.of(primary, fallback).stream().flatMap(Optional::stream).filter(s -> s.id().equals(modelId)).findFirst();
  }

  /** A provider over its own egress client. */
  public static ChatModel create(ModelSettings s, Egress egress, RetryPolicy retry) {
    return switch (s.provider()) {
      case OPENAI_COMPATIBLE -> new OpenAiCompatibleModel(s, egress, retry);
      case ANTHROPIC -> new AnthropicModel(s, egress, retry);
    };
  }

  /**
   * The egress client of one provider: it may POST (and GET) under the base URL and nowhere else. A base
   * URL naming this machine or the local network (an IP literal, {@code localhost}, {@code *.lan}...) is
   * allowed to be internal: the user configured that exact host:port, and no tool can reach it this way.
   */
  public static Egress egressFor(ModelSettings s, LeakScanner leaks, SecretLookup secrets, EgressAuditSink audit) {
    return Egress.builder()
        .policy(EgressPolicy.of(List.of(ruleFor(s.baseUrl()))))
        .leakScanner(leaks)
        .secrets(secrets)
        .audit(audit)
        .rateLimit(RateLimits.PROVIDER)
        .connectTimeout(Duration.ofSeconds(10))
        .totalTimeout(Duration.ofMinutes(5))
        .maxStreamDuration(Duration.ofMinutes(30))
        .maxResponseBytes(32L << 20)
        .maxRequestBytes(32L << 20)
        .build();
  }

  /** The egress rule for a base URL: its origin and path prefix, GET and POST. */
  public static EgressRule ruleFor(String baseUrl) {
    CanonicalUrl u;
    try {
      u = CanonicalUrl.parse(baseUrl);
    } catch (EgressDeniedException e) {
      throw new IllegalArgumentException("bad base URL '" + baseUrl + "': " + e.getMessage());
    }
    String path = u.path().endsWith("/") ? u.path() : u.path() + "/";
    String host = u.host().contains(":") ? "[" + u.host() + "]" : u.host();
    String text = u.scheme() + "://" + host + ":" + u.port() + path + "* GET,POST";
    return EgressRule.parse(isLocal(u) ? text + " allow-private" : text);
  }

  private static boolean isLocal(CanonicalUrl u) {
    if (u.isIpLiteral()) {
      try {
        return AddressClassifier.internalKind(InetAddress.getByName(u.host())).isPresent();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return AddressClassifier.internalName(u.host()).isPresent();
  }

  /** The settings of {@code [model]} or {@code [model_fallback]}, or empty when that is not configured. */
  public static Optional<ModelSettings> settings(Config config, boolean fallback) {
    ConfigKey provider = fallback ? ConfigKeys.MODEL_FALLBACK_PROVIDER : ConfigKeys.MODEL_PROVIDER;
    ConfigKey baseUrl = fallback ? ConfigKeys.MODEL_FALLBACK_BASE_URL : ConfigKeys.MODEL_BASE_URL;
    ConfigKey name = fallback ? ConfigKeys.MODEL_FALLBACK_NAME : ConfigKeys.MODEL_NAME;
    ConfigKey key = fallback ? ConfigKeys.MODEL_FALLBACK_KEY_SECRET : ConfigKeys.MODEL_KEY_SECRET;
    String p = config.string(provider);
    if (p.equals("none") || config.string(baseUrl).isEmpty() || config.string(name).isEmpty()) {
      return Optional.empty();
    }
    String inCost = config.string(fallback ? ConfigKeys.MODEL_FALLBACK_INPUT_COST : ConfigKeys.MODEL_INPUT_COST);
    String outCost = config.string(fallback ? ConfigKeys.MODEL_FALLBACK_OUTPUT_COST : ConfigKeys.MODEL_OUTPUT_COST);
    return Optional.of(new ModelSettings(ProviderKind.parse(p), config.string(baseUrl), config.string(name),
        Optional.of(config.string(key)), config.bool(ConfigKeys.MODEL_STREAM), config.integer(ConfigKeys.MODEL_MAX_OUTPUT_TOKENS),
        inCost.isEmpty() ? Optional.empty() : Optional.of(Double.parseDouble(inCost)),
        outCost.isEmpty() ? Optional.empty() : Optional.of(Double.parseDouble(outCost))));
  }

  /**
   * Whether the key secret of a model is usable: it exists and one of its bindings lets egress attach it
   * to a POST of the model's chat URL. Returns the problem and the command that fixes it, or empty.
   */
  public static Optional<String> checkKeyBinding(ModelSettings s, List<SecretInfo> secrets) {
    if (s.keySecret().isEmpty()) {
      return Optional.empty();
    }
    String name = s.keySecret().get();
    String bind = "--bind '" + s.baseUrl() + "/* POST' --inject " + s.provider().usualInjection();
    Optional<SecretInfo> info = secrets.stream().filter(i -> i.name().equals(name)).findFirst();
    if (info.isEmpty()) {
      return Optional.of("there is no secret " + name + " in the vault; store the key with: ironclaw4j secret set " + name + " " + bind);
    }
    if (info.get().state() != SecretInfo.State.OK) {
      return Optional.of("secret " + name + " is " + info.get().state().name().toLowerCase(java.util.Locale.ROOT)
          + (info.get().problem() == null ? "" : " (" + info.get().problem() + ")") + "; set it again with: ironclaw4j secret set " + name + " " + bind);
    }
    CanonicalUrl chat;
    try {
      chat = CanonicalUrl.parse(s.chatUrl());
    } catch (EgressDeniedException e) {
      return Optional.of("the base URL " + s.baseUrl() + " is not usable: " + e.getMessage());
    }
    for (SecretBinding b : info.get().bindings()) {
      try {
        if (b.allowsMethod("POST") && EgressRule.of(b).matches("POST", chat)) {
          return Optional.empty();
        }
      } catch (IllegalArgumentException e) {
        // a binding that does not parse allows nothing
      }
    }
    return Optional.of("secret " + name + " is not bound to " + s.chatUrl() + " (its bindings: "
        + (info.get().bindings().isEmpty() ? "none" : info.get().bindings().stream().map(SecretBinding::ruleText).toList())
        + "), so egress would never attach it there; bind it with: ironclaw4j secret bind " + name + " " + bind
        + " (this replaces its bindings: repeat --bind for the ones to keep)");
  }

  /** The model names the provider offers ({@code GET {base}/models}), through the given egress client. */
  public static List<String> listModels(ModelSettings s, Egress egress) {
    EgressRequest.Builder b = EgressRequest.builder("model:" + s.provider().id(), "GET", s.baseUrl() + "/models")
        .header("Accept", "application/json");
    if (s.provider() == ProviderKind.ANTHROPIC) {
      b.header("anthropic-version", AnthropicModel.VERSION);
    }
    s.keySecret().ifPresent(b::attachSecret);
    EgressResponse r;
    try {
      r = egress.send(b.build());
    } catch (EgressDeniedException e) {
      throw new ModelException("egress-denied", "egress refused GET " + s.baseUrl() + "/models (" + e.reason() + "): " + e.getMessage()
          + (e.reason().equals("secret-not-bound") ? " (the key's binding must allow GET too, e.g. --bind '" + s.baseUrl() + "/* GET,POST')" : ""),
          false);
    }
    if (r.status() != 200) {
      throw new ModelException("bad-request", s.baseUrl() + "/models answered HTTP " + r.status() + ": "
          + HttpChatModel.errorDetail(r.bodyText()), false);
    }
    List<String> out = new ArrayList<>();
    try {
      for (tools.jackson.databind.JsonNode m : HttpChatModel.JSON.readTree(r.bodyText()).path("data")) {
        if (m.hasNonNull("id")) {
          out.add(m.get("id").asString());
        }
      }
    } catch (tools.jackson.core.JacksonException e) {
      throw new ModelException("malformed", s.baseUrl() + "/models sent malformed JSON", false);
    }
    return out.stream().sorted().toList();
  }

  @Override
  public void close() {
    clients.forEach(Egress::close);
  }

  /** Egress rate limits for provider calls: generous, an agent makes many calls per minute. */
  static final class RateLimits {
    static final dev.ironclaw4j.guard.egress.RateLimit PROVIDER = dev.ironclaw4j.guard.egress.RateLimit.perMinute(600);

    private RateLimits() {}
  }
}

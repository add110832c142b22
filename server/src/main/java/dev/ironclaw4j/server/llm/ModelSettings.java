package dev.ironclaw4j.server.llm;

import java.util.Objects;
import java.util.Optional;

/**
 * One configured model: the provider API, the base URL (e.g. {@code https://api.openai.com/v1}), the
 * model name, the vault secret that holds the key (absent for a keyless local server), whether to stream,
 * the output cap and the prices used for cost accounting (USD per million tokens, when known).
 */
public record ModelSettings(
    ProviderKind provider,
    String baseUrl,
    String model,
    Optional<String> keySecret,
    boolean stream,
    int maxOutputTokens,
    Optional<Double> inputCostPerMillion,
    Optional<Double> outputCostPerMillion) {

  public ModelSettings {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(model, "model");
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    keySecret = keySecret.filter(s -> !s.isBlank());
  }

  /** A model with defaults for streaming (on), output cap (4096) and no prices. */
  public static ModelSettings of(ProviderKind provider, String baseUrl, String model, String keySecret) {
    return new ModelSettings(provider, baseUrl, model, Optional.ofNullable(keySecret), true, 4096, Optional.empty(), Optional.empty());
  }

  /** The URL of a chat call. */
  public String chatUrl() {
    return baseUrl + provider.chatPath();
  }

  /** {@code provider:model}. */
  public String id() {
    return provider.id() + ":" + model;
  }

  /** Cost in USD of this usage, when both prices are known. */
  public Optional<Double> cost(Usage u) {
    if (inputCostPerMillion.isEmpty() || outputCostPerMillion.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of((u.inputTokens() * inputCostPerMillion.get() + u.outputTokens() * outputCostPerMillion.get()) / 1_000_000.0);
  }
}

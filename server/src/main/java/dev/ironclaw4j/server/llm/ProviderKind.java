package dev.ironclaw4j.server.llm;

import java.util.Locale;

/** The provider APIs ironclaw4j speaks. */
public enum ProviderKind {
  /** {@code POST {base}/chat/completions}: OpenAI, Ollama, vLLM, OpenRouter, NEAR AI, Tinfoil, LM Studio... */
  OPENAI_COMPATIBLE("openai-compatible", "/chat/completions", "bearer"),
  /** {@code POST {base}/messages}: Anthropic's Messages API. */
  ANTHROPIC("anthropic", "/messages", "header:x-api-key");

  private final String id;
  private final String path;
  private final String injection;

  ProviderKind(String id, String path, String injection) {
    this.id = id;
    this.path = path;
    this.injection = injection;
  }

  /** The name in the configuration and on the command line. */
  public String id() {
    return id;
  }

  /** The path appended to the base URL for a chat call. */
  public String chatPath() {
    return path;
  }

  /** How the key is usually injected ({@code --inject} of {@code secret set}). */
  public String usualInjection() {
    return injection;
  }

  public static ProviderKind parse(String s) {
    for (ProviderKind k : values()) {
      if (k.id.equals(s.toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown provider '" + s + "'; use openai-compatible or anthropic");
  }
}

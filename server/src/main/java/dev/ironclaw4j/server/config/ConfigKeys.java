package dev.ironclaw4j.server.config;

import dev.ironclaw4j.guard.egress.EgressRule;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every configuration key ironclaw4j knows, in the order docs/configuration.md lists them. A key not
 * declared here is an error wherever it appears. Later features add their keys here.
 */
public final class ConfigKeys {
  private static final Function<Object, String> ANY = v -> null;

  public static final ConfigKey SERVER_BIND =
      new ConfigKey(
          "server.bind",
          ConfigKey.Type.STRING,
          "127.0.0.1",
          "Address the server listens on. Loopback only: any browser tab on this machine can reach it, so it is never exposed further.",
          List.of(),
          ConfigKeys::loopbackOnly,
          false);
  public static final ConfigKey SERVER_PORT =
      new ConfigKey(
          "server.port",
          ConfigKey.Type.INT,
          7420,
          "TCP port of the local HTTP endpoint (0 picks a free port).",
          List.of(),
          v -> ((Integer) v) < 0 || ((Integer) v) > 65535 ? "must be between 0 and 65535" : null,
          false);
  public static final ConfigKey DATABASE_URL =
      new ConfigKey(
          "database.url",
          ConfigKey.Type.STRING,
          "",
          "JDBC URL of the database. Empty means the embedded H2 database in the home's data/ folder; jdbc:postgresql://... for PostgreSQL.",
          List.of(),
          v -> {
            String s = (String) v;
            return s.isEmpty() || s.startsWith("jdbc:h2:") || s.startsWith("jdbc:postgresql:")
                ? null
                : "must be empty, jdbc:h2:... or jdbc:postgresql:...";
          },
          false);
  public static final ConfigKey DATABASE_USER =
      new ConfigKey("database.user", ConfigKey.Type.STRING, "", "Database user (PostgreSQL).", List.of(), ANY, false);
  public static final ConfigKey DATABASE_PASSWORD =
      new ConfigKey(
          "database.password",
          ConfigKey.Type.STRING,
          "",
          "Database password (PostgreSQL). Prefer the IRONCLAW4J_DATABASE_PASSWORD environment variable to writing it here.",
          List.of(),
          ANY,
          true);
  public static final ConfigKey LOG_LEVEL =
      new ConfigKey(
          "log.level",
          ConfigKey.Type.ENUM,
          "info",
          "How much the server logs: error, warn, info, debug or trace.",
          List.of("error", "warn", "info", "debug", "trace"),
          ANY,
          false);
  public static final ConfigKey LOG_FILE =
      new ConfigKey(
          "log.file",
          ConfigKey.Type.BOOL,
          true,
          "Also write the log to logs/ironclaw4j.log in the home (rotated at 10 MB, 5 files kept).",
          List.of(),
          ANY,
          false);

  public static final ConfigKey VAULT_KEY_FILE =
      new ConfigKey(
          "vault.key_file",
          ConfigKey.Type.STRING,
          "",
          "Absolute path of the vault key file (32 random bytes, base64, mode 0600, outside the home's data/ folder)."
              + " Empty means the vault is unlocked with a passphrase (IRONCLAW4J_VAULT_PASSPHRASE or a prompt).",
          List.of(),
          v -> ((String) v).isEmpty() || java.nio.file.Path.of((String) v).isAbsolute() ? null : "must be an absolute path",
          false);

  public static final ConfigKey EGRESS_ALLOW =
      new ConfigKey(
          "egress.allow",
          ConfigKey.Type.STRING_LIST,
          List.of(),
          "Hosts anything may reach, as egress rules: \"https://api.github.com/repos/* GET,POST\". Empty: nothing (tools and providers add their own).",
          List.of(),
          ConfigKeys::egressRules,
          false);

  public static final ConfigKey TOOLS_APPROVAL =
      new ConfigKey(
          "tools.approval",
          ConfigKey.Type.STRING_LIST,
          List.of(),
          "Approval rules \"[CHANNEL:]TOOL=allow|ask|deny\" (TOOL may be *; CHANNEL is cli, lsp, acp, mcp, agent or routine)."
              + " Without a rule, tools with no effects run and all others ask.",
          List.of(),
          ConfigKeys::approvalRules,
          false);

  public static final ConfigKey MEMORY_EMBEDDINGS_URL =
      new ConfigKey(
          "memory.embeddings_url",
          ConfigKey.Type.STRING,
          "",
          "OpenAI-compatible embeddings endpoint (e.g. https://api.openai.com/v1/embeddings), reached only through egress."
              + " Empty: the bundled all-MiniLM-L6-v2 model, offline.",
          List.of(),
          v -> ((String) v).isEmpty() || ((String) v).startsWith("https://") || ((String) v).startsWith("http://")
              ? null : "must be empty or an http(s) URL",
          false);
  public static final ConfigKey MEMORY_EMBEDDINGS_MODEL =
      new ConfigKey("memory.embeddings_model", ConfigKey.Type.STRING, "",
          "Model name sent to memory.embeddings_url (e.g. text-embedding-3-small).", List.of(), ANY, false);
  public static final ConfigKey MEMORY_EMBEDDINGS_DIMENSION =
      new ConfigKey("memory.embeddings_dimension", ConfigKey.Type.INT, 0,
          "Length of the vectors memory.embeddings_url returns (1..1024). A change triggers a reindex.", List.of(),
          v -> ((Integer) v) < 0 || ((Integer) v) > 1024 ? "must be between 1 and 1024 (0 when unused)" : null, false);
  public static final ConfigKey MEMORY_EMBEDDINGS_KEY_SECRET =
      new ConfigKey("memory.embeddings_key_secret", ConfigKey.Type.STRING, "",
          "Name of the vault secret holding the endpoint's API key (bind it to the endpoint's URL with an injection).",
          List.of(), ANY, false);

  public static final ConfigKey MODEL_PROVIDER =
      new ConfigKey("model.provider", ConfigKey.Type.ENUM, "none",
          "Provider API of the chat model: openai-compatible (OpenAI, Ollama, vLLM, OpenRouter, NEAR AI, Tinfoil...), anthropic,"
              + " or none. Set with 'ironclaw4j model set'.",
          List.of("none", "openai-compatible", "anthropic"), ANY, false);
  public static final ConfigKey MODEL_BASE_URL =
      new ConfigKey("model.base_url", ConfigKey.Type.STRING, "",
          "Base URL of the provider API, e.g. https://api.openai.com/v1 or https://api.anthropic.com/v1 (/chat/completions or"
              + " /messages is appended). Reached only through egress, by a client that may reach nothing else.",
          List.of(), ConfigKeys::httpUrlOrEmpty, false);
  public static final ConfigKey MODEL_NAME =
      new ConfigKey("model.name", ConfigKey.Type.STRING, "", "Model name sent to the provider, e.g. gpt-4o-mini or claude-sonnet-4-5.",
          List.of(), ANY, false);
  public static final ConfigKey MODEL_KEY_SECRET =
      new ConfigKey("model.key_secret", ConfigKey.Type.STRING, "",
          "Vault secret holding the provider's API key, bound to the base URL (egress injects it; the agent never holds it)."
              + " Empty for a keyless local server.",
          List.of(), ConfigKeys::secretNameOrEmpty, false);
  public static final ConfigKey MODEL_STREAM =
      new ConfigKey("model.stream", ConfigKey.Type.BOOL, true, "Stream answers as they are written (off: one response per call).",
          List.of(), ANY, false);
  public static final ConfigKey MODEL_MAX_OUTPUT_TOKENS =
      new ConfigKey("model.max_output_tokens", ConfigKey.Type.INT, 4096, "Most tokens the model may write per call.",
          List.of(), v -> ((Integer) v) < 1 || ((Integer) v) > 1_000_000 ? "must be between 1 and 1000000" : null, false);
  public static final ConfigKey MODEL_INPUT_COST =
      new ConfigKey("model.input_cost", ConfigKey.Type.STRING, "",
          "Price of input tokens in USD per million (e.g. \"0.15\"), for the cost shown per session. Empty: unknown.",
          List.of(), ConfigKeys::decimalOrEmpty, false);
  public static final ConfigKey MODEL_OUTPUT_COST =
      new ConfigKey("model.output_cost", ConfigKey.Type.STRING, "", "Price of output tokens in USD per million. Empty: unknown.",
          List.of(), ConfigKeys::decimalOrEmpty, false);
  public static final ConfigKey MODEL_FALLBACK_PROVIDER =
      new ConfigKey("model_fallback.provider", ConfigKey.Type.ENUM, "none",
          "A second model, used when the first fails after its retries: openai-compatible, anthropic or none.",
          List.of("none", "openai-compatible", "anthropic"), ANY, false);
  public static final ConfigKey MODEL_FALLBACK_BASE_URL =
      new ConfigKey("model_fallback.base_url", ConfigKey.Type.STRING, "", "Base URL of the second model's provider API.",
          List.of(), ConfigKeys::httpUrlOrEmpty, false);
  public static final ConfigKey MODEL_FALLBACK_NAME =
      new ConfigKey("model_fallback.name", ConfigKey.Type.STRING, "", "Model name of the second model.", List.of(), ANY, false);
  public static final ConfigKey MODEL_FALLBACK_KEY_SECRET =
      new ConfigKey("model_fallback.key_secret", ConfigKey.Type.STRING, "",
          "Vault secret holding the second provider's key, bound to its base URL.", List.of(), ConfigKeys::secretNameOrEmpty, false);
  public static final ConfigKey MODEL_FALLBACK_INPUT_COST =
      new ConfigKey("model_fallback.input_cost", ConfigKey.Type.STRING, "", "Second model's input price, USD per million tokens.",
          List.of(), ConfigKeys::decimalOrEmpty, false);
  public static final ConfigKey MODEL_FALLBACK_OUTPUT_COST =
      new ConfigKey("model_fallback.output_cost", ConfigKey.Type.STRING, "", "Second model's output price, USD per million tokens.",
          List.of(), ConfigKeys::decimalOrEmpty, false);
  public static final ConfigKey AGENT_MAX_STEPS =
      new ConfigKey("agent.max_steps", ConfigKey.Type.INT, 25,
          "Most model calls in one turn (each answer or batch of tool calls is one); then the turn stops and says so.",
          List.of(), v -> ((Integer) v) < 1 || ((Integer) v) > 1000 ? "must be between 1 and 1000" : null, false);
  public static final ConfigKey AGENT_MAX_TURN_TOKENS =
      new ConfigKey("agent.max_turn_tokens", ConfigKey.Type.INT, 500_000,
          "Token budget of one turn (input and output of all its model calls); then the turn stops and says so.",
          List.of(), v -> ((Integer) v) < 1000 ? "must be at least 1000" : null, false);
  public static final ConfigKey MODEL_ATTESTATION =
      new ConfigKey("model.attestation", ConfigKey.Type.STRING, "",
          "Name of the attestation pins ('ironclaw4j attest pin NAME') that the model's provider (NEAR AI Cloud or a"
              + " dstack-style TEE at the model's base URL) must satisfy before every prompt; empty: off."
              + " With it on, no fallback model is used.",
          List.of(), v -> ((String) v).isEmpty() || ((String) v).matches("[a-z0-9][a-z0-9._-]{0,63}") ? null
              : "lower-case letters, digits, '.', '_' and '-'", false);
  public static final ConfigKey AGENT_CONTEXT_TOKENS =
      new ConfigKey("agent.context_tokens", ConfigKey.Type.INT, 32_000,
          "When the conversation sent to the model grows past this many tokens, older messages are summarized (compaction).",
          List.of(), v -> ((Integer) v) < 2000 ? "must be at least 2000" : null, false);

  private static final Map<String, ConfigKey> ALL = new LinkedHashMap<>();

  static {
    for (ConfigKey k :
        List.of(SERVER_BIND, SERVER_PORT, DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD, LOG_LEVEL, LOG_FILE,
            VAULT_KEY_FILE, EGRESS_ALLOW, TOOLS_APPROVAL, MEMORY_EMBEDDINGS_URL, MEMORY_EMBEDDINGS_MODEL,
            MEMORY_EMBEDDINGS_DIMENSION, MEMORY_EMBEDDINGS_KEY_SECRET, MODEL_PROVIDER, MODEL_BASE_URL, MODEL_NAME,
            MODEL_KEY_SECRET, MODEL_STREAM, MODEL_MAX_OUTPUT_TOKENS, MODEL_INPUT_COST, MODEL_OUTPUT_COST,
            MODEL_FALLBACK_PROVIDER, MODEL_FALLBACK_BASE_URL, MODEL_FALLBACK_NAME, MODEL_FALLBACK_KEY_SECRET,
            MODEL_FALLBACK_INPUT_COST, MODEL_FALLBACK_OUTPUT_COST, AGENT_MAX_STEPS, AGENT_MAX_TURN_TOKENS,
            AGENT_CONTEXT_TOKENS, MODEL_ATTESTATION)) {
      ALL.put(k.name(), k);
    }
  }

  private ConfigKeys() {}

  /** All keys, in documentation order. */
  public static List<ConfigKey> all() {
    return List.copyOf(ALL.values());
  }

  /**
   * The key with this name.
   *
   * @throws ConfigException naming the unknown key and the closest known one
   */
  public static ConfigKey get(String name, String where) {
    ConfigKey k = ALL.get(name);
    if (k == null) {
      throw new ConfigException(where + ": unknown key '" + name + "'" + suggestion(name) + " (see 'ironclaw4j config list')");
    }
    return k;
  }

  private static String suggestion(String name) {
    String best = null;
    int bestDistance = 4;
    for (String known : ALL.keySet()) {
      int d = distance(name, known);
      if (d < bestDistance) {
        best = known;
        bestDistance = d;
      }
    }
    return best == null ? "" : "; did you mean '" + best + "'?";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String egressRules(Object v) {
    for (Object rule : (List<?>) v) {
      try {
        EgressRule.parse((String) rule);
      } catch (IllegalArgumentException e) {
        return "has a bad rule '" + rule + "': " + e.getMessage();
      }
    }
    return null;
  }

  private static String approvalRules(Object v) {
    try {
      ApprovalRules.parse((List<?>) v);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static String httpUrlOrEmpty(Object v) {
    String s = (String) v;
    if (s.isEmpty()) {
      return null;
    }
    if (!s.startsWith("https://") && !s.startsWith("http://")) {
      return "must be empty or an http(s) URL";
    }
    return s.contains("?") || s.contains("#") || s.contains("@") ? "must not contain '?', '#' or '@'" : null;
  }

  private static String secretNameOrEmpty(Object v) {
    String s = (String) v;
    return s.isEmpty() || s.matches("[A-Za-z_][A-Za-z0-9_]{0,63}") ? null : "must be a vault secret name (letters, digits, _)";
  }

  private static String decimalOrEmpty(Object v) {
    String s = (String) v;
    return s.isEmpty() || s.matches("\\d{1,6}(\\.\\d{1,6})?") ? null : "must be empty or a price such as 2.50";
  }

  private static String loopbackOnly(Object v) {
    String s = (String) v;
    if (s.equals("localhost")) {
      return null;
    }
    if (!s.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
      return "must be a loopback IP address such as 127.0.0.1 or ::1, or localhost";
    }
    try {
      // A literal address: parsed locally, no DNS lookup.
      InetAddress a = InetAddress.getByName(s.replace("[", "").replace("]", ""));
      return a.isLoopbackAddress() ? null : "must be a loopback address (127.0.0.0/8 or ::1), not " + s;
    } catch (UnknownHostException e) {
      return "is not a valid IP address: " + s;
    }
  }
}

package dev.ironclaw4j.toolsmith.sdk;

/** The tool's own key-value store (only this tool sees it; 1024 entries, 1 Mi characters in all). */
public final class Kv {
  private Kv() {}

  /** The value, or null when the key is not set. */
  public static String get(String key) {
    Json v = call(Json.object().put("op", "get").put("key", key)).get("value");
    return v.isNull() ? null : v.asString();
  }

  public static void set(String key, String value) {
    call(Json.object().put("op", "set").put("key", key).put("value", value));
  }

  /** Whether the key was set. */
  public static boolean delete(String key) {
    return call(Json.object().put("op", "delete").put("key", key)).get("deleted").asBoolean(false);
  }

  private static Json call(Json request) {
    return Abi.checked(Abi.answer(Abi.kv(request.toString().toCharArray())));
  }
}

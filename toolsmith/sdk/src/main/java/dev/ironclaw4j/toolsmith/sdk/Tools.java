package dev.ironclaw4j.toolsmith.sdk;

/** Calls another tool through the pipeline, by an alias the manifest declares (see {@code docs/tool-abi.md}). */
public final class Tools {
  private Tools() {}

  /** The other tool's output as the pipeline hands it back (redacted, inspected, fenced). */
  public static String invoke(String alias, Json input) {
    Json req = Json.object().put("alias", alias).put("input", input);
    return Abi.checked(Abi.answer(Abi.invokeTool(req.toString().toCharArray()))).get("content").asString();
  }
}

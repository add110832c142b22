package dev.ironclaw4j.toolsmith.sdk;

/** What a {@link Tool} class implements: one call, JSON in, JSON out. */
@FunctionalInterface
public interface ToolFunction {
  /**
   * Runs the tool. Throw {@link ToolError} for an error the caller should see; any other exception
   * becomes an error result too.
   *
   * @param input the input object (already validated against the input schema by the pipeline)
   */
  Json call(Json input) throws Exception;
}

package dev.ironclaw4j.toolsmith.sdk;

/**
 * Runs a tool for the generated entry point (the toolsmith writes the {@code call} export that calls
 * {@link #run}); not for tool code.
 */
public final class Entry {
  private Entry() {}

  /** Reads the input, calls the tool, hands back its output or an error object. */
  public static void run(ToolFunction tool) {
    String out;
    try {
      Json result = tool.call(Json.parse(Abi.input()));
      out = (result == null ? Json.NULL : result).toString();
    } catch (HostException e) {
      out = error(e.reason(), e.getMessage());
    } catch (ToolError e) {
      out = error("tool-error", e.getMessage());
    } catch (Throwable e) {
      out = error("exception", e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
    Abi.output(out.toCharArray());
  }

  private static String error(String reason, String message) {
    return Json.object().put("error", Json.object().put("reason", reason).put("message", message)).toString();
  }
}

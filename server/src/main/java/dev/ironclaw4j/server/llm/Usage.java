package dev.ironclaw4j.server.llm;

/**
 * Tokens of one or more model calls. {@code estimated} is true when a provider did not report them and
 * they were estimated from the text (about four characters a token).
 */
public record Usage(long inputTokens, long outputTokens, boolean estimated) {
  public static final Usage ZERO = new Usage(0, 0, false);

  public Usage plus(Usage o) {
    return new Usage(inputTokens + o.inputTokens, outputTokens + o.outputTokens, estimated || o.estimated);
  }

  public long total() {
    return inputTokens + outputTokens;
  }

  /** A rough token count of a text, for budgets and when a provider reports none. */
  public static long estimate(String text) {
    return text == null || text.isEmpty() ? 0 : (text.length() + 3) / 4;
  }
}

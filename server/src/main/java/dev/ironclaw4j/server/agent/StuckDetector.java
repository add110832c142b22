package dev.ironclaw4j.server.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Notices a turn going round in circles: the same tool with the same input called again after it already
 * gave the same output twice (no progress), or called {@link #MAX_SAME} times whatever it returned.
 */
final class StuckDetector {
  static final int SAME_OUTPUT = 2;
  static final int MAX_SAME = 4;
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(tools.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private final Map<String, List<String>> outputs = new HashMap<>();

  /** Whether calling this again would be going round in circles; then the turn stops. */
  boolean wouldRepeat(String tool, String arguments) {
    List<String> seen = outputs.get(key(tool, arguments));
    if (seen == null) {
      return false;
    }
    if (seen.size() >= MAX_SAME) {
      return true;
    }
    if (seen.size() < SAME_OUTPUT) {
      return false;
    }
    List<String> last = seen.subList(seen.size() - SAME_OUTPUT, seen.size());
    return last.stream().distinct().count() == 1;
  }

  void record(String tool, String arguments, String output) {
    outputs.computeIfAbsent(key(tool, arguments), k -> new ArrayList<>()).add(output);
  }

  /** The tool with its input in a canonical form (key order and whitespace do not matter). */
  static String key(String tool, String arguments) {
    String args;
    try {
      JsonNode n = JSON.readTree(arguments);
      Object canonical = JSON.treeToValue(n, Object.class);
      args = JSON.writeValueAsString(canonical);
    } catch (JacksonException | IllegalArgumentException e) {
      args = arguments.strip();
    }
    return tool + "\u0000" + args;
  }
}

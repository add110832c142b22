import dev.ironclaw4j.toolsmith.sdk.Example;
import dev.ironclaw4j.toolsmith.sdk.Json;
import dev.ironclaw4j.toolsmith.sdk.Param;
import dev.ironclaw4j.toolsmith.sdk.Tool;
import dev.ironclaw4j.toolsmith.sdk.ToolError;
import dev.ironclaw4j.toolsmith.sdk.ToolFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A text utility: words, lines and characters of a text, and its most frequent words. No capabilities at all. */
@Tool(name = "word_count", description = "Counts the words, lines and characters of a text and lists its most frequent words.")
@Param(name = "text", type = "string", description = "the text to count")
@Param(name = "top", type = "integer", description = "how many of the most frequent words to list (default 3)", required = false)
@Example(input = "{\"text\": \"The cat and the hat.\\nThe end\", \"top\": 1}",
    output = "{\"words\": 7, \"lines\": 2, \"top\": [{\"word\": \"the\", \"count\": 3}]}")
@Example(input = "{\"text\": \"\"}", output = "{\"words\": 0, \"lines\": 0, \"characters\": 0}")
public final class WordCount implements ToolFunction {
  @Override
  public Json call(Json input) {
    String text = input.get("text").asString();
    long top = input.get("top").asLong(3);
    if (top < 0 || top > 100) {
      throw new ToolError("top must be 0 to 100");
    }
    Map<String, Integer> counts = new HashMap<>();
    List<String> order = new ArrayList<>();
    int words = 0;
    for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9']+")) {
      if (w.isEmpty()) {
        continue;
      }
      words++;
      if (!counts.containsKey(w)) {
        order.add(w);
      }
      counts.merge(w, 1, Integer::sum);
    }
    order.sort((a, b) -> counts.get(b) - counts.get(a));
    Json frequent = Json.array();
    for (int i = 0; i < Math.min(top, order.size()); i++) {
      frequent.add(Json.object().put("word", order.get(i)).put("count", counts.get(order.get(i))));
    }
    return Json.object()
        .put("words", words)
        .put("lines", text.isEmpty() ? 0 : text.split("\n", -1).length)
        .put("characters", text.codePointCount(0, text.length()))
        .put("top", frequent);
  }
}

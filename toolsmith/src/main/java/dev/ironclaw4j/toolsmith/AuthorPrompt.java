package dev.ironclaw4j.toolsmith;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompt that makes a model a {@link ToolAuthor}, and the reading of its answer: what a model
 * client needs to implement {@code ToolAuthor} in a few lines,
 * {@code (d, fb) -> AuthorPrompt.draft(model.complete(AuthorPrompt.SYSTEM, AuthorPrompt.user(d, fb)))}.
 */
public final class AuthorPrompt {
  public static final String SYSTEM = """
      You write one small tool in Java 21 for a sandbox. Answer with exactly one ```java code block holding one source file,
      nothing else. The tool is compiled to WebAssembly (TeaVM) and runs with only what it declares.
      Rules:
      - import dev.ironclaw4j.toolsmith.sdk.*; one public class annotated @Tool(name = "lower_snake_case", description = "...")
        that implements ToolFunction: public Json call(Json input) { ... } and has a public no-argument constructor.
      - Declare every input property with @Param(name = "...", type = "string|integer|number|boolean|array|object",
        description = "...", required = true|false).
      - Declare two or three examples with @Example(input = "{...}", output = "{...}"): the output lists the fields the
        result must contain (JSON, escaped inside the Java string).
      - Json: Json.parse(text), input.get("k").asString() / asLong() / asDouble() / asBoolean() / elements() / keys(),
        Json.object().put("k", v), Json.array().add(v), toString(). Throw new ToolError("message") for bad input.
      - HTTP only if needed: declare @AllowHttp(value = "https://host/path/*", methods = {"GET"}); call Http.get(url, headers)
        or Http.request(method, url, headers, body); secrets only as placeholders: declare @Secret("NAME") and put
        Secrets.placeholder("NAME") into a header. Log.info(text) logs; Kv.get/set is a small private store.
      - Use only java.lang basics, java.util (collections, regex, streams), java.math and java.text. No reflection, threads,
        files, sockets, System.exit, System.getenv or anything from org.teavm: such code is refused.
      """;

  private static final Pattern BLOCK = Pattern.compile("```(?:java)?\\s*\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern CLASS = Pattern.compile("public\\s+(?:final\\s+)?class\\s+([A-Z][A-Za-z0-9_]*)");

  private AuthorPrompt() {}

  /** The user message: the description, and the previous round's problems when there are any. */
  public static String user(String description, List<String> feedback) {
    StringBuilder b = new StringBuilder("Write this tool: ").append(description);
    if (!feedback.isEmpty()) {
      b.append("\n\nYour previous version did not build. Fix these problems and answer with the whole corrected file:\n");
      for (String f : feedback) {
        b.append("- ").append(f).append('\n');
      }
    }
    return b.toString();
  }

  /** The source file in a model's answer (the first java code block, or the whole answer). */
  public static ToolAuthor.Draft draft(String answer) {
    Matcher m = BLOCK.matcher(answer);
    String source = m.find() ? m.group(1) : answer;
    Matcher c = CLASS.matcher(source);
    String name = c.find() ? c.group(1) : "Tool";
    return new ToolAuthor.Draft(name + ".java", source);
  }
}

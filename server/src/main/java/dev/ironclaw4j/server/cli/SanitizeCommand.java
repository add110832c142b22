package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.safety.Provenance;
import dev.ironclaw4j.guard.safety.SafetyConfig;
import dev.ironclaw4j.guard.safety.SafetyException;
import dev.ironclaw4j.guard.safety.SafetyLayer;
import dev.ironclaw4j.guard.safety.SafetyResult;
import dev.ironclaw4j.guard.safety.Source;
import dev.ironclaw4j.guard.safety.Verdict;
import dev.ironclaw4j.guard.safety.Wrapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ironclaw4j sanitize}: reads untrusted tool output on stdin and prints one JSON object
 * {@code {"verdict": "block"|"sanitize"|"warn"|"pass", "content": "..."}} where content is exactly
 * what the model would be shown. A REVIEW verdict (only from a custom policy) prints as block: there
 * is no human to ask on this path.
 */
@Command(
    name = "sanitize",
    mixinStandardHelpOptions = true,
    description = {
      "Inspect untrusted text on stdin for prompt injection and print what the model would be shown:",
      "{\"verdict\": \"block\"|\"sanitize\"|\"warn\"|\"pass\", \"content\": \"...\"}. Input is capped at 10 MiB."
    })
final class SanitizeCommand implements Callable<Integer> {
  /** Largest stdin accepted, in bytes. */
  static final int MAX_INPUT_BYTES = 10 * 1024 * 1024;

  @ParentCommand RootCommand root;

  @Spec CommandSpec spec;

  @Option(names = "--source", paramLabel = "SOURCE", defaultValue = "tool",
      description = "Where the text came from: web, file, mcp, tool, email or memory (default: ${DEFAULT-VALUE}).")
  String source;

  @Option(names = "--wrap", description = "Print the content fenced with a fresh random marker, as the model would see it.")
  boolean wrap;

  @Option(names = "--allow-link-host", paramLabel = "HOST",
      description = "A host (or *.suffix) that images and links may point to with data in the URL; repeatable.")
  List<String> allowedHosts = new ArrayList<>();

  @Override
  public Integer call() {
    root.quietLogging();
    Source src;
    try {
      src = Source.parse(source);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(),
          "invalid value for --source: '" + source + "' (expected web, file, mcp, tool, email or memory)");
    }
    String text = readStdin(root.stdin);
    SafetyLayer layer = new SafetyLayer(SafetyConfig.defaults().withAllowedLinkHosts(allowedHosts));
    Provenance provenance = Provenance.of(src).withChannel("cli");
    SafetyResult result = layer.inspect(text, provenance);
    Verdict verdict = result.verdict() == Verdict.REVIEW ? Verdict.BLOCK : result.verdict();
    String content = verdict == Verdict.BLOCK && result.verdict() == Verdict.REVIEW
        ? "[ironclaw4j withheld this content: it needs a human's review]"
        : result.content();
    if (wrap) {
      content = Wrapper.create().wrap(content, provenance);
    }
    Map<String, String> out = new LinkedHashMap<>();
    out.put("verdict", verdict.wireName());
    out.put("content", content);
    root.out.println(JsonMapper.builder().build().writeValueAsString(out));
    root.out.flush();
    return 0;
  }

  /** Reads at most {@link #MAX_INPUT_BYTES}; malformed UTF-8 becomes U+FFFD (the text is shown, not trusted). */
  static String readStdin(InputStream in) {
    try {
      byte[] bytes = in.readNBytes(MAX_INPUT_BYTES + 1);
      if (bytes.length > MAX_INPUT_BYTES) {
        throw new SafetyException("too-large", "stdin is larger than the limit of " + MAX_INPUT_BYTES
            + " bytes (10 MiB); split the input or inspect a smaller part");
      }
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stdin: " + e.getMessage(), e);
    }
  }
}

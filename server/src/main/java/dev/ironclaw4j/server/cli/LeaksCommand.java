package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.leak.LeakDetector;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ironclaw4j leaks}: reads text on stdin and prints {@code [{"type":"...","start":N,"end":N}]}.
 * Offsets are Unicode code points into the input as decoded from UTF-8 (invalid bytes each become
 * one U+FFFD); for ASCII input they equal byte and char offsets. Memory is bounded whatever the input
 * size: the detector streams with a fixed window.
 */
@Command(
    name = "leaks",
    mixinStandardHelpOptions = true,
    description = {
      "Find credentials in text read from stdin and print them as a JSON array.",
      "Each element is {\"type\": \"...\", \"start\": N, \"end\": N}; offsets are Unicode code points.",
      "Exit code 0 whether or not something was found."
    })
final class LeaksCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Override
  public Integer call() throws IOException {
    root.quietLogging();
    Reader in = new InputStreamReader(root.stdin, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE));
    StringBuilder json = new StringBuilder("[");
    boolean truncated = new LeakDetector().scan(in, true, f -> {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append("{\"type\":\"").append(f.type()).append("\",\"start\":").append(f.start())
          .append(",\"end\":").append(f.end()).append('}');
    });
    root.out.println(json.append(']'));
    root.out.flush();
    if (truncated) {
      root.err.println("leaks: more than " + LeakDetector.DEFAULT_MAX_FINDINGS + " findings; the list is cut off");
    }
    return 0;
  }
}

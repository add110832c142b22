package dev.ironclaw4j.toolsmith;

import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.wasm.EgressFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** One toolsmith (one warm build worker) shared by the test classes of this JVM. */
final class Smith {
  static final List<String> LOG = new CopyOnWriteArrayList<>();
  /** What the shared toolsmith's examples reach: nothing, unless a test sets these for its duration. */
  static volatile EgressFactory egress = noEgress();
  static volatile SecretLookup vault = SecretLookup.NONE;
  private static Toolsmith shared;

  private Smith() {}

  /** A toolsmith without network for examples. */
  static synchronized Toolsmith shared() {
    if (shared == null) {
      SecretLookup names = new SecretLookup() {
        @Override
        public java.util.Optional<Resolved> resolve(String name) {
          return vault.resolve(name);
        }

        @Override
        public List<String> names() {
          return vault.names();
        }
      };
      shared = new Toolsmith(Toolsmith.Options.defaults(), policy -> egress.create(policy), names, LOG::add);
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  static EgressFactory noEgress() {
    return policy -> {
      throw new AssertionError("no egress expected for " + policy.rules());
    };
  }

  static String example(String file) {
    try {
      return Files.readString(Path.of("examples", file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A tool source with the SDK imported and the given class body and annotations. */
  static String tool(String className, String annotations, String imports, String body) {
    return "import dev.ironclaw4j.toolsmith.sdk.*;\n" + imports + "\n"
        + "@Tool(name = \"probe\", description = \"a test tool\")\n" + annotations + "\n"
        + "public final class " + className + " implements ToolFunction {\n"
        + "  public Json call(Json input) throws Exception {\n" + body + "\n  }\n}\n";
  }
}

package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.vault.Argon2Params;
import dev.ironclaw4j.guard.vault.Vault;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the real CLI in-process against one home, with cheap key derivation and no unlock delay. */
final class CliRunner {
  record Result(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  final Path home;

  CliRunner(Path home) {
    this.home = home;
  }

  static Vault.Options testOptions() {
    return Vault.Options.defaults().withKdf(Argon2Params.insecureForTestsOnly()).withFailureDelay(n -> Duration.ZERO, d -> {});
  }

  Result run(Map<String, String> env, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> full = new ArrayList<>(List.of("--home", home.toString()));
    full.addAll(List.of(args));
    int code = Main.run(full.toArray(String[]::new), env, new PrintWriter(out, true), new PrintWriter(err, true),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), root -> root.vaultOptions = testOptions());
    return new Result(code, out.toString(), err.toString());
  }
}

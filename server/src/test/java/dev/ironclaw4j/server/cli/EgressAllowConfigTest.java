package dev.ironclaw4j.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code egress.allow} key (a list of egress rules) through the CLI: set, get, env, url-check --config. */
class EgressAllowConfigTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  private Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    all[0] = "--home";
    all[1] = tmp.resolve("home").toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int code = Main.run(all, env, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void defaultIsEmptySoNothingIsAllowed() {
    assertEquals("[]\n", run(Map.of(), "config", "get", "egress.allow").out());
    assertEquals(new Run(1, "deny: host-not-allowed\n", ""), run(Map.of(), "url-check", "--config", "https://api.github.com/"));
  }

  @Test
  void setWritesATomlArrayAndUrlCheckUsesIt() throws Exception {
    Run set = run(Map.of(), "config", "set", "egress.allow", "[\"https://api.github.com/repos/* GET,POST\", \"https://x.example/\"]");
    assertEquals(0, set.code(), set.err());
    String file = Files.readString(tmp.resolve("home/config.toml"));
    assertTrue(file.contains("[egress]\nallow = [\"https://api.github.com/repos/* GET,POST\", \"https://x.example/\"]"), file);
    assertEquals("[https://api.github.com/repos/* GET,POST, https://x.example/]\n", run(Map.of(), "config", "get", "egress.allow").out());
    assertEquals(new Run(0, "allow\n", ""), run(Map.of(), "url-check", "--config", "--method", "POST", "https://api.github.com/repos/a"));
    assertEquals(new Run(1, "deny: method-not-allowed\n", ""), run(Map.of(), "url-check", "--config", "--method", "PUT", "https://api.github.com/repos/a"));
    // Without --config the configuration is not consulted: the contract's pure form.
    assertEquals(new Run(1, "deny: host-not-allowed\n", ""), run(Map.of(), "url-check", "https://api.github.com/repos/a"));
  }

  @Test
  void environmentOverridesTheFile() {
    Map<String, String> env = Map.of("IRONCLAW4J_EGRESS_ALLOW", "[\"https://env.example/\"]");
    assertEquals(new Run(0, "allow\n", ""), run(env, "url-check", "--config", "https://env.example/x"));
  }

  @Test
  void badRuleIsRefusedNamingTheKey() throws Exception {
    Run r = run(Map.of(), "config", "set", "egress.allow", "[\"ftp://x.example/\"]");
    assertEquals(2, r.code()); // a configuration error is a usage error (ConfigException)
    assertTrue(r.err().contains("egress.allow has a bad rule 'ftp://x.example/'"), r.err());
    assertTrue(r.err().lines().count() == 1, r.err());
    assertEquals(2, run(Map.of(), "config", "set", "egress.allow", "https://x.example/").code());
    Files.createDirectories(tmp.resolve("home"));
    Files.writeString(tmp.resolve("home/config.toml"), "[egress]\nallow = [\"https://a.example/\", 3]\n");
    Run v = run(Map.of(), "config", "validate");
    assertEquals(2, v.code());
    assertTrue(v.err().contains("egress.allow must be a list of strings"), v.err());
  }
}

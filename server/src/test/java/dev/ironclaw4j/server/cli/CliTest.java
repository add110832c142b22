package dev.ironclaw4j.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's contracts: help, exit codes, one-line errors, no stack traces without --debug. */
class CliTest {
  @TempDir Path home;

  record Result(int code, String out, String err) {}

  Result run(String... args) {
    return runWith(Map.of("IRONCLAW4J_HOME", home.toString()), args);
  }

  Result runWith(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void helpListsTheCommands() {
    Result r = run("--help");
    assertEquals(0, r.code());
    for (String cmd : new String[] {"serve", "doctor", "config"}) {
      assertTrue(r.out().contains("  " + cmd + " "), "help lists " + cmd + ":\n" + r.out());
    }
  }

  @Test
  void versionPrintsTheVersion() {
    Result r = run("--version");
    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("ironclaw4j "), r.out());
  }

  @Test
  void unknownCommandIsOneLineAndExit2() {
    Result r = run("nosuchcmd");
    assertEquals(2, r.code());
    assertEquals("ironclaw4j: unknown command 'nosuchcmd' (see 'ironclaw4j --help')\n", r.err());
  }

  @Test
  void badFlagIsOneLineAndExit2() {
    Result r = run("serve", "--bad");
    assertEquals(2, r.code());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("Unknown option: '--bad'"), r.err());
  }

  @Test
  void configWithUnknownKeyIsOneLineAndNonZero() throws Exception {
    Files.writeString(home.resolve("config.toml"), "[server]\nport = 1\ncolour = \"red\"\n");
    Result r = run("config", "validate");
    assertEquals(2, r.code());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("unknown key 'server.colour'"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace without --debug");
    Result serve = run("serve");
    assertEquals(2, serve.code(), "serve validates the config at start");
    assertTrue(serve.err().contains("server.colour"), serve.err());
  }

  @Test
  void debugShowsTheStackTrace() throws Exception {
    Files.writeString(home.resolve("config.toml"), "[server]\ncolour = 1\n");
    Result r = run("config", "validate", "--debug");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("\tat "), r.err());
  }

  @Test
  void configSetGetListRoundTrip() {
    assertEquals(0, run("config", "set", "server.port", "7555").code());
    Result get = run("config", "get", "server.port");
    assertEquals("7555\n", get.out());
    Result list = run("config", "list");
    assertTrue(list.out().contains("server.port        = 7555"), list.out());
    assertTrue(list.out().contains("[file]"), list.out());
    assertEquals(0, run("config", "validate").code());
  }

  @Test
  void homeFlagWorksAfterTheSubcommand() throws Exception {
    Path other = Files.createTempDirectory(home, "other");
    assertEquals(0, run("config", "set", "server.port", "7600", "--home", other.toString()).code());
    assertTrue(Files.readString(other.resolve("config.toml")).contains("port = 7600"));
    assertFalse(Files.exists(home.resolve("config.toml")));
  }

  @Test
  void doctorPassesOnAFreshHome() {
    // port 0: the check must not depend on whatever else listens on this machine
    Result r = runWith(Map.of("IRONCLAW4J_HOME", home.toString(), "IRONCLAW4J_SERVER_PORT", "0"), "doctor");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("all checks passed"), r.out());
  }

  @Test
  void doctorFailsOnAnOpenHomeAndSaysHowToFix() throws Exception {
    Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Result r = runWith(Map.of("IRONCLAW4J_HOME", home.toString(), "IRONCLAW4J_SERVER_PORT", "0"), "doctor");
    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("fix: chmod 700 " + home), r.out());
  }

  @Test
  void auditShowsRecordsAndVerifyDetectsAnEdit() throws Exception {
    try (dev.ironclaw4j.server.storage.Database db =
        dev.ironclaw4j.server.storage.Database.open(dev.ironclaw4j.server.storage.Database.embeddedUrl(
            new dev.ironclaw4j.server.home.Home(home).ensureExists()), "", "")) {
      dev.ironclaw4j.guard.audit.AuditLog log = new dev.ironclaw4j.guard.audit.AuditLog(
          new dev.ironclaw4j.server.audit.JdbcAuditStore(db), java.time.Clock.systemUTC());
      log.record(dev.ironclaw4j.guard.audit.AuditEvent.of("tool.call", "cli", "http_request", "allowed"));
      log.record(dev.ironclaw4j.guard.audit.AuditEvent.of("tool.call", "cli", "echo", "denied"));
    }
    Result all = run("audit");
    assertEquals(0, all.code(), all.err());
    assertEquals(2, all.out().lines().count(), all.out());
    Result filtered = run("audit", "--tool", "echo", "--since", "1h");
    assertEquals(1, filtered.out().lines().count(), filtered.out());
    assertTrue(filtered.out().contains("denied"), filtered.out());
    assertEquals(2, run("audit", "--since", "yesterday").code());
    Result ok = run("audit", "verify");
    assertEquals(0, ok.code(), ok.out() + ok.err());
    assertTrue(ok.out().contains("2 records verified"), ok.out());

    try (java.sql.Connection c = java.sql.DriverManager.getConnection(
        dev.ironclaw4j.server.storage.Database.embeddedUrl(new dev.ironclaw4j.server.home.Home(home)));
        java.sql.Statement st = c.createStatement()) {
      st.execute("UPDATE audit_log SET decision = 'allowed' WHERE seq = 2");
    }
    Result broken = run("audit", "verify");
    assertEquals(1, broken.code());
    assertTrue(broken.out().contains("record 2 was edited"), broken.out());
  }
}

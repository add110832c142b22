package dev.ironclaw4j.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @TempDir Path dir;

  private Path write(String toml) throws Exception {
    Path f = dir.resolve("config.toml");
    Files.writeString(f, toml);
    return f;
  }

  @Test
  void defaultsApplyWithoutAFile() {
    Config c = Config.load(dir.resolve("missing.toml"), Map.of());
    assertEquals(7420, c.integer(ConfigKeys.SERVER_PORT));
    assertEquals("127.0.0.1", c.string(ConfigKeys.SERVER_BIND));
    assertEquals(Config.Source.DEFAULT, c.source(ConfigKeys.SERVER_PORT));
  }

  @Test
  void fileThenEnvironmentOverride() throws Exception {
    Path f = write("[server]\nport = 8000\n[log]\nlevel = \"debug\"\n");
    Config c = Config.load(f, Map.of("IRONCLAW4J_SERVER_PORT", "9000"));
    assertEquals(9000, c.integer(ConfigKeys.SERVER_PORT));
    assertEquals(Config.Source.ENV, c.source(ConfigKeys.SERVER_PORT));
    assertEquals("debug", c.string(ConfigKeys.LOG_LEVEL));
    assertEquals(Config.Source.FILE, c.source(ConfigKeys.LOG_LEVEL));
  }

  @Test
  void unknownKeyIsAnErrorNamingTheKey() throws Exception {
    Path f = write("[server]\nprot = 8000\n");
    ConfigException e = assertThrows(ConfigException.class, () -> Config.load(f, Map.of()));
    assertTrue(e.getMessage().contains("unknown key 'server.prot'"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean 'server.port'"), e.getMessage());
  }

  @Test
  void unknownTableAndTopLevelKeysAreErrors() throws Exception {
    assertThrows(ConfigException.class, () -> Config.load(write("[nosuch]\nx = 1\n"), Map.of()));
    assertThrows(ConfigException.class, () -> Config.load(write("port = 1\n"), Map.of()));
  }

  @Test
  void badValuesNameTheKey() throws Exception {
    ConfigException type = assertThrows(ConfigException.class, () -> Config.load(write("[server]\nport = \"x\"\n"), Map.of()));
    assertTrue(type.getMessage().contains("server.port must be a whole number"), type.getMessage());
    ConfigException range = assertThrows(ConfigException.class, () -> Config.load(write("[server]\nport = 70000\n"), Map.of()));
    assertTrue(range.getMessage().contains("between 0 and 65535"), range.getMessage());
    ConfigException env = assertThrows(ConfigException.class,
        () -> Config.load(dir.resolve("none.toml"), Map.of("IRONCLAW4J_LOG_LEVEL", "loud")));
    assertTrue(env.getMessage().contains("IRONCLAW4J_LOG_LEVEL"), env.getMessage());
    ConfigException syntax = assertThrows(ConfigException.class, () -> Config.load(write("[server\n"), Map.of()));
    assertTrue(syntax.getMessage().contains("not valid TOML"), syntax.getMessage());
  }

  @Test
  void bindMustBeLoopback() throws Exception {
    ConfigException e = assertThrows(ConfigException.class, () -> Config.load(write("[server]\nbind = \"0.0.0.0\"\n"), Map.of()));
    assertTrue(e.getMessage().contains("loopback"), e.getMessage());
    assertThrows(ConfigException.class, () -> Config.load(write("[server]\nbind = \"example.com\"\n"), Map.of()));
    assertEquals("::1", Config.load(write("[server]\nbind = \"::1\"\n"), Map.of()).string(ConfigKeys.SERVER_BIND));
  }

  @Test
  void setKeepsCommentsAndLayoutAndEditsOneLine() throws Exception {
    Path f = write("# my settings\n[server]\n# the port\nport = 8000 # inline\n\n[log]\nlevel = \"info\"\n");
    ConfigFile.set(f, "server.port", "8100");
    ConfigFile.set(f, "log.file", "false");
    ConfigFile.set(f, "database.user", "me \"quoted\"");
    String text = Files.readString(f);
    assertTrue(text.startsWith("# my settings\n[server]\n# the port\nport = 8100\n"), text);
    assertTrue(text.contains("[log]\nlevel = \"info\"\nfile = false\n"), text);
    assertTrue(text.contains("[database]\nuser = \"me \\\"quoted\\\"\"\n"), text);
    Config c = Config.load(f, Map.of());
    assertEquals(8100, c.integer(ConfigKeys.SERVER_PORT));
    assertEquals("me \"quoted\"", c.string(ConfigKeys.DATABASE_USER));
  }

  @Test
  void failedSetChangesNothing() throws Exception {
    Path f = write("[server]\nport = 8000\n");
    assertThrows(ConfigException.class, () -> ConfigFile.set(f, "server.port", "abc"));
    assertThrows(ConfigException.class, () -> ConfigFile.set(f, "server.nope", "1"));
    assertEquals("[server]\nport = 8000\n", Files.readString(f));
  }

  @Test
  void oversizeFileIsRefused() throws Exception {
    Path f = write("#" + "x".repeat((int) ConfigFile.MAX_BYTES));
    assertThrows(ConfigException.class, () -> Config.load(f, Map.of()));
  }

  @Test
  void sensitiveValuesAreMasked() throws Exception {
    Config c = Config.load(write("[database]\npassword = \"hunter2hunter2\"\n"), Map.of());
    assertEquals("********", c.display(ConfigKeys.DATABASE_PASSWORD));
  }
}

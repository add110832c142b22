package dev.ironclaw4j.server.home;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeTest {
  @TempDir Path dir;

  @Test
  void restrictAllLeavesNothingForGroupOrOthers() throws Exception {
    Home home = new Home(dir.resolve("home")).ensureExists();
    Path db = Files.writeString(home.dataDir().resolve("ironclaw4j.mv.db"), "x");
    Path tools = Files.createDirectories(home.toolsDir());
    Path script = Files.writeString(tools.resolve("run.sh"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(tools, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertEquals(List.of(db, tools, script).stream().sorted().toList(), home.openEntries(10).stream().sorted().toList());

    home.restrictAll();

    assertEquals(List.of(), home.openEntries(10));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tools)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(script)));
  }
}

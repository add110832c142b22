package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.config.ConfigKeys;
import dev.ironclaw4j.server.daemon.Daemon;
import dev.ironclaw4j.server.daemon.ServerLock;
import dev.ironclaw4j.server.home.Home;
import dev.ironclaw4j.server.os.ProcessHardening;
import dev.ironclaw4j.server.storage.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code ironclaw4j doctor}: checks the installation and says how to fix what is wrong. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {"Check the JDK, the home and its permissions, the configuration, the database and the port.",
      "Exits 0 when nothing failed (warnings allowed), 1 otherwise."})
final class DoctorCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  enum Status {
    OK,
    WARN,
    FAIL
  }

  record Check(Status status, String name, String detail, String fix) {}

  @Override
  public Integer call() {
    root.quietLogging();
    List<Check> checks = new ArrayList<>();
    int feature = Runtime.version().feature();
    checks.add(feature >= 21
        ? new Check(Status.OK, "java", "Java " + Runtime.version() + " at " + System.getProperty("java.home"), null)
        : new Check(Status.FAIL, "java", "Java " + feature + " is too old", "install a JDK 21 or newer; ./ironclaw4j finds it"));

    ProcessHardening.Status hardening = ProcessHardening.makeNonDumpable();
    checks.add(hardening.nonDumpable()
        ? new Check(Status.OK, "memory", "serve makes itself " + hardening.detail(), null)
        : new Check(Status.WARN, "memory", "serve cannot protect its memory: " + hardening.detail(),
            "run on Linux with JDK 22+ through ./ironclaw4j (which enables native access)"));
    Home home = root.home();
    checks.add(homeCheck(home));
    Config config = null;
    try {
      config = root.config(home);
      checks.add(new Check(Status.OK, "config", Files.exists(home.configFile())
          ? home.configFile() + " is valid"
          : "no config file; using defaults (" + home.configFile() + ")", null));
    } catch (ServerException e) {
      checks.add(new Check(Status.FAIL, "config", e.getMessage(), "edit the file, or see 'ironclaw4j config list'"));
    }
    Optional<ServerLock.Holder> running = Files.isDirectory(home.dir()) ? ServerLock.holder(home) : Optional.empty();
    if (config != null) {
      checks.add(databaseCheck(home, config, running));
      checks.add(portCheck(config, running));
    }

    int failed = 0;
    for (Check c : checks) {
      root.out.printf("[%-4s] %-8s %s%n", c.status(), c.name(), c.detail());
      if (c.fix() != null && c.status() != Status.OK) {
        root.out.printf("       %-8s fix: %s%n", "", c.fix());
      }
      if (c.status() == Status.FAIL) {
        failed++;
      }
    }
    root.out.println(failed == 0 ? "ironclaw4j doctor: all checks passed" : "ironclaw4j doctor: " + failed + " check(s) failed");
    return failed == 0 ? 0 : 1;
  }

  private static Check homeCheck(Home home) {
    if (!Files.exists(home.dir())) {
      return new Check(Status.OK, "home", home.dir() + " does not exist yet; 'ironclaw4j serve' creates it (mode 0700)", null);
    }
    try {
      if (!Files.isDirectory(home.dir()) || !Files.isWritable(home.dir())) {
        return new Check(Status.FAIL, "home", home.dir() + " is not a writable directory", "choose another with --home or IRONCLAW4J_HOME");
      }
      if (!home.isOwnerOnly()) {
        return new Check(Status.FAIL, "home", home.dir() + " has permissions " + home.permissions() + "; other users could read it",
            "chmod 700 " + home.dir());
      }
      return new Check(Status.OK, "home", home.dir() + " (" + home.permissions() + ")", null);
    } catch (IOException e) {
      return new Check(Status.FAIL, "home", "cannot inspect " + home.dir() + ": " + e.getMessage(), "check the path and its permissions");
    }
  }

  private static Check databaseCheck(Home home, Config config, Optional<ServerLock.Holder> running) {
    boolean embedded = config.string(ConfigKeys.DATABASE_URL).isEmpty();
    if (embedded && running.isPresent()) {
      return new Check(Status.OK, "database", "embedded H2 in use by the running server (pid " + running.get().pid() + ")", null);
    }
    if (embedded && !Files.isDirectory(home.dataDir())) {
      return new Check(Status.OK, "database", "embedded H2; created on first 'ironclaw4j serve'", null);
    }
    try (Database db = Database.open(home, config)) {
      return new Check(Status.OK, "database", db.displayUrl() + " opens and its schema is current", null);
    } catch (ServerException e) {
      return new Check(Status.FAIL, "database", e.getMessage(),
          embedded ? "stop other ironclaw4j processes using this home, or restore data/ from a backup"
                   : "check database.url, database.user and the password, and that the database server runs");
    }
  }

  private static Check portCheck(Config config, Optional<ServerLock.Holder> running) {
    String bind = config.string(ConfigKeys.SERVER_BIND);
    int port = config.integer(ConfigKeys.SERVER_PORT);
    if (port == 0) {
      return new Check(Status.OK, "port", "server.port is 0: a free port is chosen at start", null);
    }
    String url = "http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + port;
    if (running.isPresent() && running.get().url().equals(url)) {
      return new Check(Status.OK, "port", url + " is served by the running ironclaw4j (pid " + running.get().pid() + ")", null);
    }
    if (Daemon.listening(bind, port)) {
      return new Check(Status.FAIL, "port", bind + ":" + port + " is taken by another program",
          "stop that program, or choose another port: ironclaw4j config set server.port N");
    }
    return new Check(Status.OK, "port", bind + ":" + port + " is free", null);
  }
}

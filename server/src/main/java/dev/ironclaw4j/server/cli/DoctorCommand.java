package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.leak.LeakDetector;
import dev.ironclaw4j.guard.sandbox.ProcessSandboxes;
import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.config.ConfigKeys;
import dev.ironclaw4j.server.daemon.Daemon;
import dev.ironclaw4j.server.daemon.ServerLock;
import dev.ironclaw4j.server.home.Home;
import dev.ironclaw4j.server.os.ProcessHardening;
import dev.ironclaw4j.server.os.Sandboxing;
import dev.ironclaw4j.server.storage.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code ironclaw4j doctor}: checks the installation and says how to fix what is wrong. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {"Check the JDK, memory protection, the home and its file permissions, the configuration, the vault key"
        + " file, the process sandbox, the database and the port.",
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
    checks.add(filesCheck(home));
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
      keyFileCheck(config).ifPresent(checks::add);
      checks.add(sandboxCheck(home, config));
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

  /** Every file 0600 and folder 0700 in the home (at least: nothing for group or others), and new ones created so. */
  private static Check filesCheck(Home home) {
    ProcessHardening.FileModes modes = ProcessHardening.ownerOnlyFiles();
    String future = modes.ownerOnly() ? modes.detail()
        : "new files follow the user's umask: " + modes.detail();
    try {
      List<Path> open = home.openEntries(4);
      if (!open.isEmpty()) {
        StringBuilder list = new StringBuilder();
        for (Path p : open.subList(0, Math.min(3, open.size()))) {
          list.append(list.isEmpty() ? "" : ", ").append(home.dir().relativize(p)).append(" (")
              .append(PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS))).append(')');
        }
        return new Check(Status.WARN, "files", "group or others have permissions on " + list + (open.size() > 3 ? " and more" : "")
            + "; " + future, "chmod -R go-rwx " + home.dir());
      }
    } catch (IOException e) {
      return new Check(Status.WARN, "files", "cannot check the permissions in " + home.dir() + ": " + e.getMessage(),
          "check the home's permissions by hand: files 0600, folders 0700");
    }
    if (!modes.ownerOnly()) {
      return new Check(Status.WARN, "files", future, "run ironclaw4j through ./ironclaw4j on a JDK 22 or newer");
    }
    return new Check(Status.OK, "files", (Files.isDirectory(home.dir()) ? "files 0600 and folders 0700 in the home; " : "") + future, null);
  }

  /** The vault key file, when one is configured: present and readable by its owner only. */
  private static Optional<Check> keyFileCheck(Config config) {
    String configured = config.string(ConfigKeys.VAULT_KEY_FILE);
    if (configured.isEmpty()) {
      return Optional.empty();
    }
    Path keyFile = Path.of(configured);
    try {
      if (!Files.isRegularFile(keyFile)) {
        return Optional.of(new Check(Status.FAIL, "keyfile", "vault.key_file " + keyFile + " does not exist",
            "restore it from your backup, or point vault.key_file at it"));
      }
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keyFile);
      if (!Home.isOwnerOnly(perms)) {
        return Optional.of(new Check(Status.FAIL, "keyfile", keyFile + " has permissions " + PosixFilePermissions.toString(perms)
            + "; other users could read the vault key (the vault refuses it)", "chmod 600 " + keyFile));
      }
      return Optional.of(new Check(Status.OK, "keyfile", keyFile + " (" + PosixFilePermissions.toString(perms) + ")", null));
    } catch (UnsupportedOperationException | IOException e) {
      return Optional.of(new Check(Status.OK, "keyfile", keyFile + " exists (no POSIX permissions to check here)", null));
    }
  }

  /** Which process sandbox untrusted local processes (stdio MCP servers) would run in, found as serve finds it. */
  private static Check sandboxCheck(Home home, Config config) {
    ProcessSandboxes.Detection d = ProcessSandboxes.detect(Sandboxing.policy(home, config, new LeakDetector()));
    String tried = String.join("; ", d.notes());
    if (d.sandbox().isolates()) {
      return new Check(Status.OK, "sandbox", d.sandbox().mechanism() + " (" + tried + "): untrusted local processes see"
          + " neither the home nor credential folders nor the server's memory, and get no network", null);
    }
    return new Check(Status.WARN, "sandbox", "none (" + tried + "): untrusted local processes would run unisolated,"
        + " so each stdio MCP server needs an explicit opt-in naming the risk",
        "install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf install bubblewrap)");
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

package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.config.ConfigFile;
import dev.ironclaw4j.server.config.ConfigKey;
import dev.ironclaw4j.server.config.ConfigKeys;
import dev.ironclaw4j.server.home.Home;
import java.nio.file.Files;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ironclaw4j config get|set|list|validate}. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Read and change the configuration (config.toml in the home).",
      "Environment variables IRONCLAW4J_<TABLE>_<KEY> override the file, e.g. IRONCLAW4J_SERVER_PORT."
    },
    subcommands = {picocli.CommandLine.HelpCommand.class})
final class ConfigCommand {
  @ParentCommand RootCommand root;

  @Command(name = "get", description = "Print the effective value of a key.")
  int get(@Parameters(paramLabel = "KEY", description = "e.g. server.port") String key) {
    root.quietLogging();
    Home home = root.home();
    Config config = root.config(home);
    ConfigKey k = ConfigKeys.get(key, "config get");
    root.out.println(config.display(k));
    return 0;
  }

  @Command(name = "set", description = "Set a key in config.toml, keeping the file's comments and layout.")
  int set(
      @Parameters(paramLabel = "KEY", description = "e.g. server.port") String key,
      @Parameters(paramLabel = "VALUE", description = "the new value") String value) {
    root.quietLogging();
    Home home = root.home().ensureExists();
    ConfigKey k = ConfigKeys.get(key, "config set");
    Object v = ConfigFile.set(home.configFile(), key, value);
    root.out.println(k.name() + " = " + (k.sensitive() ? "********" : k.toToml(v)) + "  (" + home.configFile() + ")");
    if (root.env.containsKey(k.envVar())) {
      root.err.println("note: " + k.envVar() + " is set and overrides this value");
    }
    return 0;
  }

  @Command(name = "list", description = "List every key with its value, where it came from, and what it does.")
  int list() {
    root.quietLogging();
    Config config = root.config(root.home());
    for (ConfigKey k : ConfigKeys.all()) {
      root.out.printf("%-18s = %-12s [%s]%n", k.name(), config.display(k), config.source(k).name().toLowerCase(java.util.Locale.ROOT));
      root.out.printf("    %s (env %s)%n", k.description(), k.envVar());
    }
    return 0;
  }

  @Command(name = "validate", description = "Check config.toml and the environment overrides; exit 2 naming the first bad key.")
  int validate() {
    root.quietLogging();
    Home home = root.home();
    root.config(home);
    root.out.println(Files.exists(home.configFile())
        ? home.configFile() + ": valid"
        : home.configFile() + ": does not exist; the defaults apply (valid)");
    return 0;
  }
}

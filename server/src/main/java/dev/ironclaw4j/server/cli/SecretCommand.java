package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.egress.EgressRule;
import dev.ironclaw4j.guard.vault.Injection;
import dev.ironclaw4j.guard.vault.SecretBinding;
import dev.ironclaw4j.guard.vault.SecretInfo;
import dev.ironclaw4j.guard.vault.SecretValue;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.server.ServerException;
import java.io.Console;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

/** {@code ironclaw4j secret set|list|rm|bind}: the vault's secrets, by name; values only ever on stdin. */
@Command(
    name = "secret",
    mixinStandardHelpOptions = true,
    description = {
      "Store, list, bind and remove vault secrets. Values are read from standard input (or a hidden prompt"
          + " on a terminal), never from the command line, and are never printed.",
      "Unlock: IRONCLAW4J_VAULT_PASSPHRASE, the key file in vault.key_file, or a prompt. See docs/vault.md."
    },
    subcommands = {
      SecretCommand.Set.class,
      SecretCommand.ListSecrets.class,
      SecretCommand.Remove.class,
      SecretCommand.Bind.class,
      picocli.CommandLine.HelpCommand.class
    })
final class SecretCommand {
  @ParentCommand RootCommand root;

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = {"Store a secret. The value is read from standard input (one trailing newline is dropped), or"
          + " typed at a hidden prompt on a terminal. A value on the command line is refused.",
        "Example: ironclaw4j secret set GITHUB_TOKEN --bind 'https://api.github.com/* GET,POST' --inject bearer < token.txt"})
  static final class Set implements Callable<Integer> {
    @ParentCommand SecretCommand parent;

    @Parameters(index = "0", paramLabel = "NAME", description = "e.g. GITHUB_TOKEN")
    String name;

    @Parameters(index = "1..*", hidden = true, paramLabel = "REFUSED")
    List<String> extra = new ArrayList<>();

    @Unmatched List<String> unmatched = new ArrayList<>();

    @Option(names = "--bind", paramLabel = "'URL [METHODS]'",
        description = "Where the secret may be sent, e.g. 'https://api.github.com/* GET,POST'. Repeatable.")
    List<String> binds = new ArrayList<>();

    @Option(names = "--inject", paramLabel = "WHERE",
        description = "How it is placed in a request: bearer, basic:USER, header:NAME[:PREFIX] or query:PARAM.")
    String inject;

    @Option(names = "--expires", paramLabel = "WHEN",
        description = "When it stops being used: a date (2027-01-31), an instant, or a duration (90d, 12h).")
    String expires;

    @Override
    public Integer call() {
      RootCommand root = parent.root;
      refuseValueOnArgv(extra, unmatched);
      List<SecretBinding> bindings = bindings(binds, inject);
      Instant expiresAt = expires == null ? null : parseExpiry(expires);
      try (VaultAccess access = VaultAccess.open(root, false)) {
        Vault vault = access.unlocked();
        SecretValue value = readValue(root, name);
        try {
          vault.set(name, value, bindings, expiresAt);
        } finally {
          value.wipe();
        }
        access.audit("secret.set", name, "allowed", bindings.size() + " binding(s)");
        root.out.println("stored " + name + (bindings.isEmpty()
            ? " (not bound anywhere yet: it is never sent until you run 'ironclaw4j secret bind " + name + "')"
            : " bound to " + bindings.size() + " destination(s)"));
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List secrets: name, state, bindings, last use and use count. Never values.")
  static final class ListSecrets implements Callable<Integer> {
    @ParentCommand SecretCommand parent;

    @Override
    public Integer call() {
      RootCommand root = parent.root;
      try (VaultAccess access = VaultAccess.open(root, false)) {
        List<SecretInfo> all = access.unlocked().list();
        if (all.isEmpty()) {
          root.out.println("no secrets (add one with 'ironclaw4j secret set NAME --bind URL --inject bearer')");
          return 0;
        }
        root.out.printf("%-24s %-8s %6s  %-20s  %s%n", "NAME", "STATE", "USES", "LAST USED", "BINDINGS");
        for (SecretInfo s : all) {
          String first = s.bindings().isEmpty() ? "(none)" : describe(s.bindings().getFirst());
          root.out.printf("%-24s %-8s %6d  %-20s  %s%n", s.name(), s.state().name().toLowerCase(Locale.ROOT),
              s.useCount(), s.lastUsedAt() == null ? "never" : s.lastUsedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
              first);
          for (SecretBinding b : s.bindings().subList(Math.min(1, s.bindings().size()), s.bindings().size())) {
            root.out.printf("%-24s %-8s %6s  %-20s  %s%n", "", "", "", "", describe(b));
          }
          if (s.expiresAt() != null) {
            root.out.printf("%-24s expires %s%n", "", s.expiresAt());
          }
          if (s.problem() != null) {
            root.out.printf("%-24s problem: %s%n", "", s.problem());
          }
        }
      }
      return 0;
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a secret.")
  static final class Remove implements Callable<Integer> {
    @ParentCommand SecretCommand parent;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      RootCommand root = parent.root;
      try (VaultAccess access = VaultAccess.open(root, false)) {
        if (!access.unlocked().remove(name)) {
          throw new ServerException("there is no secret named " + name + " (see 'ironclaw4j secret list')");
        }
        access.audit("secret.rm", name, "allowed", "");
        root.out.println("removed " + name);
      }
      return 0;
    }
  }

  @Command(name = "bind", mixinStandardHelpOptions = true,
      description = "Replace a secret's bindings (where it may be sent and how).")
  static final class Bind implements Callable<Integer> {
    @ParentCommand SecretCommand parent;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--bind", paramLabel = "'URL [METHODS]'", required = true,
        description = "Where the secret may be sent. Repeatable; replaces all existing bindings.")
    List<String> binds = new ArrayList<>();

    @Option(names = "--inject", paramLabel = "WHERE", required = true,
        description = "bearer, basic:USER, header:NAME[:PREFIX] or query:PARAM.")
    String inject;

    @Override
    public Integer call() {
      RootCommand root = parent.root;
      List<SecretBinding> bindings = bindings(binds, inject);
      try (VaultAccess access = VaultAccess.open(root, false)) {
        access.unlocked().rebind(name, bindings);
        access.audit("secret.bind", name, "allowed", bindings.size() + " binding(s)");
        root.out.println("rebound " + name + " to " + bindings.size() + " destination(s)");
      }
      return 0;
    }
  }

  static void refuseValueOnArgv(List<String> extra, List<String> unmatched) {
    if (!extra.isEmpty() || !unmatched.isEmpty()) {
      // Never echo the arguments: one of them is probably the secret.
      throw new ServerException(ServerException.USAGE, "refusing a secret value on the command line: it would stay"
          + " in your shell history and be visible to other users in the process list. Nothing was stored."
          + " Pipe the value on standard input (ironclaw4j secret set NAME ... < file) or run the command in a"
          + " terminal to be prompted; if the value was real, consider it exposed and rotate it.", null);
    }
  }

  static List<SecretBinding> bindings(List<String> binds, String inject) {
    if (binds.isEmpty()) {
      if (inject != null) {
        throw new ServerException(ServerException.USAGE, "--inject needs at least one --bind URL", null);
      }
      return List.of();
    }
    if (inject == null) {
      throw new ServerException(ServerException.USAGE,
          "--bind needs --inject (bearer, basic:USER, header:NAME[:PREFIX] or query:PARAM)", null);
    }
    try {
      Injection injection = Injection.parse(inject);
      List<SecretBinding> out = new ArrayList<>();
      for (String b : binds) {
        SecretBinding binding = SecretBinding.parse(b, injection);
        // The same parser egress matches with: a binding egress could never match is refused now.
        EgressRule.of(binding);
        out.add(binding);
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw new ServerException(ServerException.USAGE, e.getMessage(), e);
    }
  }

  static Instant parseExpiry(String text) {
    return TimeArgs.parse(text, Instant.now(), false, "--expires");
  }

  /** The value from a hidden prompt on a terminal, else standard input (one trailing newline dropped). */
  static SecretValue readValue(RootCommand root, String name) {
    Console c = VaultAccess.terminal(root);
    if (c != null) {
      char[] v = c.readPassword("Value of %s (input hidden): ", name);
      if (v == null || v.length == 0) {
        throw new ServerException(ServerException.USAGE, "no value entered; nothing was stored", null);
      }
      try {
        return SecretValue.ofChars(name, v);
      } finally {
        Arrays.fill(v, '\0');
      }
    }
    byte[] raw = VaultAccess.readStdin(root.stdin, Vault.MAX_VALUE_BYTES + 2);
    try {
      int end = raw.length;
      if (end > 0 && raw[end - 1] == '\n') {
        end--;
        if (end > 0 && raw[end - 1] == '\r') {
          end--;
        }
      }
      if (end == 0) {
        throw new ServerException(ServerException.USAGE, "no value on standard input: pipe it in"
            + " (ironclaw4j secret set " + name + " ... < file) or run in a terminal to be prompted", null);
      }
      byte[] value = Arrays.copyOf(raw, end);
      try {
        return SecretValue.of(name, value);
      } finally {
        Arrays.fill(value, (byte) 0);
      }
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private static String describe(SecretBinding b) {
    return b.ruleText() + " -> " + b.injection().format();
  }
}

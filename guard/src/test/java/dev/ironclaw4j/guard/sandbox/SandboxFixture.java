package dev.ironclaw4j.guard.sandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ironclaw4j.guard.leak.LeakDetector;
import dev.ironclaw4j.guard.vault.KnownSecrets;
import dev.ironclaw4j.guard.vault.SecretValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A user home, an ironclaw4j home and a work dir for sandbox tests, under the module's {@code target/}
 * folder, or under {@code ~/.cache} where the checkout lies in {@code /tmp}: never in a folder the
 * sandbox replaces with an empty one anyway, so a file a test cannot read proves the hiding, not the
 * fresh {@code /tmp}.
 */
final class SandboxFixture implements AutoCloseable {
  static final String VAULT_VALUE = "ghp_" + "R4nd0mVau1tValue0fTheTestSecret0001";
  /** What every sandbox replaces with fresh, empty folders. */
  private static final List<Path> REPLACED = Stream.of("/tmp", "/var/tmp", "/run", "/dev").map(Path::of).toList();

  final Path base;
  final Path userHome;
  final Path ironclawHome;
  final Path work;
  final Path keyFile;
  final SandboxPolicy policy;

  SandboxFixture() throws IOException {
    base = baseDir().resolve(UUID.randomUUID().toString());
    userHome = Files.createDirectories(base.resolve("user-home"));
    ironclawHome = Files.createDirectories(userHome.resolve(".ironclaw4j"));
    work = Files.createDirectories(base.resolve("work"));
    keyFile = Files.createDirectories(base.resolve("keys")).resolve("vault.key");
    Files.writeString(keyFile, "KEYFILE-MARKER\n");
    policy = new SandboxPolicy(ironclawHome, userHome, List.of(keyFile), new LeakDetector(secrets(VAULT_VALUE)));
  }

  private static Path baseDir() throws IOException {
    List<Path> candidates = List.of(Path.of("target").toAbsolutePath(), Path.of(System.getProperty("user.home"), ".cache"));
    for (Path candidate : candidates) {
      Path dir = Files.createDirectories(candidate.resolve("ironclaw4j-sandbox-tests")).toRealPath();
      if (REPLACED.stream().noneMatch(dir::startsWith)) {
        return dir;
      }
    }
    throw new IllegalStateException("no folder for the sandbox tests outside " + REPLACED + " among " + candidates);
  }

  static KnownSecrets secrets(String value) {
    SecretValue secret = SecretValue.ofChars("GITHUB_TOKEN", value.toCharArray());
    return new KnownSecrets() {
      @Override
      public List<SecretValue> current() {
        return List.of(secret);
      }

      @Override
      public long version() {
        return 1;
      }
    };
  }

  Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  /** The named mechanism if it works here; skipped if not, except bubblewrap in CI, which the scripts install. */
  ProcessSandbox sandbox(String mechanism) {
    List<String> notes = new ArrayList<>();
    Optional<ProcessSandbox> s = switch (mechanism) {
      case "bubblewrap" -> ProcessSandboxes.bubblewrap(policy, notes);
      case "namespaces" -> ProcessSandboxes.namespaces(policy, notes);
      case "none" -> Optional.of(ProcessSandboxes.none(policy));
      default -> throw new IllegalArgumentException(mechanism);
    };
    if (s.isEmpty() && mechanism.equals("bubblewrap") && inCi()) {
      fail("bubblewrap must work in CI (./run-tests installs it): " + notes);
    }
    assumeTrue(s.isPresent(), () -> mechanism + " does not work on this machine, so its tests are skipped: " + notes);
    return s.get();
  }

  static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  record Result(int exit, String out, String err) {}

  /** Runs a shell script in the sandbox, with {@code args} as $1..., and collects its output. */
  Result sh(ProcessSandbox sandbox, ProcessSandbox.Network network, String script, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", script, "probe"));
    command.addAll(List.of(args));
    return run(sandbox, new ProcessSandbox.Spec(command, work, Map.of(), network));
  }

  static Result run(ProcessSandbox sandbox, ProcessSandbox.Spec spec) throws Exception {
    Process p = sandbox.start(spec);
    p.getOutputStream().close();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("the sandboxed process did not finish within 30 s");
    }
    return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  static void assertOk(Result r) {
    assertTrue(r.exit() == 0, "exit " + r.exit() + "\nstdout: " + r.out() + "\nstderr: " + r.err());
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> all = Files.walk(base)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    base.getParent().toFile().delete(); // only if no other test's folder is left in it
  }
}

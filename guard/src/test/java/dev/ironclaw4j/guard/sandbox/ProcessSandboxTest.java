package dev.ironclaw4j.guard.sandbox;

import static dev.ironclaw4j.guard.sandbox.SandboxFixture.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ironclaw4j.guard.leak.LeakDetector;
import dev.ironclaw4j.guard.sandbox.ProcessSandbox.Network;
import dev.ironclaw4j.guard.sandbox.ProcessSandbox.Spec;
import dev.ironclaw4j.guard.sandbox.SandboxFixture.Result;
import java.io.RandomAccessFile;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sandbox's security properties, each checked with real processes in every mechanism that works on
 * this machine (bubblewrap must in CI), and each next to a control: the same probe run without a
 * sandbox does see what the sandbox hides, so a passing test means the sandbox hid it.
 */
class ProcessSandboxTest {
  private SandboxFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new SandboxFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  private static final String CAT_ALL = "for f in \"$@\"; do echo \"== $f\"; cat \"$f\" 2>&1; done; true";

  @ParameterizedTest
  @ValueSource(strings = {"bubblewrap", "namespaces"})
  void childCannotReadAFileInTheIronclawHome(String mechanism) throws Exception {
    Path vault = fx.write(fx.ironclawHome.resolve("data/ironclaw4j.mv.db"), "VAULT-STORE-MARKER");
    Path log = fx.write(fx.ironclawHome.resolve("logs/ironclaw4j.log.0"), "LOG-MARKER");
    String[] files = {vault.toString(), log.toString(), fx.keyFile.toString()};

    Result control = fx.sh(fx.sandbox("none"), Network.NONE, CAT_ALL, files);
    assertTrue(control.out().contains("VAULT-STORE-MARKER") && control.out().contains("KEYFILE-MARKER"), control.out());

    Result r = fx.sh(fx.sandbox(mechanism), Network.NONE, CAT_ALL, files);
    assertOk(r);
    for (String marker : List.of("VAULT-STORE-MARKER", "LOG-MARKER", "KEYFILE-MARKER")) {
      assertFalse(r.out().contains(marker), marker + " was readable:\n" + r.out());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bubblewrap", "namespaces"})
  void childCannotReadCredentialLocationsHistoriesOrDotEnvFiles(String mechanism) throws Exception {
    List<Path> secrets = List.of(
        fx.write(fx.userHome.resolve(".ssh/id_ed25519"), "SSH-MARKER"),
        fx.write(fx.userHome.resolve(".aws/credentials"), "AWS-MARKER"),
        fx.write(fx.userHome.resolve(".config/gcloud/credentials.db"), "GCLOUD-MARKER"),
        fx.write(fx.userHome.resolve(".netrc"), "NETRC-MARKER"),
        fx.write(fx.userHome.resolve(".docker/config.json"), "DOCKER-MARKER"),
        fx.write(fx.userHome.resolve(".kube/config"), "KUBE-MARKER"),
        fx.write(fx.userHome.resolve(".gnupg/private-keys-v1.d/k.key"), "GNUPG-MARKER"),
        fx.write(fx.userHome.resolve(".bash_history"), "HISTORY-MARKER"),
        fx.write(fx.work.resolve(".env"), "DOTENV-MARKER"),
        fx.write(fx.work.resolve("services/api/.env.local"), "NESTED-DOTENV-MARKER"));
    Path readme = fx.write(fx.work.resolve("README.md"), "README-IS-VISIBLE");
    Path dotfile = fx.write(fx.userHome.resolve(".bashrc"), "BASHRC-IS-VISIBLE");
    List<String> args = new ArrayList<>(secrets.stream().map(Path::toString).toList());
    args.add(readme.toString());
    args.add(dotfile.toString());

    Result control = fx.sh(fx.sandbox("none"), Network.NONE, CAT_ALL, args.toArray(String[]::new));
    assertTrue(control.out().contains("SSH-MARKER") && control.out().contains("NESTED-DOTENV-MARKER"), control.out());

    Result r = fx.sh(fx.sandbox(mechanism), Network.NONE, CAT_ALL, args.toArray(String[]::new));
    assertOk(r);
    assertFalse(r.out().contains("-MARKER"), "a credential was readable:\n" + r.out());
    assertTrue(r.out().contains("README-IS-VISIBLE") && r.out().contains("BASHRC-IS-VISIBLE"),
        "the work dir and the rest of the home stay readable:\n" + r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bubblewrap", "namespaces"})
  void symbolicLinksDoNotLeadAroundHiddenPaths(String mechanism) throws Exception {
    // ~/.ssh is a link to a folder elsewhere; the work dir holds a link into the ironclaw4j home
    Path realSsh = Files.createDirectories(fx.base.resolve("dotfiles/ssh"));
    fx.write(realSsh.resolve("id_rsa"), "LINKED-SSH-MARKER");
    Files.createSymbolicLink(fx.userHome.resolve(".ssh"), realSsh);
    Path vault = fx.write(fx.ironclawHome.resolve("data/vault.bin"), "LINKED-VAULT-MARKER");
    Path link = Files.createSymbolicLink(fx.work.resolve("innocent.txt"), vault);
    String[] files = {fx.userHome.resolve(".ssh/id_rsa").toString(), realSsh.resolve("id_rsa").toString(), link.toString()};

    Result control = fx.sh(fx.sandbox("none"), Network.NONE, CAT_ALL, files);
    assertTrue(control.out().contains("LINKED-SSH-MARKER") && control.out().contains("LINKED-VAULT-MARKER"), control.out());
    Result r = fx.sh(fx.sandbox(mechanism), Network.NONE, CAT_ALL, files);
    assertOk(r);
    assertFalse(r.out().contains("-MARKER"), r.out());
  }

  /** Reads the server's environ, 16 bytes of its memory, and every command line in the child's /proc. */
  private static final String PROC_PROBE = """
      pid=$1 addr=$2
      if e=$(tr '\\0' '\\n' < /proc/$pid/environ 2>/dev/null); then echo "environ:$e" | tr '\\n' ' '; echo; else echo environ:denied; fi
      m=$(dd if=/proc/$pid/mem bs=16 count=1 skip=$addr iflag=skip_bytes status=none 2>/dev/null | od -An -tx1 | tr -d ' \\n')
      echo "mem:${m:-denied}"
      for f in /proc/[0-9]*/cmdline; do echo "proc:$(tr '\\0' ' ' < $f 2>/dev/null)"; done
      """;

  @ParameterizedTest
  @ValueSource(strings = {"bubblewrap", "namespaces"})
  void childCannotReadTheServersMemoryOrEnvironmentThroughProc(String mechanism) throws Exception {
    String pid = Long.toString(ProcessHandle.current().pid());
    long addr = firstMappedAddress();
    String ourBytes = HexFormat.of().formatHex(ownMemory(addr));
    String java = new String(Files.readAllBytes(Path.of("/proc/self/cmdline")), StandardCharsets.UTF_8).split("\0")[0];
    String ourEnvEntry = System.getenv().entrySet().iterator().next().toString();

    Result control = fx.sh(fx.sandbox("none"), Network.NONE, PROC_PROBE, pid, Long.toString(addr));
    assertOk(control);
    assertTrue(control.out().contains(ourEnvEntry), "without a sandbox the server's environ is readable:\n" + control.out());
    assertTrue(control.out().contains("proc:" + java), control.out());

    Result r = fx.sh(fx.sandbox(mechanism), Network.NONE, PROC_PROBE, pid, Long.toString(addr));
    assertOk(r);
    assertTrue(r.out().contains("environ:denied"), r.out());
    assertTrue(r.out().contains("mem:denied"), r.out());
    assertFalse(r.out().contains(ourEnvEntry) || r.out().contains(ourBytes), r.out());
    assertFalse(r.out().contains("proc:" + java), "the server is visible in the child's /proc:\n" + r.out());
    assertTrue(r.out().lines().filter(l -> l.startsWith("proc:")).count() < 10, "only the sandbox's processes:\n" + r.out());
  }

  private static final String CONNECT = """
      if timeout 5 bash -c 'exec 3<>/dev/tcp/'"$1/$2" 2>/dev/null; then echo connected; else echo refused; fi
      """;

  @ParameterizedTest
  @ValueSource(strings = {"bubblewrap", "namespaces"})
  void childCannotConnectToANonLoopbackAddress(String mechanism) throws Exception {
    Optional<InetAddress> external = nonLoopbackAddress();
    assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to listen on");
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(external.get(), 0));
      String host = external.get().getHostAddress();
      String port = Integer.toString(server.getLocalPort());
      assertEquals("connected", fx.sh(fx.sandbox("none"), Network.NONE, CONNECT, host, port).out().strip(), "control");
      for (Network network : Network.values()) {
        Result r = fx.sh(fx.sandbox(mechanism), network, CONNECT, host, port);
        assertEquals("refused", r.out().strip(), network + ": " + r);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bubblewrap", "namespaces"})
  void childReachesNothingOutsideTheSandboxNotEvenTheServersLoopback(String mechanism) throws Exception {
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      String port = Integer.toString(server.getLocalPort());
      assertEquals("connected", fx.sh(fx.sandbox("none"), Network.NONE, CONNECT, "127.0.0.1", port).out().strip(), "control");
      for (Network network : Network.values()) {
        Result r = fx.sh(fx.sandbox(mechanism), network, CONNECT, "127.0.0.1", port);
        assertEquals("refused", r.out().strip(), network + ": " + r);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bubblewrap", "namespaces", "none"})
  void childEnvironmentHasNoLdPreloadAndNoVaultValueEvenIfTheServerHasThem(String mechanism) throws Exception {
    fx.sandbox(mechanism); // skips here if the mechanism does not work on this machine
    String java = ProcessHandle.current().info().command().orElseThrow();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), EnvPrinter.class.getName(),
        mechanism, fx.ironclawHome.toString(), fx.userHome.toString(), fx.work.toString());
    // the "server": LD_PRELOAD set, a vault value in its own environment
    pb.environment().put("LD_PRELOAD", "/nonexistent/ironclaw4j-test-preload.so");
    pb.environment().put("DYLD_INSERT_LIBRARIES", "/nonexistent/x.dylib");
    pb.environment().put("GITHUB_TOKEN", SandboxFixture.VAULT_VALUE);
    pb.environment().put("SERVER_ONLY_VARIABLE", "server-only");
    Process server = pb.start();
    server.getOutputStream().close();
    String out = new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(server.waitFor(60, TimeUnit.SECONDS) && server.exitValue() == 0, out + err);

    Map<String, String> childEnv = new HashMap<>();
    out.lines().filter(l -> l.contains("=")).forEach(l -> childEnv.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    assertEquals("from-spec", childEnv.get("FROM_SPEC"), out);
    assertEquals(ChildEnvironment.PATH, childEnv.get("PATH"), out);
    assertFalse(out.contains("LD_") || out.contains("DYLD_"), out);
    assertFalse(out.contains(SandboxFixture.VAULT_VALUE) || out.contains("GITHUB_TOKEN"), out);
    assertFalse(out.contains("SERVER_ONLY_VARIABLE"), "nothing is inherited:\n" + out);
    // bwrap and the namespaces' shell set PWD (and OLDPWD) for the directory they change to
    assertTrue(Set.of("PATH", "HOME", "LANG", "FROM_SPEC", "PWD", "OLDPWD").containsAll(childEnv.keySet()), out);
  }

  /** The "server" of the environment test: starts {@code env} in the named sandbox and prints what it printed. */
  public static final class EnvPrinter {
    public static void main(String[] args) throws Exception {
      SandboxPolicy policy = new SandboxPolicy(Path.of(args[1]), Path.of(args[2]), List.of(),
          new LeakDetector(SandboxFixture.secrets(System.getenv("GITHUB_TOKEN"))));
      List<String> notes = new ArrayList<>();
      ProcessSandbox sandbox = switch (args[0]) {
        case "bubblewrap" -> ProcessSandboxes.bubblewrap(policy, notes).orElseThrow();
        case "namespaces" -> ProcessSandboxes.namespaces(policy, notes).orElseThrow();
        default -> ProcessSandboxes.none(policy);
      };
      Result r = SandboxFixture.run(sandbox, new Spec(List.of("env"), Path.of(args[3]), Map.of("FROM_SPEC", "from-spec"), Network.NONE));
      System.out.print(r.out());
      System.exit(r.exit());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bubblewrap", "namespaces", "none"})
  void aVaultValueOrALoaderVariableInTheSpecIsRefused(String mechanism) {
    ProcessSandbox sandbox = fx.sandbox(mechanism);
    SandboxException secret = assertThrows(SandboxException.class, () -> sandbox.start(
        new Spec(List.of("true"), fx.work, Map.of("TOKEN", "Bearer " + SandboxFixture.VAULT_VALUE), Network.NONE)));
    assertEquals("env-holds-secret", secret.reason());
    assertFalse(secret.getMessage().contains(SandboxFixture.VAULT_VALUE), secret.getMessage());
    for (String name : List.of("LD_PRELOAD", "LD_LIBRARY_PATH", "ld_audit", "DYLD_INSERT_LIBRARIES")) {
      SandboxException e = assertThrows(SandboxException.class,
          () -> sandbox.start(new Spec(List.of("true"), fx.work, Map.of(name, "/x.so"), Network.NONE)));
      assertEquals("env-unsafe", e.reason(), name);
    }
  }

  @Test
  void environmentSizeIsLimited() {
    Map<String, String> atLimit = new HashMap<>();
    for (int i = 0; i < 256; i++) {
      atLimit.put("V" + i, "x");
    }
    LeakDetector secrets = new LeakDetector();
    assertEquals(256 + 3, ChildEnvironment.of(atLimit, "/h", secrets).size(), "PATH, HOME, LANG and 256 variables");
    atLimit.put("ONE_MORE", "x");
    assertEquals("env-too-large", assertThrows(SandboxException.class, () -> ChildEnvironment.of(atLimit, "/h", secrets)).reason());
    Map<String, String> big = Map.of("BIG", "x".repeat(128 * 1024));
    assertEquals("env-too-large", assertThrows(SandboxException.class, () -> ChildEnvironment.of(big, "/h", secrets)).reason());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bubblewrap", "namespaces"})
  void childWritesOnlyItsWorkDirAndNeverGitHooksOrTheHome(String mechanism) throws Exception {
    Files.createDirectories(fx.work.resolve(".git/hooks"));
    String script = """
        for f in "$@"; do if echo pwned > "$f" 2>/dev/null; then echo "wrote $f"; else echo "denied $f"; fi; done
        """;
    String inWork = fx.work.resolve("output.txt").toString();
    String hook = fx.work.resolve(".git/hooks/pre-commit").toString();
    String bashrc = fx.userHome.resolve(".bashrc").toString();
    String outside = fx.base.resolve("outside.txt").toString();
    Result r = fx.sh(fx.sandbox(mechanism), Network.NONE, script, inWork, hook, bashrc, outside);
    assertOk(r);
    assertEquals(List.of("wrote " + inWork, "denied " + hook, "denied " + bashrc, "denied " + outside), r.out().lines().toList());
    assertTrue(Files.exists(Path.of(inWork)));
    assertFalse(Files.exists(Path.of(hook)) || Files.exists(Path.of(bashrc)) || Files.exists(Path.of(outside)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bubblewrap", "namespaces"})
  void childHasASessionOfItsOwnNoTerminalNoCapabilitiesNoNewPrivileges(String mechanism) throws Exception {
    // /proc/PID/stat after "pid (comm) ": state ppid pgrp session tty_nr ...; a session led outside the
    // child's pid namespace (the server's) reads as 0
    String script = """
        set -- $(sed 's/^.*) //' /proc/$$/stat)
        echo "own-session=$( [ "$4" -gt 0 ] && echo yes || echo no ) controlling-terminal=$5"
        grep -E '^(CapEff|CapBnd|NoNewPrivs):' /proc/$$/status | tr -s '\t' ' '
        if [ -e /dev/tty ] && (: < /dev/tty) 2>/dev/null; then echo tty=open; else echo tty=none; fi
        """;
    Result r = fx.sh(fx.sandbox(mechanism), Network.NONE, script);
    assertOk(r);
    assertEquals(List.of("own-session=yes controlling-terminal=0", "CapEff: 0000000000000000", "CapBnd: 0000000000000000", "NoNewPrivs: 1", "tty=none"),
        r.out().lines().toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bubblewrap", "namespaces"})
  void destroyingTheProcessKillsTheSandboxedChild(String mechanism) throws Exception {
    String marker = "987" + (System.nanoTime() % 1000) + ".5";
    Process p = fx.sandbox(mechanism).start(new Spec(List.of("/bin/sh", "-c", "echo started; exec sleep " + marker),
        fx.work, Map.of(), Network.NONE));
    assertEquals("started", new String(p.getInputStream().readNBytes(7), StandardCharsets.UTF_8));
    long started = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sleepers(marker) == 0 && System.nanoTime() < started) {
      Thread.sleep(20); // from "started" to the exec of sleep
    }
    assertTrue(sleepers(marker) > 0, "the child runs");
    p.destroy();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sleepers(marker) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(0, sleepers(marker), "the sandboxed child outlived its sandbox");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bubblewrap", "namespaces"})
  void aWorkDirThatWouldExposeWhatIsHiddenIsRefused(String mechanism) throws Exception {
    ProcessSandbox sandbox = fx.sandbox(mechanism);
    Path inHome = Files.createDirectories(fx.ironclawHome.resolve("tools"));
    Path inSsh = Files.createDirectories(fx.userHome.resolve(".ssh/keys"));
    assertEquals("work-dir-hidden", startIn(sandbox, inHome).reason());
    assertEquals("work-dir-hidden", startIn(sandbox, inSsh).reason());
    assertEquals("work-dir-too-wide", startIn(sandbox, fx.userHome).reason());
    assertEquals("work-dir-too-wide", startIn(sandbox, Path.of("/")).reason());
    assertEquals("work-dir-invalid", startIn(sandbox, fx.base.resolve("missing")).reason());
  }

  @Test
  void aWorkDirTooLargeToSearchForDotEnvFilesIsRefused() throws Exception {
    int limit = 100; // the real one, View.MAX_WALK_ENTRIES, works the same way, only slower to test
    Path big = Files.createDirectories(fx.work.resolve("big"));
    for (int i = 0; i < limit - 3; i++) {
      Files.createFile(big.resolve("f" + i));
    }
    fx.write(big.resolve(".env"), "X=1");
    // the work dir, big/, its files and .env: exactly at the limit
    assertEquals(List.of(fx.keyFile.toRealPath(), big.resolve(".env").toRealPath()), View.of(fx.policy, fx.work, limit).hiddenFiles());
    Files.createFile(big.resolve("one-more"));
    assertEquals("work-dir-too-large", assertThrows(SandboxException.class, () -> View.of(fx.policy, fx.work, limit)).reason());
  }

  @Test
  void noneIsReportedAsNotIsolating() {
    ProcessSandbox none = ProcessSandboxes.none(fx.policy);
    assertEquals("none", none.mechanism());
    assertFalse(none.isolates());
  }

  @Test
  void detectionFindsAnIsolatingSandboxAndSaysWhatItTried() {
    ProcessSandboxes.Detection d = ProcessSandboxes.detect(fx.policy);
    assertFalse(d.notes().isEmpty());
    if (!d.sandbox().isolates()) {
      if (SandboxFixture.inCi()) {
        fail("no sandbox works in CI: " + d.notes());
      }
      assumeTrue(false, "no sandbox mechanism works on this machine: " + d.notes());
    }
    assertTrue(List.of("bubblewrap", "namespaces").contains(d.sandbox().mechanism()), d.sandbox().mechanism());
    if (SandboxFixture.inCi()) {
      assertEquals("bubblewrap", d.sandbox().mechanism(), "CI installs bubblewrap: " + d.notes());
    }
    System.out.println("sandbox detection: " + d.sandbox().mechanism() + " " + d.notes());
  }

  private SandboxException startIn(ProcessSandbox sandbox, Path dir) {
    return assertThrows(SandboxException.class, () -> sandbox.start(new Spec(List.of("true"), dir, Map.of(), Network.NONE)));
  }

  private static long sleepers(String marker) {
    return ProcessHandle.allProcesses()
        .filter(h -> h.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false))
        .count();
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
    for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress a : nic.inetAddresses().toList()) {
          if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
            return Optional.of(a);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The start of the first readable mapping of this JVM (its executable), from /proc/self/maps. */
  private static long firstMappedAddress() throws Exception {
    String first = Files.readAllLines(Path.of("/proc/self/maps")).stream()
        .filter(l -> l.split("\\s+")[1].startsWith("r")).findFirst().orElseThrow();
    return Long.parseUnsignedLong(first.substring(0, first.indexOf('-')), 16);
  }

  private static byte[] ownMemory(long addr) throws Exception {
    try (RandomAccessFile mem = new RandomAccessFile("/proc/self/mem", "r")) {
      mem.seek(addr);
      byte[] b = new byte[16];
      mem.readFully(b);
      return b;
    }
  }
}

package dev.ironclaw4j.server.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProcessHardeningTest {
  @Test
  void serverProcessBecomesNonDumpableOnLinux() throws Exception {
    assumeTrue(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"), "Linux only");
    // In a child JVM, so this test JVM stays dumpable for the tools that inspect it.
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        Probe.class.getName()).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("before=1 after=0 status=true"), out);
  }

  @Test
  void filesCreatedAfterOwnerOnlyFilesAreTheOwnersOnlyWhateverTheUmask() throws Exception {
    assumeTrue(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"), "Linux only");
    assumeTrue(Runtime.version().feature() >= 22, "FFM is final from Java 22");
    // In a child JVM started with a permissive umask, so this test JVM's umask stays as it is.
    String java = ProcessHandle.current().info().command().orElse("java");
    Path dir = Files.createTempDirectory("umask-probe");
    Process p = new ProcessBuilder("/bin/sh", "-c", "umask 022; exec \"$@\"", "sh",
        java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        UmaskProbe.class.getName(), dir.toString()).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("before: file rw-r--r-- folder rwxr-xr-x"), "the probe starts permissive: " + out);
    assertTrue(out.contains("after: file rw------- folder rwx------ status=true"), out);
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** Runs in the child JVM: creates a file and a folder before and after {@link ProcessHardening#ownerOnlyFiles()}. */
  public static final class UmaskProbe {
    public static void main(String[] args) throws Exception {
      Path dir = Path.of(args[0]);
      System.out.println("before: " + create(dir.resolve("a")));
      ProcessHardening.FileModes s = ProcessHardening.ownerOnlyFiles();
      System.out.println("after: " + create(dir.resolve("b")) + " status=" + s.ownerOnly() + " " + s.detail());
    }

    private static String create(Path base) throws Exception {
      Path file = Files.writeString(base.resolveSibling(base.getFileName() + ".txt"), "x");
      Path folder = Files.createDirectory(base);
      return "file " + PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
          + " folder " + PosixFilePermissions.toString(Files.getPosixFilePermissions(folder));
    }
  }

  /** Runs in the child JVM. */
  public static final class Probe {
    public static void main(String[] args) {
      int before = ProcessHardening.dumpable();
      ProcessHardening.Status s = ProcessHardening.makeNonDumpable();
      System.out.println("before=" + before + " after=" + ProcessHardening.dumpable() + " status=" + s.nonDumpable() + " " + s.detail());
    }
  }
}

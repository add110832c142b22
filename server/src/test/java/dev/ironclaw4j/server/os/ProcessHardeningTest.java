package dev.ironclaw4j.server.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
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

  /** Runs in the child JVM. */
  public static final class Probe {
    public static void main(String[] args) {
      int before = ProcessHardening.dumpable();
      ProcessHardening.Status s = ProcessHardening.makeNonDumpable();
      System.out.println("before=" + before + " after=" + ProcessHardening.dumpable() + " status=" + s.nonDumpable() + " " + s.detail());
    }
  }
}

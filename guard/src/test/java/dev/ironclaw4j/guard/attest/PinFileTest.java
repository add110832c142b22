package dev.ironclaw4j.guard.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinFileTest {
  @TempDir Path home;

  @Test
  void pinsRoundTripInAnOwnerOnlyFile() throws Exception {
    PinFile f = new PinFile(home.resolve("attest").resolve("pins.json"));
    assertEquals(AttestationPolicy.unpinned(), f.policy("near-ai"));
    AttestationPolicy p = new AttestationPolicy(Map.of("compose-hash", Set.of("ab".repeat(32)), "image", Set.of("sha256:" + "1".repeat(64))),
        Set.of("UpToDate"), true, Duration.ofHours(24), Duration.ofMinutes(5));
    f.put("near-ai", new PinFile.Entry("near-ai", "https://cloud-api.near.ai", "m/x", p, Instant.parse("2026-06-01T00:00:00Z"), "trust on first use"));
    assertEquals(p, f.policy("near-ai"));
    assertEquals("m/x", f.get("near-ai").orElseThrow().model());
    if (f.path().getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.path())));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.path().getParent())));
    }
    try (var files = Files.list(f.path().getParent())) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void aDamagedFileIsAnErrorNotNothingPinned() throws Exception {
    PinFile f = new PinFile(home.resolve("pins.json"));
    Files.writeString(f.path(), "{\"version\":1,\"providers\":{\"x\":{\"pins\":{\"mrtd\":[\"NOT HEX\"]}}}}");
    assertEquals(Reason.PIN_FILE_INVALID, assertThrows(AttestationException.class, () -> f.policy("x")).reason());
    Files.writeString(f.path(), " ".repeat(Limits.MAX_PIN_FILE_BYTES + 1));
    assertEquals(Reason.PIN_FILE_INVALID, assertThrows(AttestationException.class, f::load).reason());
  }

  @Test
  void unknownPinFieldsAndBadNamesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> AttestationPolicy.unpinned().withPins(Map.of("rtmr3", Set.of("00"))));
    PinFile f = new PinFile(home.resolve("pins.json"));
    assertThrows(IllegalArgumentException.class, () -> f.put("../x", new PinFile.Entry("near-ai", "u", "m", AttestationPolicy.unpinned(),
        Instant.EPOCH, "manual")));
    assertTrue(f.load().isEmpty());
  }
}

package dev.ironclaw4j.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile bytes: thousands of mutants of real tool modules (bytes flipped, truncated, spliced) must
 * each be either refused with a {@link SandboxException} or load and run under the limits; never any
 * other exception, and never a hang.
 */
class MutatedModuleTest {
  @Test
  void mutatedModulesAreRefusedOrRunWithinLimits() throws Exception {
    ToolManifest mf = Manifests.parse(Manifests.json("mutant", List.of(), List.of(), Manifests.limits(500, 100_000, 4, 4096, 0)));
    List<byte[]> seeds = List.of(Modules.echo(), Modules.countdown(10), Modules.growBomb(), Modules.http("{\"url\":\"http://x.test/\"}"));
    Random rnd = new Random(42);
    int refused = 0;
    int ran = 0;
    for (int i = 0; i < 3000; i++) {
      byte[] m = seeds.get(i % seeds.size()).clone();
      switch (rnd.nextInt(3)) {
        case 0 -> {
          for (int k = 0; k <= rnd.nextInt(3); k++) {
            m[8 + rnd.nextInt(m.length - 8)] = (byte) rnd.nextInt(256);
          }
        }
        case 1 -> m = java.util.Arrays.copyOf(m, 8 + rnd.nextInt(m.length - 8));
        default -> m[8 + rnd.nextInt(m.length - 8)] ^= (byte) (1 << rnd.nextInt(8));
      }
      SandboxedModule loaded;
      try {
        loaded = SandboxedModule.load(m, mf, i % 2 == 0 ? Mode.COMPILED : Mode.INTERPRETER);
      } catch (SandboxException e) {
        refused++;
        continue;
      } catch (RuntimeException | Error e) {
        fail("mutant " + i + " escaped with " + e, e);
        return;
      }
      try (loaded) {
        loaded.invoke("{}", HostServices.none());
        ran++;
      } catch (SandboxException e) {
        ran++;
      } catch (RuntimeException | Error e) {
        fail("mutant " + i + " failed at run time with " + e, e);
      }
    }
    assertEquals(3000, refused + ran);
    System.out.println("mutants refused: " + refused + ", loaded and ran within limits: " + ran);
  }
}

package dev.ironclaw4j.guard.attest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the last collateral fetched per platform, for when Intel's service cannot be reached. A cached
 * copy is re-verified on every use (its signatures, its {@code nextUpdate}) and used only within the
 * age the user allowed; tampering with the cache can therefore only make verification fail or fall
 * back to older, still-signed collateral within that age.
 */
public interface CollateralCache {
  Optional<Collateral> load(String key);

  void store(String key, Collateral collateral);

  /** A cache in memory, for one process. */
  static CollateralCache inMemory() {
    Map<String, Collateral> map = new ConcurrentHashMap<>();
    return new CollateralCache() {
      @Override
      public Optional<Collateral> load(String key) {
        return Optional.ofNullable(map.get(key)).map(Collateral::asCached);
      }

      @Override
      public void store(String key, Collateral collateral) {
        map.put(key, collateral);
      }
    };
  }

  /** A cache in a directory (created owner-only), one file per platform, written atomically with mode 0600. */
  static CollateralCache directory(Path dir) {
    return new CollateralCache() {
      @Override
      public Optional<Collateral> load(String key) {
        Path f = dir.resolve(fileName(key));
        try {
          if (!Files.isRegularFile(f) || Files.size(f) > 4L * Limits.MAX_COLLATERAL_BYTES) {
            return Optional.empty();
          }
          return Optional.of(Collateral.deserialize(Files.readAllBytes(f)));
        } catch (IOException | RuntimeException e) {
          return Optional.empty(); // unreadable or damaged: as if absent (verification then fails closed)
        }
      }

      @Override
      public void store(String key, Collateral collateral) {
        try {
          OwnerOnlyFiles.write(dir.resolve(fileName(key)), collateral.serialize());
        } catch (IOException e) {
          System.getLogger("ironclaw4j.attest").log(System.Logger.Level.WARNING, "cannot cache collateral in " + dir + ": " + e.getMessage());
        }
      }
    };
  }

  private static String fileName(String key) {
    if (!key.matches("[a-z0-9-]{1,64}")) {
      throw new IllegalArgumentException("bad cache key");
    }
    return key + ".json";
  }
}

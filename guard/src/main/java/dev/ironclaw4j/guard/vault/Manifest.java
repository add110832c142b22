package dev.ironclaw4j.guard.vault;

import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The authenticated list of every record's name and current version, stored encrypted under the
 * keyset. A record whose stored version is not the manifest's (rolled back, restored from an old copy,
 * deleted, or added outside the vault) is detected. {@code generation} only grows: every write takes
 * the next number as its version, so an old ciphertext of a deleted-then-recreated secret never
 * matches again.
 */
record Manifest(long generation, SortedMap<String, Long> versions) {
  private static final byte[] AD = VaultCrypto.bytes("ironclaw4j/vault/manifest/v1");

  static final Manifest EMPTY = new Manifest(0, new TreeMap<>());

  Manifest {
    versions = Collections.unmodifiableSortedMap(new TreeMap<>(versions));
  }

  Manifest with(String name, long version) {
    TreeMap<String, Long> m = new TreeMap<>(versions);
    m.put(name, version);
    return new Manifest(Math.max(generation, version), m);
  }

  Manifest without(String name) {
    TreeMap<String, Long> m = new TreeMap<>(versions);
    m.remove(name);
    return new Manifest(generation + 1, m);
  }

  byte[] encrypt(Aead aead) {
    StringBuilder b = new StringBuilder("generation=").append(generation).append('\n');
    for (Map.Entry<String, Long> e : versions.entrySet()) {
      b.append(e.getKey()).append('=').append(e.getValue()).append('\n');
    }
    try {
      return aead.encrypt(b.toString().getBytes(StandardCharsets.UTF_8), AD);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt the vault manifest", e);
    }
  }

  static Manifest decrypt(byte[] ciphertext, Aead aead) throws GeneralSecurityException {
    String text = new String(aead.decrypt(ciphertext, AD), StandardCharsets.UTF_8);
    long generation = -1;
    TreeMap<String, Long> m = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.lastIndexOf('=');
      String key = line.substring(0, eq);
      long value = Long.parseLong(line.substring(eq + 1));
      if (key.equals("generation")) {
        generation = value;
      } else {
        m.put(key, value);
      }
    }
    if (generation < 0) {
      throw new GeneralSecurityException("manifest without generation");
    }
    return new Manifest(generation, m);
  }
}

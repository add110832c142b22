package dev.ironclaw4j.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvTest {
  @TempDir
  Path dir;

  private static String call(String request, HostServices services) throws Exception {
    try (SandboxedModule m = SandboxedModule.load(Modules.host("kv", request), Manifests.plain("keeper"), Mode.COMPILED)) {
      return m.invoke("{}", services);
    }
  }

  @Test
  void valuesPersistAcrossCallsAndRestarts() throws Exception {
    Path file = dir.resolve("keeper.kv.json");
    HostServices s = HostServices.none().withKv(KvStore.persistent(file));
    assertEquals("{\"value\":null}", call("{\"op\":\"get\",\"key\":\"cursor\"}", s));
    assertEquals("{\"ok\":true}", call("{\"op\":\"set\",\"key\":\"cursor\",\"value\":\"page-2\"}", s));
    assertEquals("{\"value\":\"page-2\"}", call("{\"op\":\"get\",\"key\":\"cursor\"}", s));

    HostServices restarted = HostServices.none().withKv(KvStore.persistent(file));
    assertEquals("{\"value\":\"page-2\"}", call("{\"op\":\"get\",\"key\":\"cursor\"}", restarted));
    assertEquals("{\"deleted\":true}", call("{\"op\":\"delete\",\"key\":\"cursor\"}", restarted));
    assertEquals("{\"value\":null}", call("{\"op\":\"get\",\"key\":\"cursor\"}", HostServices.none().withKv(KvStore.persistent(file))));
  }

  @Test
  void eachToolSeesOnlyItsOwnStore() throws Exception {
    HostServices a = HostServices.none().withKv(KvStore.inMemory());
    HostServices b = HostServices.none().withKv(KvStore.inMemory());
    call("{\"op\":\"set\",\"key\":\"k\",\"value\":\"a\"}", a);
    assertEquals("{\"value\":null}", call("{\"op\":\"get\",\"key\":\"k\"}", b));
  }

  @Test
  void storeIsCappedAtItsLimits() throws Exception {
    KvStore s = KvStore.inMemory();
    s.put("k", "v".repeat(KvStore.MAX_VALUE));
    assertEquals("kv-limit", assertThrows(SandboxException.class, () -> s.put("k", "v".repeat(KvStore.MAX_VALUE + 1))).reason());
    assertEquals("kv-limit", assertThrows(SandboxException.class, () -> s.put("x".repeat(KvStore.MAX_KEY + 1), "")).reason());
    for (int i = 0; i < 14; i++) {
      s.put("f" + i, "v".repeat(KvStore.MAX_VALUE));
    }
    assertEquals("kv-limit", assertThrows(SandboxException.class, () -> s.put("last", "v".repeat(KvStore.MAX_VALUE))).reason());
    String out = call("{\"op\":\"set\",\"key\":\"k\"}", HostServices.none());
    assertTrue(out.contains("bad-request"), out);
    assertTrue(call("{\"op\":\"drop\",\"key\":\"k\"}", HostServices.none()).contains("bad-request"));
  }

  @Test
  void corruptStoreFileStartsEmpty() throws Exception {
    Path file = dir.resolve("bad.kv.json");
    Files.writeString(file, "{not json");
    assertEquals(Optional.empty(), KvStore.persistent(file).get("k"));
  }
}

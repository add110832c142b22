package dev.ironclaw4j.toolsmith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Declarations in the source become the manifest, every limit written out. */
class ManifestGeneratorTest {
  private static final String DECL = """
      {"class": "T", "line": 3, "tool": {"name": "gh", "version": "1.2.0", "description": "d"},
       "params": [{"name": "repo", "type": "string", "description": "owner/name", "required": true},
                  {"name": "n", "type": "integer", "description": "", "required": false}],
       "http": [{"value": "https://api.github.com/repos/*", "methods": ["GET", "POST"], "allowPrivate": false}],
       "secrets": ["GITHUB_TOKEN"], "workspace_read": [], "examples": [{"input": "{\\"repo\\": \\"a/b\\"}", "output": "{}"}]}
      """;

  @Test
  void declarationsBecomeTheManifest() {
    ManifestGenerator.Generated g = ManifestGenerator.generate(BuildWorker.JSON.readTree(DECL));
    assertEquals("gh", g.manifest().name());
    assertEquals("https://api.github.com:443/repos/* GET,POST", g.manifest().http().get(0).text());
    assertEquals(java.util.List.of("GITHUB_TOKEN"), g.manifest().secrets());
    assertEquals("{\"additionalProperties\":false,\"properties\":{\"n\":{\"type\":\"integer\"},\"repo\":{\"description\":\"owner/name\","
        + "\"type\":\"string\"}},\"required\":[\"repo\"],\"type\":\"object\"}", BuildWorker.JSON.writeValueAsString(
            BuildWorker.JSON.readTree(g.json()).path("input_schema")));
    assertEquals(ManifestGenerator.DEFAULT_HTTP_CALLS, g.manifest().limits().httpCalls());
    assertEquals(128, g.manifest().limits().heapMb());
    assertTrue(g.json().contains("\"heap_mb\":128"), g.json());
    assertEquals(1, g.examples().size());
  }

  @Test
  void invalidDeclarationsAreRefusedWithTheReason() {
    String badName = DECL.replace("\"name\": \"gh\"", "\"name\": \"Not Snake\"");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ManifestGenerator.generate(BuildWorker.JSON.readTree(badName)));
    assertTrue(e.getMessage().contains("name"), e.getMessage());
    String badType = DECL.replace("\"type\": \"integer\"", "\"type\": \"int\"");
    assertThrows(IllegalArgumentException.class, () -> ManifestGenerator.generate(BuildWorker.JSON.readTree(badType)));
  }

  @Test
  void exampleOutputIsMatchedAsASubset() {
    var want = BuildWorker.JSON.readTree("{\"a\": 1, \"b\": {\"c\": \"x\"}}");
    assertEquals(null, Toolsmith.subset("", want, BuildWorker.JSON.readTree("{\"a\": 1.0, \"b\": {\"c\": \"x\", \"d\": 2}, \"e\": 3}")));
    assertTrue(Toolsmith.subset("", want, BuildWorker.JSON.readTree("{\"a\": 2, \"b\": {\"c\": \"x\"}}")).contains("expected a = 1"));
    assertTrue(Toolsmith.subset("", want, BuildWorker.JSON.readTree("{\"a\": 1}")).contains("expected field b"));
  }
}

package dev.ironclaw4j.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolManifestTest {
  static final String FULL = """
      {"abi": 1, "name": "github_issues", "version": "1.2.0", "description": "Lists issues of a repository.",
       "input_schema": {"type": "object", "properties": {"repo": {"type": "string"}}, "required": ["repo"]},
       "output_schema": {"type": "object"},
       "http": ["https://api.github.com/repos/* GET"],
       "secrets": ["GITHUB_TOKEN"],
       "workspace_read": ["docs/"],
       "limits": {"wall_time_ms": 5000, "fuel": 50000000, "memory_pages": 32, "output_bytes": 65536, "http_calls": 3}}
      """;

  static SandboxException refused(String json) {
    return assertThrows(SandboxException.class, () -> ToolManifest.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void fullManifestParses() {
    ToolManifest m = Manifests.parse(FULL);
    assertEquals("github_issues", m.name());
    assertEquals("https://api.github.com:443/repos/* GET", m.http().getFirst().text());
    assertEquals(List.of("GITHUB_TOKEN"), m.secrets());
    assertEquals(List.of("docs/"), m.workspaceRead());
    assertEquals(new Limits(Duration.ofSeconds(5), 50_000_000, 32, 65536, 3), m.limits());
  }

  @Test
  void nothingIsGrantedByDefault() {
    ToolManifest m = Manifests.plain("bare");
    assertEquals(List.of(), m.http());
    assertEquals(List.of(), m.secrets());
    assertEquals(List.of(), m.workspaceRead());
  }

  @Test
  void limitsHaveNoDefaults() {
    SandboxException e = refused(FULL.replace("\"fuel\": 50000000, ", ""));
    assertEquals("bad-manifest", e.reason());
    assertTrue(e.getMessage().contains("limits.fuel: missing"), e.getMessage());
    assertTrue(refused(FULL.replaceAll("\"limits\": \\{[^}]*}", "\"limits\": null")).getMessage().contains("limits: missing"));
  }

  @Test
  void errorsNameTheField() {
    assertTrue(refused(FULL.replace("\"memory_pages\": 32", "\"memory_pages\": 99999")).getMessage().contains("limits.memory_pages"));
    assertTrue(refused(FULL.replace("\"wall_time_ms\": 5000", "\"wall_time_ms\": 0")).getMessage().contains("limits.wall_time_ms"));
    assertTrue(refused(FULL.replace("GET\"]", "FETCH\"]")).getMessage().contains("http[0]"));
    assertTrue(refused(FULL.replace("https://api.github.com", "ftp://api.github.com")).getMessage().contains("http[0]"));
    assertTrue(refused(FULL.replace("\"GITHUB_TOKEN\"", "\"BAD NAME\"")).getMessage().contains("secrets"));
    assertTrue(refused(FULL.replace("\"docs/\"", "\"../etc\"")).getMessage().contains("workspace_read"));
    assertTrue(refused(FULL.replace("\"docs/\"", "\"/etc\"")).getMessage().contains("workspace_read"));
    assertTrue(refused(FULL.replace("github_issues", "GitHub")).getMessage().contains("name"));
    assertTrue(refused(FULL.replace("1.2.0", "latest")).getMessage().contains("version"));
    assertTrue(refused(FULL.replace("\"abi\": 1", "\"abi\": 2")).getMessage().contains("abi"));
    String plain = Manifests.json("t", List.of(), List.of(), Manifests.defaultLimits());
    assertTrue(refused(plain.replace("\"input_schema\": {\"type\": \"object\"}", "\"input_schema\": []")).getMessage().contains("input_schema"));
  }

  @Test
  void gcHeapIsOptionalBoundedAndPartOfTheDigestOnlyWhenStated() {
    String withHeap = FULL.replace("\"http_calls\": 3", "\"http_calls\": 3, \"heap_mb\": 128");
    assertEquals(128, Manifests.parse(withHeap).limits().heapMb());
    assertTrue(Manifests.parse(withHeap).canonicalJson().contains("\"heap_mb\":128"));
    assertEquals(0, Manifests.parse(FULL).limits().heapMb());
    assertTrue(!Manifests.parse(FULL).canonicalJson().contains("heap_mb"), "digests of linear-memory manifests are unchanged");
    assertTrue(refused(withHeap.replace("128", "16")).getMessage().contains("limits.heap_mb"));
    assertTrue(refused(withHeap.replace("128", "5000")).getMessage().contains("limits.heap_mb"));
  }

  @Test
  void invokeAliasesAreValidated() {
    String ok = FULL.replace("\"limits\"", "\"invoke\": {\"search\": \"mcp.web_search\"}, \"limits\"");
    assertEquals(java.util.Map.of("search", "mcp.web_search"), Manifests.parse(ok).invoke());
    assertTrue(Manifests.parse(ok).canonicalJson().contains("\"invoke\":{\"search\":\"mcp.web_search\"}"));
    assertTrue(refused(ok.replace("\"search\":", "\"Search\":")).getMessage().contains("invoke"));
    assertTrue(refused(ok.replace("mcp.web_search", "rm -rf")).getMessage().contains("invoke.search"));
    assertTrue(refused(ok.replace("{\"search\": \"mcp.web_search\"}", "[\"x\"]")).getMessage().contains("invoke"));
    assertEquals(java.util.Map.of(), Manifests.parse(FULL).invoke());
  }

  @Test
  void unknownFieldsAreRefusedNotIgnored() {
    SandboxException e = refused(FULL.replace("\"abi\": 1,", "\"abi\": 1, \"network\": \"*\","));
    assertTrue(e.getMessage().contains("network: unknown field"), e.getMessage());
    assertTrue(refused(FULL.replace("\"fuel\"", "\"cpu\": 1, \"fuel\"")).getMessage().contains("limits.cpu"));
  }

  @Test
  void manifestSizeIsCappedAtTheLimit() {
    String pad = " ".repeat(ToolManifest.MAX_MANIFEST_BYTES - FULL.length());
    assertEquals("github_issues", Manifests.parse(FULL + pad).name());
    assertTrue(refused(FULL + pad + " ").getMessage().contains("limit is " + ToolManifest.MAX_MANIFEST_BYTES));
  }

  @Test
  void malformedJsonIsRefused() {
    assertEquals("bad-manifest", refused("{\"abi\": 1,").reason());
    assertEquals("bad-manifest", refused("[]").reason());
    assertEquals("bad-manifest", refused("{}").reason());
  }

  @Test
  void canonicalJsonIgnoresKeyOrderAndSpelling() {
    String reordered = FULL.replace("\"output_schema\": {\"type\": \"object\"},", "")
        .replace("\"abi\": 1,", "\"abi\": 1, \"output_schema\": {\"type\": \"object\"},")
        .replace("https://api.github.com/repos/*", "https://API.github.com:443/repos/*");
    assertEquals(Manifests.parse(FULL).canonicalJson(), Manifests.parse(reordered).canonicalJson());
    String wider = FULL.replace("\"http_calls\": 3", "\"http_calls\": 4");
    assertTrue(!Manifests.parse(FULL).canonicalJson().equals(Manifests.parse(wider).canonicalJson()));
  }

  @Test
  void schemasAreDefensivelyCopied() {
    ToolManifest m = Manifests.parse(FULL);
    ((tools.jackson.databind.node.ObjectNode) m.inputSchema()).put("type", "string");
    assertEquals("object", m.inputSchema().get("type").asString());
  }
}

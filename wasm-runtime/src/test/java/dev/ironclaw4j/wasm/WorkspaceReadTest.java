package dev.ironclaw4j.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WorkspaceReadTest {
  @TempDir
  Path root;
  @TempDir
  Path outside;
  ToolManifest manifest;

  @BeforeEach
  void files() throws Exception {
    Files.createDirectories(root.resolve("docs/sub"));
    Files.writeString(root.resolve("docs/readme.md"), "hello docs");
    Files.writeString(root.resolve("docs/sub/deep.txt"), "deep");
    Files.writeString(root.resolve("docsevil.md"), "evil");
    Files.writeString(root.resolve(".env"), "SECRET=1");
    Files.writeString(outside.resolve("private.txt"), "private");
    Files.createSymbolicLink(root.resolve("docs/escape.txt"), outside.resolve("private.txt"));
    Files.createSymbolicLink(root.resolve("docs/env-link"), root.resolve(".env"));
    Files.write(root.resolve("docs/big.txt"), new byte[WorkspaceReader.MAX_FILE_BYTES + 1]);
    Files.write(root.resolve("docs/binary.bin"), new byte[] {(byte) 0xff, (byte) 0xfe});
    manifest = Manifests.parse(Manifests.json("reader", List.of(), List.of(), Manifests.defaultLimits())
        .replace("\"http\"", "\"workspace_read\": [\"docs/\"], \"http\""));
  }

  private JsonNode read(String path, HostServices services) throws Exception {
    try (SandboxedModule m = SandboxedModule.load(Modules.host("workspace_read", path), manifest, Mode.COMPILED)) {
      return JsonMapper.shared().readTree(m.invoke("{}", services));
    }
  }

  private String reason(String path) throws Exception {
    return read(path, HostServices.none().withWorkspace(root)).path("error").path("reason").asString();
  }

  @Test
  void readsFilesUnderAGrantedPrefix() throws Exception {
    assertEquals("hello docs", read("docs/readme.md", HostServices.none().withWorkspace(root)).path("content").asString());
    assertEquals("deep", read("docs/sub/deep.txt", HostServices.none().withWorkspace(root)).path("content").asString());
  }

  @Test
  void workspaceReadOutsideThePrefixesIsDenied() throws Exception {
    for (String p : List.of(".env", "docsevil.md", "docs/../.env", "/etc/passwd", "./docs/readme.md", "docs\\..\\.env", "C:/x")) {
      assertEquals("path-not-allowed", reason(p), p);
    }
  }

  @Test
  void symbolicLinksOutOfThePrefixesAreDenied() throws Exception {
    assertEquals("path-not-allowed", reason("docs/escape.txt"));
    assertEquals("path-not-allowed", reason("docs/env-link"));
  }

  @Test
  void sizeTypeAndExistenceAreChecked() throws Exception {
    assertEquals("too-large", reason("docs/big.txt"));
    assertEquals("not-text", reason("docs/binary.bin"));
    assertEquals("not-found", reason("docs/missing.md"));
    assertEquals("not-found", reason("docs/sub"));
  }

  @Test
  void nothingIsReadableWithoutAGrantOrAWorkspace() throws Exception {
    assertEquals("path-not-allowed", read("docs/readme.md", HostServices.none()).path("error").path("reason").asString());
    try (SandboxedModule m = SandboxedModule.load(Modules.host("workspace_read", "docs/readme.md"), Manifests.plain("reader"), Mode.COMPILED)) {
      String out = m.invoke("{}", HostServices.none().withWorkspace(root));
      assertTrue(out.contains("path-not-allowed") && !out.contains("hello docs"), out);
    }
  }
}

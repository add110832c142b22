package dev.ironclaw4j.server.channels.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.server.channels.ChannelFixture;
import dev.ironclaw4j.server.channels.ChannelFixture.VaultState;
import dev.ironclaw4j.server.channels.ToolBuilds;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ApprovalAnswer;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ToolsBuildParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ToolsBuildResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ToolsCallParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ToolsCallResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ironclaw/tools/build} from the editor: the toolsmith builds a Java source file into a sandboxed
 * tool with work-done progress, installs it only after the editor's approval of the capability summary,
 * and the new tool is callable through the pipeline at once.
 */
@Tag("slow")
class LspToolBuildTest {
  @TempDir Path tmp;

  @Test
  void buildShowsProgressAndInstallsOnlyAfterApproval() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src")).resolve("WordCount.java");
    Files.copy(Path.of("..", "toolsmith", "examples", "WordCount.java"), src);
    try (ChannelFixture fx = new ChannelFixture(tmp.resolve("fx"), VaultState.UNLOCKED, true);
        ToolBuilds builds = new ToolBuilds(fx.stack, SecretLookup.NONE, tmp.resolve("fx/home/tools"));
        LspHarness h = new LspHarness(fx.services.withToolBuilds(builds), Optional.empty(),
            LspOptions.defaults().withApprovalTimeout(Duration.ofSeconds(20)))) {
      h.initialize(true, null);

      h.client.approve = p -> CompletableFuture.completedFuture(new ApprovalAnswer("deny"));
      ToolsBuildResult declined = h.remote.toolsBuild(new ToolsBuildParams(src.toUri().toString(), true, null))
          .get(180, TimeUnit.SECONDS);
      assertFalse(declined.installed());
      assertEquals("word_count", declined.name());
      assertTrue(declined.message().contains("network:    none"), declined.message());
      LspMessages.ApprovalParams asked = h.client.approvals.poll(5, TimeUnit.SECONDS);
      assertEquals("install tool " + declined.name(), asked.tool());
      assertFalse(asked.mayRemember(), "installing is never remembered");
      assertFalse(Files.exists(tmp.resolve("fx/home/tools/" + declined.name() + ".wasm")));
      // one progress report per phase event: javac, teavm, validate, test (each started and done)
      assertTrue(h.client.progress.stream().filter(s -> s.startsWith("report:")).count() >= 8, h.client.progress.toString());
      assertTrue(h.client.progress.stream().anyMatch(s -> s.startsWith("end:")), h.client.progress.toString());

      h.client.approve = p -> CompletableFuture.completedFuture(new ApprovalAnswer("allow_once"));
      ToolsBuildResult installed = h.remote.toolsBuild(new ToolsBuildParams(src.toString(), true, null))
          .get(180, TimeUnit.SECONDS);
      assertTrue(installed.installed());
      assertTrue(Files.exists(tmp.resolve("fx/home/tools/" + installed.name() + ".wasm")));

      ToolsCallResult call = h.remote.toolsCall(new ToolsCallParams(installed.name(),
          com.google.gson.JsonParser.parseString("{\"text\":\"one two three\"}"), null)).get(60, TimeUnit.SECONDS);
      assertTrue(call.ok(), call.output());
      assertTrue(call.output().contains("\"words\": 3") || call.output().contains("\"words\":3"), call.output());
    }
  }
}

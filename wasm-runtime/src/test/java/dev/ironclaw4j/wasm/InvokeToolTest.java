package dev.ironclaw4j.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.tool.ApprovalPolicy;
import dev.ironclaw4j.guard.tool.Tool;
import dev.ironclaw4j.guard.tool.ToolContext;
import dev.ironclaw4j.guard.tool.ToolInvoker;
import dev.ironclaw4j.guard.tool.ToolRegistry;
import dev.ironclaw4j.guard.tool.ToolSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class InvokeToolTest {
  final ToolRegistry registry = new ToolRegistry();
  final List<String> callers = new CopyOnWriteArrayList<>();
  final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();
  ToolInvoker invoker;
  final ToolContext ctx = new ToolContext("s", "cli", "test", Optional.empty());

  @BeforeEach
  void builtin() throws Exception {
    JsonNode schema = JsonMapper.shared().readTree("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}");
    registry.register(new Tool() {
      @Override
      public ToolSpec spec() {
        return new ToolSpec("shout", "upper-cases text", schema, Set.of(), "builtin", false, "shout-1");
      }

      @Override
      public String execute(JsonNode input, ToolContext context) {
        callers.add(context.caller());
        return input.path("text").asString().toUpperCase(java.util.Locale.ROOT);
      }
    });
    invoker = Fixtures.invoker(registry, ApprovalPolicy.defaults());
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    invoker.close();
  }

  private void install(String name, String invoke, String request) {
    ToolManifest m = Manifests.parse(Manifests.json(name, List.of(), List.of(), Manifests.defaultLimits())
        .replace("\"http\"", "\"invoke\": " + invoke + ", \"http\""));
    WasmTool t = WasmTool.load(Modules.host("invoke_tool", request), m, Mode.COMPILED, 0, Fixtures.noEgress(),
        HostServices.none().secrets(), l -> {}, Optional.empty(), KvStore.inMemory(), Optional.of(invoker::call));
    closing.add(t);
    registry.register(t);
  }

  @Test
  void declaredAliasCallsTheToolThroughThePipeline() {
    install("caller", "{\"up\": \"shout\"}", "{\"alias\":\"up\",\"input\":{\"text\":\"hi\"}}");
    String out = invoker.call("caller", "{}", ctx).content();
    assertTrue(out.contains("\"content\":\"HI\""), out);
    assertEquals(List.of("test>wasm:caller"), callers, "the nested call went through the pipeline, attributed to the tool");
  }

  @Test
  void undeclaredAliasIsRefused() {
    install("caller", "{\"up\": \"shout\"}", "{\"alias\":\"rm\",\"input\":{}}");
    String out = invoker.call("caller", "{}", ctx).content();
    assertTrue(out.contains("alias-not-declared"), out);
    assertEquals(List.of(), callers);
  }

  @Test
  void invalidNestedInputIsRefusedByThePipeline() {
    install("caller", "{\"up\": \"shout\"}", "{\"alias\":\"up\",\"input\":{\"text\":5}}");
    String out = invoker.call("caller", "{}", ctx).content();
    assertTrue(out.contains("invalid-input"), out);
    assertEquals(List.of(), callers);
  }

  @Test
  void toolsCallingToolsStopAtTheDepthLimit() {
    install("again", "{\"self\": \"again\"}", "{\"alias\":\"self\",\"input\":{}}");
    String out = invoker.call("again", "{}", ctx).content();
    assertTrue(out.contains("invoke-depth"), out);
  }
}

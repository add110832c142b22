package dev.ironclaw4j.toolsmith;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Import;
import dev.ironclaw4j.guard.egress.EgressRule;
import dev.ironclaw4j.wasm.Limits;
import dev.ironclaw4j.wasm.ToolManifest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** The capability summary of a built tool, in words, for the approval prompt and the build log. */
public final class CapabilitySummary {
  private CapabilitySummary() {}

  public static String of(ToolManifest m, byte[] wasm) {
    StringBuilder b = new StringBuilder();
    b.append("tool ").append(m.name()).append(' ').append(m.version()).append(": ").append(m.description()).append('\n');
    b.append("  input:      ").append(input(m.inputSchema())).append('\n');
    if (m.http().isEmpty()) {
      b.append("  network:    none (every HTTP request is denied)\n");
    } else {
      for (EgressRule r : m.http()) {
        b.append("  network:    ").append(r.text()).append('\n');
      }
    }
    b.append("  secrets:    ").append(m.secrets().isEmpty() ? "none"
        : String.join(", ", m.secrets()) + " (as {{secret:NAME}} placeholders; the tool never sees a value, egress"
        + " injects it only where the vault binding allows)").append('\n');
    b.append("  workspace:  ").append(m.workspaceRead().isEmpty() ? "no files" : "reads " + String.join(", ", m.workspaceRead())).append('\n');
    b.append("  other tools: ").append(m.invoke().isEmpty() ? "none" : m.invoke().toString()).append('\n');
    Limits l = m.limits();
    b.append("  limits:     ").append(l.wallTime().toMillis()).append(" ms per call, fuel ").append(l.fuel())
        .append(", heap ").append(l.heapMb()).append(" MiB, linear memory ").append(l.memoryPages()).append(" pages, output ")
        .append(l.outputBytes()).append(" bytes, ").append(l.httpCalls()).append(" HTTP calls\n");
    b.append("  module:     ").append(wasm.length).append(" bytes, sha256 ").append(sha256(wasm)).append('\n');
    b.append("  imports:    ").append(imports(wasm));
    return b.toString();
  }

  private static String input(JsonNode schema) {
    JsonNode props = schema.path("properties");
    if (!props.isObject() || props.isEmpty()) {
      return "any JSON object";
    }
    List<String> parts = new ArrayList<>();
    List<String> required = new ArrayList<>();
    schema.path("required").forEach(r -> required.add(r.asString()));
    for (var e : props.properties()) {
      parts.add(e.getKey() + " (" + e.getValue().path("type").asString("any") + (required.contains(e.getKey()) ? ", required" : "") + ")");
    }
    return String.join(", ", parts);
  }

  private static String imports(byte[] wasm) {
    WasmModule mod = Parser.parse(wasm);
    TreeSet<String> abi = new TreeSet<>();
    int runtime = 0;
    for (int i = 0; i < mod.importSection().importCount(); i++) {
      Import imp = mod.importSection().getImport(i);
      if (imp.module().equals("ironclaw_v1")) {
        abi.add(imp.name());
      } else {
        runtime++;
      }
    }
    return "host ABI " + abi + " and " + runtime + " TeaVM runtime stubs (no capabilities)";
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

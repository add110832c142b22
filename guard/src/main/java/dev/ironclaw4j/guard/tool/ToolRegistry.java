package dev.ironclaw4j.guard.tool;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The tools that exist now. Tools can be added and removed while running (hot-loaded WASM tools). */
public final class ToolRegistry {
  private final Map<String, Tool> tools = new ConcurrentHashMap<>();

  /** Adds or replaces a tool; a replaced tool's new capability digest voids earlier session approvals. */
  public void register(Tool tool) {
    tools.put(tool.spec().name(), tool);
  }

  public void unregister(String name) {
    tools.remove(name);
  }

  public Optional<Tool> find(String name) {
    return Optional.ofNullable(name == null ? null : tools.get(name));
  }

  /** Every tool's spec, by name. */
  public List<ToolSpec> specs() {
    return tools.values().stream().map(Tool::spec).sorted(Comparator.comparing(ToolSpec::name)).toList();
  }
}

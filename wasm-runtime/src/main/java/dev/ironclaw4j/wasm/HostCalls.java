package dev.ironclaw4j.wasm;

/**
 * What the host functions of one call do, behind the ABI's memory handling: served in-process by
 * {@link Invocation}, or, inside a sandbox worker process, forwarded over the worker's pipe to the
 * server, which serves them with its own {@link Invocation} (so the manifest checks, the secrets and
 * the network stay in the server).
 */
interface HostCalls {
  void log(int level, String text);

  long clockMillis();

  boolean secretExists(String name);

  /** Request JSON in, response or error JSON out (see {@code docs/tool-abi.md}). */
  String http(String requestJson);

  /** A workspace-relative path in, {@code {"content": ...}} or error JSON out. */
  String workspaceRead(String path);

  /** A {@code {"op": "get"|"set"|"delete", "key": ..., "value": ...}} request in, result or error JSON out. */
  String kv(String requestJson);

  /** A {@code {"alias": ..., "input": {...}}} request in, {@code {"content": ...}} or error JSON out. */
  String invokeTool(String requestJson);
}

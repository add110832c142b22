/**
 * Runs untrusted WASM tools on Chicory with exactly the capabilities in their manifest.
 *
 * <ul>
 *   <li>{@link dev.ironclaw4j.wasm.ToolManifest}: the capability manifest (immutable, grants nothing by
 *       default, every limit explicit);
 *   <li>{@link dev.ironclaw4j.wasm.SandboxedModule}: a module checked against host ABI 1, metered
 *       (CPU budget in compiled mode too), memory- and output-capped, one fresh instance per call;
 *   <li>{@link dev.ironclaw4j.wasm.WorkerSandbox}: the same in a separate JVM with its own heap;
 *   <li>{@link dev.ironclaw4j.wasm.WasmTool}: a module as a guard {@code Tool}, run only through the
 *       {@code ToolInvoker} pipeline, HTTP only through an egress built from the manifest;
 *   <li>{@link dev.ironclaw4j.wasm.ToolDirectory}: hot-load from a watched directory.
 * </ul>
 *
 * <p>The ABI and manifest format are documented in {@code docs/tool-abi.md}.
 */
package dev.ironclaw4j.wasm;

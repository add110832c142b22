/**
 * The tool SDK: what a Java tool is written against. The toolsmith compiles it together with the
 * tool's source to WebAssembly (TeaVM, WASM-GC); everything here runs inside the sandbox.
 *
 * <p>Declarations ({@link dev.ironclaw4j.toolsmith.sdk.Tool}, {@link dev.ironclaw4j.toolsmith.sdk.Param},
 * {@link dev.ironclaw4j.toolsmith.sdk.AllowHttp}, {@link dev.ironclaw4j.toolsmith.sdk.Secret}, ...)
 * become the tool's manifest; {@link dev.ironclaw4j.toolsmith.sdk.Json} reads and writes JSON; the
 * host ABI is reached only through {@link dev.ironclaw4j.toolsmith.sdk.Http},
 * {@link dev.ironclaw4j.toolsmith.sdk.Log}, {@link dev.ironclaw4j.toolsmith.sdk.Kv},
 * {@link dev.ironclaw4j.toolsmith.sdk.Workspace}, {@link dev.ironclaw4j.toolsmith.sdk.Secrets},
 * {@link dev.ironclaw4j.toolsmith.sdk.Tools} and {@link dev.ironclaw4j.toolsmith.sdk.Clock}.
 */
package dev.ironclaw4j.toolsmith.sdk;

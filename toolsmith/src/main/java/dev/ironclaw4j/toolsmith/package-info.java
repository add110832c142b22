/**
 * The toolsmith: Java source (or a description, through a {@link dev.ironclaw4j.toolsmith.ToolAuthor})
 * to a sandboxed WASM tool. {@link dev.ironclaw4j.toolsmith.Toolsmith} builds (javac + reference check +
 * TeaVM in a bounded worker process), validates, runs the examples in the sandbox and installs;
 * {@link dev.ironclaw4j.toolsmith.BuildEvent}s report progress. The tool SDK is the separate
 * {@code toolsmith-sdk} module. See {@code docs/toolsmith.md}.
 */
package dev.ironclaw4j.toolsmith;

/** Turns a Java tool source (or a description) into a verified, sandboxed WASM tool. */
package dev.ironclaw4j.toolsmith;

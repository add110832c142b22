package dev.ironclaw4j.wasm;

/** How Chicory runs a module. */
public enum Mode {
  /** WASM translated to JVM bytecode once, at load: fast; the default. */
  COMPILED,
  /** Chicory's interpreter: slow, but every instruction can be observed. */
  INTERPRETER
}

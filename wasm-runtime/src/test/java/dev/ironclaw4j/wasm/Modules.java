package dev.ironclaw4j.wasm;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/** Tool modules for the tests, each built on the host ABI skeleton (memory, bump {@code alloc}, {@code call}). */
final class Modules {
  static final int HEAP = 8192;

  private Modules() {}

  /** A module whose {@code call} body is written by {@code call}; {@code imports} may import first. */
  static byte[] tool(BiConsumer<Wasm, int[]> imports, Wasm.Code call) {
    return tool(imports, call, 1, -1, "");
  }

  /** With memory limits and data placed at offset 16. */
  static byte[] tool(BiConsumer<Wasm, int[]> imports, Wasm.Code call, int memMin, int memMax, String data) {
    Wasm w = new Wasm();
    int tAlloc = w.type(new byte[] {Wasm.I32}, new byte[] {Wasm.I32});
    int tCall = w.type(new byte[] {Wasm.I32, Wasm.I32}, new byte[] {Wasm.I64});
    int[] imported = new int[8];
    if (imports != null) {
      imports.accept(w, imported);
    }
    int heap = w.global(HEAP);
    int alloc = w.func(tAlloc, 0, new Wasm.Code()
        .globalGet(heap).globalGet(heap).localGet(0).i32Add().globalSet(heap).end());
    int callF = w.func(tCall, 2, call);
    w.memory(memMin, memMax).export("memory", 2, 0).exportFunc("alloc", alloc).exportFunc("call", callF);
    if (!data.isEmpty()) {
      w.data(16, data);
    }
    return w.build();
  }

  /** Returns its input unchanged. */
  static byte[] echo() {
    return tool(null, new Wasm.Code().localGet(0).i64ExtendU().i64(32).i64Shl().localGet(1).i64ExtendU().i64Or().end());
  }

  /** Returns the given JSON text. */
  static byte[] constant(String json) {
    return tool(null, new Wasm.Code().packed(16, len(json)).end(), 1, -1, json);
  }

  /** Loops forever. */
  static byte[] infiniteLoop() {
    return tool(null, new Wasm.Code().loop().br(0).end().unreachable().end());
  }

  /** Counts a local down from {@code n} in a loop ({@code n} loop iterations), then returns {}. */
  static byte[] countdown(int n) {
    return tool(null, new Wasm.Code().i32(n).localSet(2)
        .loop().localGet(2).i32(1).i32Sub().localTee(2).brIf(0).end()
        .packed(16, 2).end(), 1, -1, "{}");
  }

  /**
   * A compute kernel: {@code n} rounds of an integer LCG, the result stored at address 0 so no
   * engine can drop the loop; returns {}.
   */
  static byte[] kernel(int n) {
    return tool(null, new Wasm.Code().i32(n).localSet(2).i32(1).localSet(3)
        .loop().localGet(3).i32(1103515245).i32Mul().i32(12345).i32Add().localSet(3)
        .localGet(2).i32(1).i32Sub().localTee(2).brIf(0).end()
        .i32(0).localGet(3).i32Store(0).packed(16, 2).end(), 1, -1, "{}");
  }

  /** Calls itself for ever: {@code call} recurses with no base case. */
  static byte[] recursion() {
    // call is function index 1 (alloc is 0) when nothing is imported.
    return tool(null, new Wasm.Code().localGet(0).localGet(1).call(1).end());
  }

  /** Executes {@code unreachable}. */
  static byte[] trap() {
    return tool(null, new Wasm.Code().unreachable().end());
  }

  /** Grows memory one page at a time until refused, then says so. */
  static byte[] growBomb() {
    String refused = "{\"grow\":\"refused\"}";
    return tool(null, new Wasm.Code()
        .block().loop().i32(1).memoryGrow().i32(-1).i32Eq().brIf(1).br(0).end().end()
        .packed(16, len(refused)).end(), 1, -1, refused);
  }

  /**
   * Returns {} for an input shorter than 3 bytes; for a longer one first grows memory one page at a
   * time until refused (up to 4096 pages = 256 MiB when the manifest allows it).
   */
  static byte[] bombOnRequest() {
    return tool(null, new Wasm.Code()
        .block().localGet(1).i32(3).i32LtU().brIf(0)
        .block().loop().i32(1).memoryGrow().i32(-1).i32Eq().brIf(1).br(0).end().end()
        .end().packed(16, 2).end(), 1, -1, "{}");
  }

  /** Claims an output of {@code n} bytes starting at 0. */
  static byte[] output(int n) {
    return tool(null, new Wasm.Code().packed(0, n).end(), 2, -1, "");
  }

  /** Sends {@code requestJson} through the {@code http} host function and returns what the host answered. */
  static byte[] http(String requestJson) {
    return tool((w, f) -> f[0] = w.importFunc("ironclaw_v1", "http",
            w.type(new byte[] {Wasm.I32, Wasm.I32}, new byte[] {Wasm.I64})),
        new Wasm.Code().i32(16).i32(len(requestJson)).call(0).end(), 1, -1, requestJson);
  }

  /** Calls the (i32, i32) -> i64 host function {@code fn} on {@code arg} and returns what the host answered. */
  static byte[] host(String fn, String arg) {
    return tool((w, f) -> f[0] = w.importFunc("ironclaw_v1", fn,
            w.type(new byte[] {Wasm.I32, Wasm.I32}, new byte[] {Wasm.I64})),
        new Wasm.Code().i32(16).i32(len(arg)).call(0).end(), 1, -1, arg);
  }

  /** Imports a function the ABI does not offer. */
  static byte[] importing(String module, String name) {
    return tool((w, f) -> f[0] = w.importFunc(module, name,
            w.type(new byte[] {Wasm.I32, Wasm.I32}, new byte[] {Wasm.I32})),
        new Wasm.Code().packed(16, 2).end(), 1, -1, "{}");
  }

  static int len(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}

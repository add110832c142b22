package dev.ironclaw4j.wasm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny WebAssembly binary writer for tests: real modules, assembled in code so each test shows the
 * instructions it runs (Chicory's wat2wasm is not published for Chicory 1.7). Only what the tests need:
 * types, function imports, one memory, one mutable i32 global, functions, exports and data segments.
 */
final class Wasm {
  static final byte I32 = 0x7f;
  static final byte I64 = 0x7e;

  private final List<byte[]> types = new ArrayList<>();
  private final List<byte[]> imports = new ArrayList<>();
  private final List<Integer> funcTypes = new ArrayList<>();
  private final List<byte[]> bodies = new ArrayList<>();
  private final List<byte[]> exports = new ArrayList<>();
  private final List<byte[]> data = new ArrayList<>();
  private final List<byte[]> globals = new ArrayList<>();
  private int importedFuncs;
  private int memMin = 1;
  private int memMax = -1;
  private boolean memory = true;

  /** Adds a function type; returns its index. */
  int type(byte[] params, byte[] results) {
    Bytes b = new Bytes().u8(0x60).u32(params.length).raw(params).u32(results.length).raw(results);
    types.add(b.bytes());
    return types.size() - 1;
  }

  /** Imports a function; returns its function index (imports must come before {@link #func}). */
  int importFunc(String module, String name, int type) {
    imports.add(new Bytes().name(module).name(name).u8(0).u32(type).bytes());
    return importedFuncs++;
  }

  /** Imports a memory (refused by the ABI). */
  Wasm importMemory(String module, String name) {
    imports.add(new Bytes().name(module).name(name).u8(2).u8(0).u32(1).bytes());
    memory = false;
    return this;
  }

  Wasm memory(int min, int max) {
    this.memMin = min;
    this.memMax = max;
    return this;
  }

  /** A mutable i32 global with an initial value; returns its index. */
  int global(int init) {
    globals.add(new Bytes().u8(I32).u8(1).u8(0x41).s32(init).u8(0x0b).bytes());
    return globals.size() - 1;
  }

  /** Defines a function with extra i32 locals; code must end with {@code end}. Returns its index. */
  int func(int type, int i32Locals, Code code) {
    funcTypes.add(type);
    Bytes body = new Bytes();
    if (i32Locals > 0) {
      body.u32(1).u32(i32Locals).u8(I32);
    } else {
      body.u32(0);
    }
    body.raw(code.bytes());
    bodies.add(new Bytes().u32(body.size()).raw(body.bytes()).bytes());
    return importedFuncs + funcTypes.size() - 1;
  }

  Wasm export(String name, int kind, int index) {
    exports.add(new Bytes().name(name).u8(kind).u32(index).bytes());
    return this;
  }

  Wasm exportFunc(String name, int index) {
    return export(name, 0, index);
  }

  /** An active data segment at a constant offset of memory 0. */
  Wasm data(int offset, String text) {
    byte[] t = text.getBytes(StandardCharsets.UTF_8);
    data.add(new Bytes().u8(0).u8(0x41).s32(offset).u8(0x0b).u32(t.length).raw(t).bytes());
    return this;
  }

  byte[] build() {
    Bytes out = new Bytes().raw(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    section(out, 1, types);
    section(out, 2, imports);
    List<byte[]> fs = new ArrayList<>();
    funcTypes.forEach(t -> fs.add(new Bytes().u32(t).bytes()));
    section(out, 3, fs);
    if (memory) {
      Bytes lim = memMax < 0 ? new Bytes().u8(0).u32(memMin) : new Bytes().u8(1).u32(memMin).u32(memMax);
      section(out, 5, List.of(lim.bytes()));
    }
    section(out, 6, globals);
    section(out, 7, exports);
    section(out, 10, bodies);
    section(out, 11, data);
    return out.bytes();
  }

  private static void section(Bytes out, int id, List<byte[]> entries) {
    if (entries.isEmpty()) {
      return;
    }
    Bytes s = new Bytes().u32(entries.size());
    entries.forEach(s::raw);
    out.u8(id).u32(s.size()).raw(s.bytes());
  }

  /** Instructions, written one method per opcode. */
  static final class Code {
    private final Bytes b = new Bytes();

    Code i32(int v) { b.u8(0x41).s32(v); return this; }
    Code i64(long v) { b.u8(0x42).s64(v); return this; }
    Code localGet(int i) { b.u8(0x20).u32(i); return this; }
    Code localSet(int i) { b.u8(0x21).u32(i); return this; }
    Code globalGet(int i) { b.u8(0x23).u32(i); return this; }
    Code globalSet(int i) { b.u8(0x24).u32(i); return this; }
    Code call(int f) { b.u8(0x10).u32(f); return this; }
    Code block() { b.u8(0x02).u8(0x40); return this; }
    Code loop() { b.u8(0x03).u8(0x40); return this; }
    Code br(int depth) { b.u8(0x0c).u32(depth); return this; }
    Code brIf(int depth) { b.u8(0x0d).u32(depth); return this; }
    Code end() { b.u8(0x0b); return this; }
    Code unreachable() { b.u8(0x00); return this; }
    Code drop() { b.u8(0x1a); return this; }
    Code ret() { b.u8(0x0f); return this; }
    Code memoryGrow() { b.u8(0x40).u8(0); return this; }
    Code i32Add() { b.u8(0x6a); return this; }
    Code i32Sub() { b.u8(0x6b); return this; }
    Code i32LtU() { b.u8(0x49); return this; }
    Code i32Mul() { b.u8(0x6c); return this; }
    Code i32Store(int offset) { b.u8(0x36).u32(2).u32(offset); return this; }
    Code localTee(int i) { b.u8(0x22).u32(i); return this; }
    Code raw(int... bytes) { for (int x : bytes) { b.u8(x); } return this; }
    Code i32Eq() { b.u8(0x46); return this; }
    Code i32Eqz() { b.u8(0x45); return this; }
    Code i64ExtendU() { b.u8(0xad); return this; }
    Code i64Shl() { b.u8(0x86); return this; }
    Code i64Or() { b.u8(0x84); return this; }

    /** Pushes the i64 {@code (ptr << 32) | len}. */
    Code packed(int ptr, int len) {
      return i64(((long) ptr << 32) | (len & 0xffffffffL));
    }

    byte[] bytes() {
      return b.bytes();
    }
  }

  /** LEB128 and friends. */
  static final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Bytes u8(int v) { out.write(v); return this; }

    Bytes raw(byte[] bs) { out.writeBytes(bs); return this; }

    Bytes u32(long v) {
      do {
        int x = (int) (v & 0x7f);
        v >>>= 7;
        out.write(v != 0 ? x | 0x80 : x);
      } while (v != 0);
      return this;
    }

    Bytes s32(int v) { return s64(v); }

    Bytes s64(long v) {
      while (true) {
        int x = (int) (v & 0x7f);
        v >>= 7;
        boolean done = (v == 0 && (x & 0x40) == 0) || (v == -1 && (x & 0x40) != 0);
        out.write(done ? x : x | 0x80);
        if (done) {
          return this;
        }
      }
    }

    Bytes name(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      return u32(b.length).raw(b);
    }

    int size() { return out.size(); }

    byte[] bytes() { return out.toByteArray(); }
  }
}

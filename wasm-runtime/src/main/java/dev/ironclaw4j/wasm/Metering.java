package dev.ironclaw4j.wasm;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds a CPU budget to a module by rewriting its bytes before Chicory sees them, so the budget holds
 * in compiled mode as well as in the interpreter. A new mutable i64 global (exported as
 * {@value #FUEL_EXPORT}) starts at the budget; at every function entry and every loop header the
 * rewritten code subtracts one and traps with {@code unreachable} when the global goes below zero.
 * Recursion and loops are the only ways WASM code runs without end, so one unit buys at most one
 * function body's or one loop body's straight-line instructions.
 *
 * <p>The decoder knows the MVP instruction set plus sign extension, saturating truncation, bulk
 * memory, reference types, multi-value, tail calls, exception handling (legacy and
 * {@code try_table}), typed function references and GC (what TeaVM's {@code WEBASSEMBLY_GC}
 * output uses). Modules using other proposals (SIMD, threads) are refused rather than run unmetered.
 */
final class Metering {
  static final String FUEL_EXPORT = "__ironclaw_fuel";
  private static final int SEC_IMPORT = 2;
  private static final int SEC_GLOBAL = 6;
  private static final int SEC_EXPORT = 7;
  private static final int SEC_CODE = 10;

  private Metering() {}

  /** One section as found: id and payload. */
  private record Section(int id, byte[] payload) {}

  /**
   * The module with metering inserted.
   *
   * @throws SandboxException {@code malformed-module} when the bytes cannot be decoded or use an
   *     instruction the metering does not know
   */
  static byte[] instrument(String tool, byte[] wasm, long budget) {
    try {
      return rewrite(wasm, budget);
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new SandboxException("malformed-module", tool + ": cannot be metered: " + e.getMessage());
    }
  }

  private static byte[] rewrite(byte[] wasm, long budget) {
    Reader r = new Reader(wasm, 8);
    List<Section> sections = new ArrayList<>();
    while (r.pos < wasm.length) {
      int id = r.u8();
      int size = r.u32();
      sections.add(new Section(id, r.bytes(size)));
    }
    int importedGlobals = 0;
    int definedGlobals = 0;
    for (Section s : sections) {
      if (s.id() == SEC_IMPORT) {
        importedGlobals = countImportedGlobals(s.payload());
      } else if (s.id() == SEC_GLOBAL) {
        definedGlobals = new Reader(s.payload(), 0).u32();
      }
    }
    int fuel = importedGlobals + definedGlobals;
    Writer global = new Writer().u8(0x7e).u8(1).u8(0x42).s64(budget).u8(0x0b);
    Writer out = new Writer().raw(wasm, 0, 8);
    boolean globalWritten = false;
    for (Section s : sections) {
      if (!globalWritten && s.id() != 0 && s.id() != SEC_GLOBAL && isAfterGlobal(s.id())) {
        section(out, SEC_GLOBAL, new Writer().u32(1).raw(global.bytes()).bytes());
        globalWritten = true;
      }
      byte[] p = switch (s.id()) {
        case SEC_GLOBAL -> appendEntry(s.payload(), global.bytes());
        case SEC_EXPORT -> appendEntry(s.payload(), new Writer().name(FUEL_EXPORT).u8(3).u32(fuel).bytes());
        case SEC_CODE -> code(s.payload(), fuel);
        default -> s.payload();
      };
      globalWritten |= s.id() == SEC_GLOBAL;
      section(out, s.id(), p);
    }
    return out.bytes();
  }

  /** Sections that come after the global section in a module (export, start, element, data count, code, data). */
  private static boolean isAfterGlobal(int id) {
    return id == 7 || id == 8 || id == 9 || id == 12 || id == 10 || id == 11;
  }

  private static int countImportedGlobals(byte[] payload) {
    Reader r = new Reader(payload, 0);
    int n = r.u32();
    int globals = 0;
    for (int i = 0; i < n; i++) {
      r.skip(r.u32());
      r.skip(r.u32());
      int kind = r.u8();
      switch (kind) {
        case 0 -> r.u32();
        case 1 -> {
          r.valType();
          limits(r);
        }
        case 2 -> limits(r);
        case 3 -> {
          r.valType();
          r.u8();
          globals++;
        }
        case 4 -> {
          r.u8();
          r.u32();
        }
        default -> throw new IllegalArgumentException("unknown import kind " + kind);
      }
    }
    return globals;
  }

  private static void limits(Reader r) {
    int flags = r.u8();
    r.u32();
    if ((flags & 1) != 0) {
      r.u32();
    }
  }

  private static byte[] appendEntry(byte[] payload, byte[] entry) {
    Reader r = new Reader(payload, 0);
    int n = r.u32();
    return new Writer().u32(n + 1L).raw(payload, r.pos, payload.length - r.pos).raw(entry).bytes();
  }

  private static byte[] code(byte[] payload, int fuel) {
    Reader r = new Reader(payload, 0);
    int n = r.u32();
    Writer out = new Writer().u32(n);
    byte[] charge = new Writer()
        .u8(0x23).u32(fuel).u8(0x42).u8(1).u8(0x7d).u8(0x24).u32(fuel)
        .u8(0x23).u32(fuel).u8(0x42).u8(0).u8(0x53).u8(0x04).u8(0x40).u8(0x00).u8(0x0b).bytes();
    for (int i = 0; i < n; i++) {
      int size = r.u32();
      byte[] body = body(new Reader(r.bytes(size), 0), fuel, charge);
      out.u32(body.length).raw(body);
    }
    return out.bytes();
  }

  private static byte[] body(Reader r, int fuel, byte[] charge) {
    Writer w = new Writer();
    int localGroups = r.u32();
    w.u32(localGroups);
    for (int i = 0; i < localGroups; i++) {
      int from = r.pos;
      r.u32();
      r.valType();
      w.raw(r.buf, from, r.pos - from);
    }
    w.raw(charge);
    while (r.pos < r.end) {
      int start = r.pos;
      int op = r.u8();
      boolean loop = op == 0x03;
      immediates(r, op, fuel);
      w.raw(r.buf, start, r.pos - start);
      if (loop) {
        w.raw(charge);
      }
    }
    return w.bytes();
  }

  /** Skips an instruction's immediates; refuses what the metering does not understand. */
  private static void immediates(Reader r, int op, int fuel) {
    if (op >= 0x45 && op <= 0xc4 || op == 0x00 || op == 0x01 || op == 0x05 || op == 0x0a || op == 0x0b || op == 0x0f
        || op == 0x19 || op == 0x1a || op == 0x1b || op == 0xd1 || op == 0xd3 || op == 0xd4) {
      return;
    }
    switch (op) {
      case 0x02, 0x03, 0x04, 0x06 -> blockType(r);
      case 0x07, 0x08, 0x09, 0x18 -> r.u32(); // catch tag, throw tag, rethrow label, delegate label
      case 0x1f -> {
        blockType(r);
        int n = r.u32();
        for (int i = 0; i < n; i++) {
          int kind = r.u8();
          if (kind > 3) {
            throw new IllegalArgumentException("unknown catch clause " + kind);
          }
          if (kind < 2) {
            r.u32(); // tag
          }
          r.u32(); // label
        }
      }
      case 0xfb -> gc(r);
      case 0x0c, 0x0d, 0x10, 0x12, 0x14, 0x15, 0x20, 0x21, 0x22, 0x25, 0x26, 0x3f, 0x40, 0xd2, 0xd5, 0xd6 -> r.u32();
      case 0x23, 0x24 -> {
        if (r.u32() >= fuel) {
          throw new IllegalArgumentException("global index out of range");
        }
      }
      case 0x0e -> {
        int n = r.u32();
        for (int i = 0; i <= n; i++) {
          r.u32();
        }
      }
      case 0x11, 0x13 -> {
        r.u32();
        r.u32();
      }
      case 0x1c -> {
        int n = r.u32();
        for (int i = 0; i < n; i++) {
          r.valType();
        }
      }
      case 0x41, 0x42, 0xd0 -> r.s64();
      case 0x43 -> r.skip(4);
      case 0x44 -> r.skip(8);
      case 0xfc -> prefixed(r);
      default -> {
        if (op >= 0x28 && op <= 0x3e) {
          int align = r.u32();
          if ((align & 0x40) != 0) {
            r.u32();
          }
          r.u32();
          return;
        }
        throw new IllegalArgumentException("opcode 0x" + Integer.toHexString(op) + " is not supported by host ABI "
            + ToolManifest.ABI_VERSION + " (SIMD and threads are not metered)");
      }
    }
  }

  /** A block type: 0x40, a value type, or a type index (s33). */
  private static void blockType(Reader r) {
    int t = r.buf[r.pos] & 0xff;
    if (t == 0x63 || t == 0x64) {
      r.valType();
    } else {
      r.s64();
    }
  }

  /** The GC instructions (prefix 0xfb). */
  private static void gc(Reader r) {
    int sub = r.u32();
    switch (sub) {
      case 0, 1, 6, 7, 11, 12, 13, 14, 16 -> r.u32(); // struct.new(_default), array.new(_default), array.get/set, array.fill
      case 2, 3, 4, 5, 8, 9, 10, 17, 18, 19 -> {
        r.u32();
        r.u32();
      }
      case 15, 26, 27, 28, 29, 30 -> { } // array.len, any/extern conversions, i31
      case 20, 21, 22, 23 -> r.s64(); // ref.test / ref.cast: heap type
      case 24, 25 -> { // br_on_cast(_fail): flags, label, two heap types
        r.u8();
        r.u32();
        r.s64();
        r.s64();
      }
      default -> throw new IllegalArgumentException("opcode 0xfb " + sub + " is not supported");
    }
  }

  private static void prefixed(Reader r) {
    int sub = r.u32();
    switch (sub) {
      case 0, 1, 2, 3, 4, 5, 6, 7 -> { }
      case 9, 11, 13, 15, 16, 17 -> r.u32();
      case 8, 10, 12, 14 -> {
        r.u32();
        r.u32();
      }
      default -> throw new IllegalArgumentException("opcode 0xfc " + sub + " is not supported");
    }
  }

  private static void section(Writer out, int id, byte[] payload) {
    out.u8(id).u32(payload.length).raw(payload);
  }

  /** Bounds-checked reading of bytes and LEB128 numbers. */
  private static final class Reader {
    final byte[] buf;
    final int end;
    int pos;

    Reader(byte[] buf, int pos) {
      this.buf = buf;
      this.pos = pos;
      this.end = buf.length;
      if (pos == 8 && (buf.length < 8 || buf[0] != 0 || buf[1] != 'a' || buf[2] != 's' || buf[3] != 'm')) {
        throw new IllegalArgumentException("not a WebAssembly module");
      }
    }

    int u8() {
      if (pos >= end) {
        throw new IllegalArgumentException("unexpected end");
      }
      return buf[pos++] & 0xff;
    }

    int u32() {
      long v = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        int b = u8();
        v |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          if (v > 0xffffffffL) {
            throw new IllegalArgumentException("u32 out of range");
          }
          return (int) v;
        }
      }
      throw new IllegalArgumentException("u32 too long");
    }

    void s64() {
      for (int i = 0; i < 10; i++) {
        if ((u8() & 0x80) == 0) {
          return;
        }
      }
      throw new IllegalArgumentException("LEB128 too long");
    }

    /** A value type: a number type, a reference shorthand, or (ref null? heaptype). */
    void valType() {
      int t = u8();
      if (t == 0x63 || t == 0x64) {
        s64(); // heap type: an abstract one (negative) or a type index
        return;
      }
      if (t < 0x69 || t > 0x7f || t > 0x74 && t < 0x7b) {
        throw new IllegalArgumentException("value type 0x" + Integer.toHexString(t) + " is not supported");
      }
    }

    void skip(int n) {
      if (n < 0 || n > end - pos) {
        throw new IllegalArgumentException("length out of range");
      }
      pos += n;
    }

    byte[] bytes(int n) {
      int from = pos;
      skip(n);
      byte[] b = new byte[n];
      System.arraycopy(buf, from, b, 0, n);
      return b;
    }
  }

  /** LEB128 writing. */
  private static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer u8(int v) {
      out.write(v);
      return this;
    }

    Writer raw(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    Writer raw(byte[] b, int off, int len) {
      out.write(b, off, len);
      return this;
    }

    Writer u32(long v) {
      do {
        int x = (int) (v & 0x7f);
        v >>>= 7;
        out.write(v != 0 ? x | 0x80 : x);
      } while (v != 0);
      return this;
    }

    Writer s64(long v) {
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

    Writer name(String s) {
      byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      return u32(b.length).raw(b);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}

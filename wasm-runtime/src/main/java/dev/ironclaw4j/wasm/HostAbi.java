package dev.ironclaw4j.wasm;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Host ABI version 1 (documented in {@code docs/tool-abi.md}): the exports a tool module must have and
 * the only functions it may import, all from module {@value #MODULE}. Strings cross as UTF-8 bytes in
 * the module's linear memory, named by (pointer, length); a result the host hands back is written into
 * memory the module allocated through its {@code alloc} export and returned as one i64
 * {@code (ptr << 32) | len}.
 */
final class HostAbi {
  static final String MODULE = "ironclaw_v1";
  static final String EXPORT_MEMORY = "memory";
  static final String EXPORT_ALLOC = "alloc";
  static final String EXPORT_CALL = "call";

  private static final ValType I32 = ValType.I32;
  private static final ValType I64 = ValType.I64;

  /** Every import the ABI offers, with its exact type. */
  static final Map<String, FunctionType> IMPORTS = Map.of(
      "log", FunctionType.of(List.of(I32, I32, I32), List.of()),
      "clock_ms", FunctionType.of(List.of(), List.of(I64)),
      "secret_exists", FunctionType.of(List.of(I32, I32), List.of(I32)),
      "http", FunctionType.of(List.of(I32, I32), List.of(I64)),
      "workspace_read", FunctionType.of(List.of(I32, I32), List.of(I64)),
      "kv", FunctionType.of(List.of(I32, I32), List.of(I64)),
      "invoke_tool", FunctionType.of(List.of(I32, I32), List.of(I64)));

  static final FunctionType ALLOC_TYPE = FunctionType.of(List.of(I32), List.of(I32));
  static final FunctionType CALL_TYPE = FunctionType.of(List.of(I32, I32), List.of(I64));

  private HostAbi() {}

  /** The host functions of one call, bound to its invocation state. */
  static HostFunction[] functions(HostCalls inv) {
    return new HostFunction[] {
      new HostFunction(MODULE, "log", IMPORTS.get("log"), (inst, args) -> {
        inv.log((int) args[0], readString(inst, args[1], args[2], Invocation.MAX_LOG_LINE * 4));
        return null;
      }),
      new HostFunction(MODULE, "clock_ms", IMPORTS.get("clock_ms"), (inst, args) -> new long[] {inv.clockMillis()}),
      new HostFunction(MODULE, "secret_exists", IMPORTS.get("secret_exists"),
          (inst, args) -> new long[] {inv.secretExists(readString(inst, args[0], args[1], 256)) ? 1 : 0}),
      new HostFunction(MODULE, "http", IMPORTS.get("http"),
          (inst, args) -> new long[] {writeString(inst, inv.http(readString(inst, args[0], args[1], Invocation.MAX_HTTP_REQUEST)))}),
      new HostFunction(MODULE, "workspace_read", IMPORTS.get("workspace_read"),
          (inst, args) -> new long[] {writeString(inst, inv.workspaceRead(readString(inst, args[0], args[1], 4096)))}),
      new HostFunction(MODULE, "kv", IMPORTS.get("kv"),
          (inst, args) -> new long[] {writeString(inst, inv.kv(readString(inst, args[0], args[1], 2 * KvStore.MAX_VALUE)))}),
      new HostFunction(MODULE, "invoke_tool", IMPORTS.get("invoke_tool"),
          (inst, args) -> new long[] {writeString(inst, inv.invokeTool(readString(inst, args[0], args[1], Invocation.MAX_HTTP_REQUEST)))}),
    };
  }

  /** Reads (ptr, len) as strict UTF-8 from the module's memory, refusing anything out of bounds. */
  static String readString(Instance inst, long ptr, long len, int max) {
    int p = (int) ptr;
    int n = (int) len;
    if (n < 0 || n > max) {
      throw new SandboxException("abi-violation", "a string of " + Integer.toUnsignedString(n) + " bytes crossed the ABI; the limit here is " + max);
    }
    Memory m = inst.memory();
    checkBounds(m, p, n);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(m.readBytes(p, n))).toString();
    } catch (CharacterCodingException e) {
      throw new SandboxException("abi-violation", "a string that crossed the ABI is not valid UTF-8");
    }
  }

  /** Allocates through the module's {@code alloc} and copies the UTF-8 text there; returns ptr/len packed. */
  static long writeString(Instance inst, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    long ptr = inst.export(EXPORT_ALLOC).apply(b.length)[0];
    Memory m = inst.memory();
    checkBounds(m, (int) ptr, b.length);
    m.write((int) ptr, b);
    return (ptr << 32) | b.length;
  }

  static void checkBounds(Memory m, int ptr, int len) {
    long end = Integer.toUnsignedLong(ptr) + Integer.toUnsignedLong(len);
    if (end > (long) m.pages() * Memory.PAGE_SIZE) {
      throw new SandboxException("abi-violation", "pointer " + Integer.toUnsignedString(ptr) + "+" + len + " is outside linear memory");
    }
  }
}

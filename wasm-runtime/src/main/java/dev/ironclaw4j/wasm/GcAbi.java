package dev.ironclaw4j.wasm;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmArray;
import com.dylibso.chicory.runtime.WasmGcRef;
import com.dylibso.chicory.runtime.WasmStruct;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ArrayType;
import com.dylibso.chicory.wasm.types.CompType;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FieldType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.PackedType;
import com.dylibso.chicory.wasm.types.StructType;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Host ABI 1, GC profile: the same host functions and JSON as {@link HostAbi}, for WASM-GC modules
 * (TeaVM's {@code WEBASSEMBLY_GC} output). Strings cross as the module's own {@code char[]} objects
 * (a struct whose last field is a mutable {@code i16} array), never as host-made objects: the module
 * allocates every buffer itself, so nothing the host hands over can be collected under it.
 *
 * <ul>
 *   <li>{@code call: () -> ()} is the one required export; the module asks for its input with
 *       {@code input_length} and {@code input(buf)} and hands its answer to {@code output(chars)};
 *   <li>{@code http}, {@code workspace_read}, {@code kv} and {@code invoke_tool} take a request and
 *       return the length of the answer, which the module then fetches with {@code result(buf)} into
 *       a buffer of exactly that length.
 * </ul>
 *
 * <p>TeaVM's runtime imports ({@code env.memory}, {@code wasm:js-string.*}, {@code teavm*}) are
 * served by {@link TeaVmRuntime}: inert or pure stubs that reach nothing.
 */
final class GcAbi {
  /** What the module must look like: where its char[] keeps its characters, its memory, etc. */
  record Layout(int charsType, int dataField, int memoryInitial, int memoryMax, int heapOffset, List<FunctionImport> functions) {}

  private enum Sig { NONE_TO_I32, CHARS_TO_NONE, LEVEL_CHARS_TO_NONE, NONE_TO_I64, CHARS_TO_I32 }

  static final Map<String, Sig> IMPORTS = Map.ofEntries(
      Map.entry("input_length", Sig.NONE_TO_I32),
      Map.entry("input", Sig.CHARS_TO_NONE),
      Map.entry("output", Sig.CHARS_TO_NONE),
      Map.entry("result", Sig.CHARS_TO_NONE),
      Map.entry("log", Sig.LEVEL_CHARS_TO_NONE),
      Map.entry("clock_ms", Sig.NONE_TO_I64),
      Map.entry("secret_exists", Sig.CHARS_TO_I32),
      Map.entry("http", Sig.CHARS_TO_I32),
      Map.entry("workspace_read", Sig.CHARS_TO_I32),
      Map.entry("kv", Sig.CHARS_TO_I32),
      Map.entry("invoke_tool", Sig.CHARS_TO_I32));

  private GcAbi() {}

  /** A module is in the GC profile when its {@code call} export takes and returns nothing. */
  static boolean isGcProfile(WasmModule m) {
    int imported = m.importSection().count(ExternalType.FUNCTION);
    for (int i = 0; i < m.exportSection().exportCount(); i++) {
      Export e = m.exportSection().getExport(i);
      if (e.exportType() == ExternalType.FUNCTION && e.name().equals(HostAbi.EXPORT_CALL) && e.index() >= imported) {
        FunctionType t = m.typeSection().getType(m.functionSection().getFunctionType(e.index() - imported));
        return t.params().isEmpty() && t.returns().isEmpty();
      }
    }
    return false;
  }

  /**
   * Checks imports and exports of a GC-profile module.
   *
   * @throws SandboxException {@code import-not-allowed}, {@code missing-export}, {@code memory-too-large}
   */
  static Layout check(String name, WasmModule m, int allowedPages) {
    int chars = -1;
    int memInitial = -1;
    int memMax = -1;
    List<FunctionImport> functions = new ArrayList<>();
    for (int i = 0; i < m.importSection().importCount(); i++) {
      Import imp = m.importSection().getImport(i);
      String what = "'" + imp.module() + "." + imp.name() + "'";
      if (imp instanceof FunctionImport fi) {
        FunctionType t = m.typeSection().getType(fi.typeIndex());
        if (imp.module().equals(HostAbi.MODULE)) {
          Sig sig = IMPORTS.get(imp.name());
          if (sig == null) {
            throw notAllowed(name, what + ", which is not in host ABI " + ToolManifest.ABI_VERSION + " (GC profile: "
                + String.join(", ", new TreeMap<>(IMPORTS).keySet()) + ")");
          }
          chars = checkSig(name, what, m, t, sig, chars);
        } else {
          TeaVmRuntime.checkImport(name, what, imp.module(), imp.name(), t);
        }
        functions.add(fi);
      } else if (imp instanceof com.dylibso.chicory.wasm.types.MemoryImport mi && imp.module().equals("env") && imp.name().equals("memory")) {
        if (mi.limits().shared()) {
          throw notAllowed(name, "shared memory is not supported");
        }
        memInitial = mi.limits().initialPages();
        memMax = Math.min(mi.limits().maximumPages(), allowedPages);
        if (memInitial > allowedPages) {
          throw new SandboxException("memory-too-large", name + ": the module starts with " + memInitial
              + " pages of memory; its manifest allows " + allowedPages);
        }
      } else if (imp instanceof com.dylibso.chicory.wasm.types.GlobalImport gi && imp.module().equals("teavmMemory")
          && (imp.name().equals("heapOffset") || imp.name().equals("maxSize")) && gi.type().equals(ValType.I32)
          && gi.mutabilityType() == com.dylibso.chicory.wasm.types.MutabilityType.Const) {
        continue;
      } else {
        throw notAllowed(name, what + " (" + imp.importType() + "), which is not in host ABI " + ToolManifest.ABI_VERSION
            + " (GC profile: functions of " + HostAbi.MODULE + " and TeaVM's runtime, memory env.memory)");
      }
    }
    if (m.memorySection().isPresent() && m.memorySection().get().memoryCount() > 0) {
      throw notAllowed(name, "a GC-profile module must not define its own memory");
    }
    int dataField = chars < 0 ? -1 : dataField(m, chars);
    for (int i = 0; i < m.exportSection().exportCount(); i++) {
      if (m.exportSection().getExport(i).name().startsWith("__ironclaw")) {
        throw new SandboxException("malformed-module", name + ": export names starting with __ironclaw are reserved for the host");
      }
    }
    if (memInitial < 0) {
      memInitial = 0;
      memMax = 0;
    }
    return new Layout(chars, dataField, memInitial, memMax, TeaVmRuntime.heapOffset(m), List.copyOf(functions));
  }

  private static int checkSig(String name, String what, WasmModule m, FunctionType t, Sig sig, int chars) {
    List<ValType> p = t.params();
    List<ValType> r = t.returns();
    boolean ok = switch (sig) {
      case NONE_TO_I32 -> p.isEmpty() && r.equals(List.of(ValType.I32));
      case NONE_TO_I64 -> p.isEmpty() && r.equals(List.of(ValType.I64));
      case CHARS_TO_NONE -> p.size() == 1 && r.isEmpty();
      case CHARS_TO_I32 -> p.size() == 1 && r.equals(List.of(ValType.I32));
      case LEVEL_CHARS_TO_NONE -> p.size() == 2 && p.get(0).equals(ValType.I32) && r.isEmpty();
    };
    if (ok && (sig == Sig.CHARS_TO_NONE || sig == Sig.CHARS_TO_I32 || sig == Sig.LEVEL_CHARS_TO_NONE)) {
      ValType c = p.get(p.size() - 1);
      if (!c.isReference() || c.typeIdx() < 0 || (chars >= 0 && c.typeIdx() != chars)) {
        ok = false;
      } else {
        chars = c.typeIdx();
      }
    }
    if (!ok) {
      throw notAllowed(name, "imports " + what + " as " + t + "; the GC profile's type is " + describe(sig));
    }
    return chars;
  }

  private static String describe(Sig sig) {
    return switch (sig) {
      case NONE_TO_I32 -> "() -> i32";
      case NONE_TO_I64 -> "() -> i64";
      case CHARS_TO_NONE -> "(char[]) -> ()";
      case CHARS_TO_I32 -> "(char[]) -> i32";
      case LEVEL_CHARS_TO_NONE -> "(i32, char[]) -> ()";
    };
  }

  /** The index of the field of the char[] struct that holds its characters: a ref to a mutable i16 array. */
  private static int dataField(WasmModule m, int chars) {
    CompType ct = m.typeSection().getSubType(chars).compType();
    StructType st = ct == null ? null : ct.structType();
    if (st != null && st.fieldTypes().length > 0) {
      int last = st.fieldTypes().length - 1;
      FieldType f = st.fieldTypes()[last];
      ValType v = f.storageType().valType();
      if (v != null && v.isReference() && v.typeIdx() >= 0) {
        CompType at = m.typeSection().getSubType(v.typeIdx()).compType();
        ArrayType a = at == null ? null : at.arrayType();
        if (a != null && a.fieldType().storageType().packedType() == PackedType.I16
            && a.fieldType().mut() == com.dylibso.chicory.wasm.types.MutabilityType.Var) {
          return last;
        }
      }
    }
    throw new SandboxException("import-not-allowed", "the strings of the GC profile must be char[] objects"
        + " (a struct whose last field is a mutable i16 array), type " + chars + " is not");
  }

  private static SandboxException notAllowed(String name, String what) {
    return new SandboxException("import-not-allowed", name + ": " + what);
  }

  /** The host functions of one call. */
  static List<HostFunction> functions(Layout layout, WasmModule m, GcCall call) {
    List<HostFunction> out = new ArrayList<>();
    for (FunctionImport fi : layout.functions()) {
      FunctionType t = m.typeSection().getType(fi.typeIndex());
      if (fi.module().equals(HostAbi.MODULE)) {
        out.add(new HostFunction(fi.module(), fi.name(), t, abiFunction(fi.name(), layout, call)));
      } else {
        out.add(new HostFunction(fi.module(), fi.name(), t, call.runtime().function(fi.module(), fi.name(), t)));
      }
    }
    return out;
  }

  private static com.dylibso.chicory.runtime.WasmFunctionHandle abiFunction(String fn, Layout l, GcCall c) {
    return switch (fn) {
      case "input_length" -> (inst, args) -> new long[] {c.input().length()};
      case "input" -> (inst, args) -> {
        write(inst, l, args[0], c.input());
        return null;
      };
      case "output" -> (inst, args) -> {
        c.output(read(inst, l, args[0], c.outputLimit()));
        return null;
      };
      case "result" -> (inst, args) -> {
        write(inst, l, args[0], c.takePending());
        return null;
      };
      case "log" -> (inst, args) -> {
        c.host().log((int) args[0], read(inst, l, args[1], Invocation.MAX_LOG_LINE * 4));
        return null;
      };
      case "clock_ms" -> (inst, args) -> new long[] {c.host().clockMillis()};
      case "secret_exists" -> (inst, args) -> new long[] {c.host().secretExists(read(inst, l, args[0], 256)) ? 1 : 0};
      case "http" -> (inst, args) -> new long[] {c.pending(c.host().http(read(inst, l, args[0], Invocation.MAX_HTTP_REQUEST)))};
      case "workspace_read" -> (inst, args) -> new long[] {c.pending(c.host().workspaceRead(read(inst, l, args[0], 4096)))};
      case "kv" -> (inst, args) -> new long[] {c.pending(c.host().kv(read(inst, l, args[0], 2 * KvStore.MAX_VALUE)))};
      case "invoke_tool" -> (inst, args) -> new long[] {c.pending(c.host().invokeTool(read(inst, l, args[0], Invocation.MAX_HTTP_REQUEST)))};
      default -> throw new IllegalStateException("unknown ABI function " + fn);
    };
  }

  /** The characters of a char[] the module handed over, refusing null, foreign objects and oversize. */
  static String read(Instance inst, Layout l, long ref, int max) {
    WasmArray a = array(inst, l, ref);
    if (a.length() > max) {
      throw new SandboxException("abi-violation", "a string of " + a.length() + " characters crossed the ABI; the limit here is " + max);
    }
    char[] cs = new char[a.length()];
    for (int i = 0; i < cs.length; i++) {
      cs[i] = (char) a.get(i);
    }
    String s = new String(cs);
    checkUtf16(s);
    return s;
  }

  /** Copies {@code s} into a char[] the module allocated; its length must be exactly {@code s.length()}. */
  static void write(Instance inst, Layout l, long ref, String s) {
    WasmArray a = array(inst, l, ref);
    if (a.length() != s.length()) {
      throw new SandboxException("abi-violation", "the buffer has " + a.length() + " characters; the answer has " + s.length());
    }
    for (int i = 0; i < s.length(); i++) {
      a.set(i, s.charAt(i));
    }
  }

  private static WasmArray array(Instance inst, Layout l, long ref) {
    if (ref == Value.REF_NULL_VALUE) {
      throw new SandboxException("abi-violation", "null crossed the ABI where a char[] was expected");
    }
    WasmGcRef o = inst.gcRef((int) ref);
    if (o instanceof WasmStruct s && s.fieldCount() > l.dataField()) {
      long data = s.field(l.dataField());
      if (data != Value.REF_NULL_VALUE && inst.gcRef((int) data) instanceof WasmArray a) {
        return a;
      }
    }
    throw new SandboxException("abi-violation", "a value that is not a char[] crossed the ABI");
  }

  /** Strings must be well-formed UTF-16 (no lone surrogates), so they are valid UTF-8 on the other side. */
  static void checkUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(ch)) {
        throw new SandboxException("abi-violation", "a string that crossed the ABI is not valid UTF-16");
      }
    }
  }
}

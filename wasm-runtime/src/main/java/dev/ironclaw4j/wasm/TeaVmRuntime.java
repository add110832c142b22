package dev.ironclaw4j.wasm;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmArray;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.UnknownCustomSection;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host side of TeaVM's JavaScript-loader imports for one call of a GC-profile module: about ten
 * functions with real, pure semantics (JS string builtins over a small host-side string table,
 * {@code Math}, the clock, {@code System.out}/{@code err} as log lines) and inert stubs for the
 * JavaScript interop and weak-reference hooks, which answer null or zero. None of them reaches a
 * file, the network, the environment or a secret; the clock goes through the call's host calls.
 */
final class TeaVmRuntime {
  /** Most host-side strings one call may create (they are never freed during the call). */
  static final int MAX_STRINGS = 60_000;
  /** Most characters in host-side strings per call. */
  static final long MAX_STRING_CHARS = 4L << 20;

  private static final Map<String, String> JS_STRING = Map.ofEntries(
      Map.entry("fromCharCode", "I>E"), Map.entry("fromCodePoint", "I>E"), Map.entry("fromCharCodeArray", "EII>E"),
      Map.entry("intoCharCodeArray", "EEI>I"), Map.entry("concat", "EE>E"), Map.entry("charCodeAt", "EI>I"),
      Map.entry("codePointAt", "EI>I"), Map.entry("length", "E>I"), Map.entry("substring", "EII>E"),
      Map.entry("equals", "EE>I"), Map.entry("compare", "EE>I"), Map.entry("test", "E>I"), Map.entry("cast", "E>E"));
  private static final Map<String, String> DATE = Map.ofEntries(
      Map.entry("currentTimeMillis", ">D"), Map.entry("dateToString", "D>E"), Map.entry("getYear", "D>I"),
      Map.entry("getMonth", "D>I"), Map.entry("getDate", "D>I"), Map.entry("setYear", "DI>D"), Map.entry("setMonth", "DI>D"),
      Map.entry("setDate", "DI>D"), Map.entry("create", "IIIIII>D"), Map.entry("createFromUTC", "IIIIII>D"));
  private static final Map<String, DoubleUnaryOperator> MATH1 = Map.ofEntries(
      Map.entry("sin", Math::sin), Map.entry("cos", Math::cos), Map.entry("tan", Math::tan), Map.entry("asin", Math::asin),
      Map.entry("acos", Math::acos), Map.entry("atan", Math::atan), Map.entry("exp", Math::exp), Map.entry("log", Math::log),
      Map.entry("sqrt", Math::sqrt), Map.entry("ceil", Math::ceil), Map.entry("floor", Math::floor), Map.entry("abs", Math::abs),
      Map.entry("sign", Math::signum), Map.entry("cbrt", Math::cbrt), Map.entry("log10", Math::log10), Map.entry("log1p", Math::log1p),
      Map.entry("expm1", Math::expm1), Map.entry("sinh", Math::sinh), Map.entry("cosh", Math::cosh), Map.entry("tanh", Math::tanh),
      Map.entry("round", x -> Math.floor(x + 0.5)), Map.entry("trunc", x -> x < 0 ? Math.ceil(x) : Math.floor(x)));
  private static final Map<String, DoubleBinaryOperator> MATH2 = Map.of(
      "atan2", Math::atan2, "pow", Math::pow, "min", Math::min, "max", Math::max, "hypot", Math::hypot);
  /** Namespaces whose functions are inert here: JS interop, weak references, timers. */
  private static final Set<String> INERT = Set.of("teavmJso", "teavm", "teavmAsync");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]{0,63}");
  private static final Pattern DATA_SIZE = Pattern.compile("\"dataSize\"\\s*:\\s*([0-9]{1,9})");

  private final HostCalls host;
  private final List<String> strings = new ArrayList<>();
  private long stringChars;
  private final StringBuilder[] console = {new StringBuilder(), new StringBuilder()};

  TeaVmRuntime(HostCalls host) {
    this.host = host;
    strings.add(null); // id 0 is never handed out
  }

  /** Refuses a runtime import that is not TeaVM's or does not have the type its stub needs. */
  static void checkImport(String tool, String what, String module, String name, FunctionType t) {
    String sig = switch (module) {
      case "wasm:js-string" -> JS_STRING.get(name);
      case "teavmDate" -> DATE.get(name);
      case "teavmMath" -> MATH1.containsKey(name) ? "D>D" : MATH2.containsKey(name) ? "DD>D" : name.equals("random") ? ">D" : null;
      case "teavmConsole" -> name.equals("putcharStdout") || name.equals("putcharStderr") ? "I>" : null;
      case "teavmMemory" -> name.equals("notifyHeapResized") ? ">" : null;
      default -> INERT.contains(module) && NAME.matcher(name).matches() ? "*" : null;
    };
    if (sig == null) {
      throw new SandboxException("import-not-allowed", tool + ": imports " + what + ", which is neither in host ABI "
          + ToolManifest.ABI_VERSION + " nor part of TeaVM's runtime");
    }
    if (!sig.equals("*") && !matches(sig, t)) {
      throw new SandboxException("import-not-allowed", tool + ": imports " + what + " as " + t + ", not as TeaVM's runtime declares it");
    }
  }

  private static boolean matches(String sig, FunctionType t) {
    String[] parts = sig.split(">", -1);
    return types(parts[0], t.params()) && types(parts[1], t.returns());
  }

  private static boolean types(String codes, List<ValType> got) {
    if (codes.length() != got.size()) {
      return false;
    }
    for (int i = 0; i < codes.length(); i++) {
      ValType v = got.get(i);
      boolean ok = switch (codes.charAt(i)) {
        case 'I' -> v.equals(ValType.I32);
        case 'D' -> v.equals(ValType.F64) || v.equals(ValType.F32);
        default -> v.isReference();
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Where TeaVM's own linear-memory heap starts: after its static data (custom section {@code teavm.memoryRequirements}). */
  static int heapOffset(WasmModule m) {
    for (CustomSection c : m.customSections()) {
      if (c.name().equals("teavm.memoryRequirements") && c instanceof UnknownCustomSection u) {
        Matcher mt = DATA_SIZE.matcher(new String(u.bytes(), StandardCharsets.UTF_8));
        if (mt.find()) {
          int size = Integer.parseInt(mt.group(1));
          return (size + 7) & ~7;
        }
      }
    }
    return 0;
  }

  /** The stub for one import (already checked by {@link #checkImport}). */
  WasmFunctionHandle function(String module, String name, FunctionType t) {
    return switch (module) {
      case "wasm:js-string" -> jsString(name);
      case "teavmDate" -> date(name, t);
      case "teavmMath" -> math(name, t);
      case "teavmConsole" -> (inst, args) -> {
        putchar(name.equals("putcharStderr") ? 1 : 0, (int) args[0]);
        return null;
      };
      default -> inert(t);
    };
  }

  /** Flushes what {@code System.out}/{@code err} printed without a final newline. */
  void flush() {
    for (int i = 0; i < console.length; i++) {
      if (!console[i].isEmpty()) {
        host.log(i == 1 ? 2 : 1, console[i].toString());
        console[i].setLength(0);
      }
    }
  }

  private void putchar(int stream, int c) {
    StringBuilder b = console[stream];
    if (c == '\n' || b.length() >= Invocation.MAX_LOG_LINE) {
      host.log(stream == 1 ? 2 : 1, b.toString());
      b.setLength(0);
    }
    if (c != '\n') {
      b.append((char) c);
    }
  }

  private static WasmFunctionHandle inert(FunctionType t) {
    List<ValType> r = t.returns();
    return (inst, args) -> {
      long[] out = new long[r.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = r.get(i).isReference() ? Value.REF_NULL_VALUE : 0;
      }
      return out;
    };
  }

  private WasmFunctionHandle jsString(String name) {
    return switch (name) {
      case "fromCharCode" -> (inst, a) -> ref(String.valueOf((char) a[0]));
      case "fromCodePoint" -> (inst, a) -> {
        if (!Character.isValidCodePoint((int) a[0])) {
          throw new SandboxException("trap", "fromCodePoint: invalid code point");
        }
        return ref(new String(Character.toChars((int) a[0])));
      };
      case "fromCharCodeArray" -> (inst, a) -> {
        WasmArray arr = array(inst, a[0]);
        int from = (int) a[1];
        int to = (int) a[2];
        if (from < 0 || to < from || to > arr.length()) {
          throw new SandboxException("trap", "fromCharCodeArray: range out of bounds");
        }
        char[] cs = new char[to - from];
        for (int i = 0; i < cs.length; i++) {
          cs[i] = (char) arr.get(from + i);
        }
        return ref(new String(cs));
      };
      case "intoCharCodeArray" -> (inst, a) -> {
        String s = str(a[0]);
        WasmArray arr = array(inst, a[1]);
        int at = (int) a[2];
        if (at < 0 || (long) at + s.length() > arr.length()) {
          throw new SandboxException("trap", "intoCharCodeArray: range out of bounds");
        }
        for (int i = 0; i < s.length(); i++) {
          arr.set(at + i, s.charAt(i));
        }
        return new long[] {s.length()};
      };
      case "concat" -> (inst, a) -> ref(str(a[0]) + str(a[1]));
      case "charCodeAt" -> (inst, a) -> new long[] {str(a[0]).charAt(index(a[0], a[1]))};
      case "codePointAt" -> (inst, a) -> new long[] {str(a[0]).codePointAt(index(a[0], a[1]))};
      case "length" -> (inst, a) -> new long[] {str(a[0]).length()};
      case "substring" -> (inst, a) -> {
        String s = str(a[0]);
        int from = Math.max(0, Math.min(s.length(), (int) a[1]));
        int to = Math.max(from, Math.min(s.length(), (int) a[2]));
        return ref(s.substring(from, to));
      };
      case "equals" -> (inst, a) -> new long[] {a[0] == Value.REF_NULL_VALUE || a[1] == Value.REF_NULL_VALUE
          ? (a[0] == a[1] ? 1 : 0) : (str(a[0]).equals(str(a[1])) ? 1 : 0)};
      case "compare" -> (inst, a) -> new long[] {Integer.signum(str(a[0]).compareTo(str(a[1])))};
      case "test" -> (inst, a) -> new long[] {isString(a[0]) ? 1 : 0};
      default -> (inst, a) -> { // cast
        str(a[0]);
        return new long[] {a[0]};
      };
    };
  }

  private int index(long ref, long i) {
    if (i < 0 || i >= str(ref).length()) {
      throw new SandboxException("trap", "string index out of bounds");
    }
    return (int) i;
  }

  private boolean isString(long ref) {
    return ref > 0 && ref < strings.size() && strings.get((int) ref) != null;
  }

  private String str(long ref) {
    if (!isString(ref)) {
      throw new SandboxException("trap", "a JS string builtin got something that is not a string");
    }
    return strings.get((int) ref);
  }

  private long[] ref(String s) {
    if (strings.size() >= MAX_STRINGS || stringChars + s.length() > MAX_STRING_CHARS) {
      throw new SandboxException("abi-violation", "the call created more host-side strings than allowed ("
          + MAX_STRINGS + " strings, " + MAX_STRING_CHARS + " characters)");
    }
    strings.add(s);
    stringChars += s.length();
    return new long[] {strings.size() - 1};
  }

  private static WasmArray array(Instance inst, long ref) {
    if (ref != Value.REF_NULL_VALUE && inst.gcRef((int) ref) instanceof WasmArray a) {
      return a;
    }
    throw new SandboxException("trap", "a JS string builtin got something that is not an array");
  }

  private WasmFunctionHandle date(String name, FunctionType t) {
    boolean f32 = !t.returns().isEmpty() && t.returns().get(0).equals(ValType.F32);
    return switch (name) {
      case "currentTimeMillis" -> (inst, a) -> number((double) host.clockMillis(), f32);
      case "dateToString" -> (inst, a) -> ref(utc(a[0], t).toString());
      case "getYear" -> (inst, a) -> new long[] {utc(a[0], t).getYear()};
      case "getMonth" -> (inst, a) -> new long[] {utc(a[0], t).getMonthValue() - 1};
      case "getDate" -> (inst, a) -> new long[] {utc(a[0], t).getDayOfMonth()};
      case "setYear" -> (inst, a) -> millis(utc(a[0], t).withYear(clamp(a[1], 1, 9999)), f32);
      case "setMonth" -> (inst, a) -> millis(utc(a[0], t).withMonth(clamp(a[1] + 1, 1, 12)), f32);
      case "setDate" -> (inst, a) -> millis(utc(a[0], t).withDayOfMonth(clamp(a[1], 1, 28)), f32);
      default -> (inst, a) -> millis(ZonedDateTime.of(clamp(a[0], 1, 9999), 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)
          .plusMonths((int) a[1]).plusDays((int) a[2] - 1L).plusHours((int) a[3]).plusMinutes((int) a[4])
          .plusSeconds((int) a[5]), f32);
    };
  }

  private static int clamp(long v, int min, int max) {
    return Math.max(min, Math.min(max, (int) v));
  }

  private static ZonedDateTime utc(long raw, FunctionType t) {
    double ms = t.params().get(0).equals(ValType.F32) ? Value.longToFloat(raw) : Value.longToDouble(raw);
    if (Double.isNaN(ms) || Math.abs(ms) > 8.64e15) {
      throw new SandboxException("trap", "date out of range");
    }
    return Instant.ofEpochMilli((long) ms).atZone(ZoneOffset.UTC);
  }

  private static long[] millis(ZonedDateTime d, boolean f32) {
    return number((double) d.toInstant().toEpochMilli(), f32);
  }

  private static long[] number(double v, boolean f32) {
    return new long[] {f32 ? Value.floatToLong((float) v) : Value.doubleToLong(v)};
  }

  private static WasmFunctionHandle math(String name, FunctionType t) {
    boolean f32 = t.returns().get(0).equals(ValType.F32);
    List<ValType> p = t.params();
    if (name.equals("random")) {
      return (inst, a) -> number(Math.random(), f32);
    }
    DoubleUnaryOperator one = MATH1.get(name);
    if (one != null) {
      return (inst, a) -> number(one.applyAsDouble(arg(a[0], p.get(0))), f32);
    }
    DoubleBinaryOperator two = MATH2.get(name);
    return (inst, a) -> number(two.applyAsDouble(arg(a[0], p.get(0)), arg(a[1], p.get(1))), f32);
  }

  private static double arg(long raw, ValType t) {
    return t.equals(ValType.F32) ? Value.longToFloat(raw) : Value.longToDouble(raw);
  }
}

package dev.ironclaw4j.server.os;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes the server process non-dumpable on Linux ({@code prctl(PR_SET_DUMPABLE, 0)}), so other
 * processes of the same user — a hostile MCP server or tool the server started — cannot attach a
 * debugger or read the server's memory through {@code /proc/PID/mem}, where decrypted secrets live.
 *
 * <p>It also sets the umask to 077 ({@link #ownerOnlyFiles()}), so the database, logs and every other
 * file the process creates are its owner's only (0600, folders 0700), whatever the user's umask.
 *
 * <p>The calls go through the FFM API. The code is compiled for Java 21, where FFM is still a preview
 * API, so it is reached reflectively and works on the JDK 22+ runtimes the launcher prefers; on an
 * older runtime or another OS the status says so plainly.
 */
public final class ProcessHardening {
  private static final int PR_GET_DUMPABLE = 3;
  private static final int PR_SET_DUMPABLE = 4;

  private ProcessHardening() {}

  /** Whether the process is now non-dumpable, and if not, why. */
  public record Status(boolean nonDumpable, String detail) {}

  /** Sets the process non-dumpable (idempotent) and reports the result. */
  public static Status makeNonDumpable() {
    Optional<MethodHandle> prctl = prctl();
    if (prctl.isEmpty()) {
      return new Status(false, unavailableReason("prctl"));
    }
    try {
      int set = (int) prctl.get().invokeWithArguments(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L);
      int now = (int) prctl.get().invokeWithArguments(PR_GET_DUMPABLE, 0L, 0L, 0L, 0L);
      if (set == 0 && now == 0) {
        return new Status(true, "non-dumpable: same-user processes cannot read the server's memory");
      }
      return new Status(false, "prctl(PR_SET_DUMPABLE, 0) returned " + set + ", dumpable is " + now);
    } catch (Throwable t) {
      return new Status(false, "prctl failed: " + t.getClass().getSimpleName() + ": " + t.getMessage());
    }
  }

  /** Whether files this process creates are its owner's only, and if not, why. */
  public record FileModes(boolean ownerOnly, String detail) {}

  /** Sets the umask to 077 (idempotent): every file and folder created from now on is owner-only. */
  public static FileModes ownerOnlyFiles() {
    Optional<MethodHandle> umask = downcall("umask", 1, false);
    if (umask.isEmpty()) {
      return new FileModes(false, unavailableReason("umask"));
    }
    try {
      umask.get().invokeWithArguments(0077);
      return new FileModes(true, "umask 077: new files 0600, folders 0700");
    } catch (Throwable t) {
      return new FileModes(false, "umask failed: " + t.getClass().getSimpleName() + ": " + t.getMessage());
    }
  }

  /** Reads the flag without changing it: 0 non-dumpable, 1 dumpable, -1 unknown. */
  public static int dumpable() {
    try {
      return prctl().isEmpty() ? -1 : (int) prctl().get().invokeWithArguments(PR_GET_DUMPABLE, 0L, 0L, 0L, 0L);
    } catch (Throwable t) {
      return -1;
    }
  }

  private static String unavailableReason(String function) {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return "not Linux (" + System.getProperty("os.name") + "): " + (function.equals("prctl")
          ? "no PR_SET_DUMPABLE; on macOS the hardened runtime plays this role"
          : "no " + function + " through FFM here");
    }
    if (Runtime.version().feature() < 22) {
      return "Java " + Runtime.version().feature() + " has no final FFM API; run on JDK 22+ to enable it";
    }
    return function + " is not reachable through FFM (is native access enabled? the launcher passes --enable-native-access)";
  }

  private static Optional<MethodHandle> prctl() {
    // int prctl(int option, ...): the arguments after the first are variadic
    return downcall("prctl", 5, true);
  }

  /** A libc function taking {@code ints} arguments (the first an int, the rest longs if variadic) and returning int. */
  private static Optional<MethodHandle> downcall(String name, int ints, boolean variadic) {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux") || Runtime.version().feature() < 22) {
      return Optional.empty();
    }
    try {
      Class<?> linkerC = Class.forName("java.lang.foreign.Linker");
      Class<?> lookupC = Class.forName("java.lang.foreign.SymbolLookup");
      Class<?> layoutC = Class.forName("java.lang.foreign.MemoryLayout");
      Class<?> valueC = Class.forName("java.lang.foreign.ValueLayout");
      Class<?> descC = Class.forName("java.lang.foreign.FunctionDescriptor");
      Class<?> segmentC = Class.forName("java.lang.foreign.MemorySegment");
      Class<?> optionC = Class.forName("java.lang.foreign.Linker$Option");
      Object linker = linkerC.getMethod("nativeLinker").invoke(null);
      Object lookup = linkerC.getMethod("defaultLookup").invoke(linker);
      Optional<?> symbol = (Optional<?>) lookupC.getMethod("find", String.class).invoke(lookup, name);
      if (symbol.isEmpty()) {
        return Optional.empty();
      }
      Object jint = valueC.getField("JAVA_INT").get(null);
      Object jlong = valueC.getField("JAVA_LONG").get(null);
      Object args = Array.newInstance(layoutC, ints);
      Array.set(args, 0, jint);
      for (int i = 1; i < ints; i++) {
        Array.set(args, i, variadic ? jlong : jint);
      }
      Object desc = descC.getMethod("of", layoutC, args.getClass()).invoke(null, jint, args);
      Object options = Array.newInstance(optionC, variadic ? 1 : 0);
      if (variadic) {
        Array.set(options, 0, optionC.getMethod("firstVariadicArg", int.class).invoke(null, 1));
      }
      return Optional.of((MethodHandle) linkerC.getMethod("downcallHandle", segmentC, descC, options.getClass())
          .invoke(linker, symbol.get(), desc, options));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty();
    }
  }
}

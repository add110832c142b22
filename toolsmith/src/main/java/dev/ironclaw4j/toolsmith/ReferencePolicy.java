package dev.ironclaw4j.toolsmith;

import java.util.Map;
import java.util.Set;

/**
 * Which classes and members tool code may refer to: the tool SDK, its own classes and a pure part of
 * the Java class library (strings, numbers, collections, streams, regex, math, text). Everything that
 * could reach outside — reflection, threads, files and streams, sockets, processes, {@code System.exit}
 * and friends, TeaVM interop (which could add WASM imports) — is refused with a reason. Names are JVM
 * internal names ({@code java/util/List}); nested classes use {@code $}.
 *
 * <p>This is the compile-time half of the boundary; the sandbox is the other: whatever slipped through
 * could still reach only the host ABI its manifest grants.
 */
final class ReferencePolicy {
  static final String SDK = "dev/ironclaw4j/toolsmith/sdk/";

  private static final Set<String> JAVA_LANG = Set.of("Object", "String", "StringBuilder", "StringBuffer", "CharSequence",
      "Math", "StrictMath", "Integer", "Long", "Short", "Byte", "Character", "Boolean", "Double", "Float", "Number",
      "Comparable", "Iterable", "Enum", "Record", "Void", "AutoCloseable", "Cloneable", "Override", "Deprecated",
      "SuppressWarnings", "FunctionalInterface", "SafeVarargs", "Runnable", "Throwable", "Exception", "RuntimeException",
      "Error", "AssertionError", "IllegalArgumentException", "IllegalStateException", "NullPointerException",
      "IndexOutOfBoundsException", "ArrayIndexOutOfBoundsException", "StringIndexOutOfBoundsException",
      "NumberFormatException", "ArithmeticException", "UnsupportedOperationException", "ClassCastException",
      "NegativeArraySizeException", "CloneNotSupportedException", "MatchException", "System", "Character$UnicodeBlock",
      "Enum$EnumDesc", "Integer$IntegerCache", "Character$Subset");
  /** Bootstrap classes javac refers to for lambdas, string concatenation, records and pattern switches. */
  private static final Set<String> BOOTSTRAP = Set.of("java/lang/invoke/LambdaMetafactory", "java/lang/invoke/StringConcatFactory",
      "java/lang/runtime/ObjectMethods", "java/lang/runtime/SwitchBootstraps");
  /** Classes that appear in bootstrap signatures and InnerClasses, whose members tools may not use. */
  private static final Set<String> NO_MEMBERS = Set.of("java/lang/Class", "java/lang/invoke/MethodHandles",
      "java/lang/invoke/MethodHandles$Lookup", "java/lang/invoke/MethodHandle", "java/lang/invoke/MethodType",
      "java/lang/invoke/CallSite", "java/lang/invoke/TypeDescriptor", "java/lang/invoke/TypeDescriptor$OfField");
  private static final Set<String> SYSTEM_ALLOWED = Set.of("currentTimeMillis", "nanoTime", "arraycopy", "identityHashCode",
      "lineSeparator", "out", "err");
  private static final Set<String> OBJECT_DENIED = Set.of("getClass", "wait", "notify", "notifyAll");
  private static final String[] UTIL_DENIED = {"java/util/concurrent/", "java/util/logging/", "java/util/prefs/", "java/util/jar/",
      "java/util/zip/", "java/util/spi/", "java/util/ServiceLoader", "java/util/Timer", "java/util/Scanner", "java/util/Properties"};
  private static final Map<String, String> CATEGORIES = Map.ofEntries(
      Map.entry("java/lang/reflect/", "reflection"), Map.entry("java/lang/Class", "reflection"),
      Map.entry("java/lang/ClassLoader", "reflection"), Map.entry("java/lang/Module", "reflection"),
      Map.entry("java/lang/invoke/", "reflection"), Map.entry("java/lang/Thread", "threads"),
      Map.entry("java/util/concurrent/", "threads"), Map.entry("java/util/Timer", "threads"),
      Map.entry("java/io/", "files and streams"), Map.entry("java/nio/file/", "files and streams"),
      Map.entry("java/nio/channels/", "files and streams"), Map.entry("java/net/", "sockets and the network (use Http)"),
      Map.entry("javax/net/", "sockets and the network (use Http)"), Map.entry("java/lang/Runtime", "processes"),
      Map.entry("java/lang/Process", "processes"), Map.entry("org/teavm/", "TeaVM interop (WASM imports beyond the SDK)"),
      Map.entry("java/lang/System", "the process environment"), Map.entry("java/lang/Object", "reflection and threads"));

  private final Set<String> own;

  /** @param own internal names of the tool's own classes */
  ReferencePolicy(Set<String> own) {
    this.own = Set.copyOf(own);
  }

  boolean isOwn(String name) {
    return own.contains(name);
  }

  /**
   * Why tool code may not refer to class {@code name} at all (in a signature, a cast, {@code new},
   * an import ...), or null when it may.
   */
  String classRefusal(String name) {
    if (own.contains(name) || name.startsWith(SDK) && !name.equals(SDK + "Abi") || BOOTSTRAP.contains(name)
        || NO_MEMBERS.contains(name)) {
      return null;
    }
    if (name.startsWith("java/lang/") && JAVA_LANG.contains(name.substring("java/lang/".length()))) {
      return null;
    }
    if (name.startsWith("java/util/")) {
      for (String d : UTIL_DENIED) {
        if (name.startsWith(d)) {
          return refusal(name, null);
        }
      }
      return null;
    }
    if (name.startsWith("java/math/") || name.startsWith("java/text/") || name.startsWith("java/time/")
        || name.equals("java/nio/charset/StandardCharsets") || name.equals("java/nio/charset/Charset")
        || name.equals("java/lang/Iterable")) {
      return null;
    }
    return refusal(name, null);
  }

  /** Why tool code may not use member {@code member} of class {@code owner}, or null when it may. */
  String memberRefusal(String owner, String member) {
    String c = classRefusal(owner);
    if (c != null) {
      return c;
    }
    if (NO_MEMBERS.contains(owner)
        || owner.equals("java/lang/System") && !SYSTEM_ALLOWED.contains(member)
        || owner.equals("java/lang/Object") && OBJECT_DENIED.contains(member)) {
      return refusal(owner, member);
    }
    return null;
  }

  private static String refusal(String name, String member) {
    String what = name.replace('/', '.').replace('$', '.') + (member == null ? "" : "." + member);
    String category = "not part of the class library tools may use";
    int best = -1;
    for (Map.Entry<String, String> e : CATEGORIES.entrySet()) {
      if (name.startsWith(e.getKey()) && e.getKey().length() > best) {
        category = e.getValue();
        best = e.getKey().length();
      }
    }
    return what + " is not allowed in a tool (" + category + ")";
  }
}

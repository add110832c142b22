package dev.ironclaw4j.toolsmith;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The backstop of the reference check, on the compiled classes before TeaVM sees them: every class
 * in the constant pool, every field and method reference (owner and name) and every type in a
 * descriptor must be allowed by the {@link ReferencePolicy}. This also covers what javac generates
 * on its own (lambdas, string concatenation, records, enum {@code valueOf}).
 */
final class ClassFileCheck {
  private ClassFileCheck() {}

  /** The refusals for one class file (empty when it is clean). */
  static List<String> check(byte[] classFile, ReferencePolicy policy) {
    Set<String> out = new LinkedHashSet<>();
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
      if (in.readInt() != 0xCAFEBABE) {
        return List.of("not a class file");
      }
      in.readUnsignedShort();
      in.readUnsignedShort();
      int n = in.readUnsignedShort();
      Object[] pool = new Object[n];
      int[] tags = new int[n];
      for (int i = 1; i < n; i++) {
        int tag = in.readUnsignedByte();
        tags[i] = tag;
        switch (tag) {
          case 1 -> pool[i] = in.readUTF();
          case 3, 4 -> in.readInt();
          case 5, 6 -> {
            in.readLong();
            i++;
          }
          case 7, 8, 16, 19, 20 -> pool[i] = new int[] {in.readUnsignedShort()};
          case 9, 10, 11, 12, 17, 18 -> pool[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
          case 15 -> pool[i] = new int[] {in.readUnsignedByte(), in.readUnsignedShort()};
          default -> {
            return List.of("unknown constant pool tag " + tag);
          }
        }
      }
      for (int i = 1; i < n; i++) {
        switch (tags[i]) {
          case 7 -> {
            String name = utf(pool, ((int[]) pool[i])[0]);
            if (name.startsWith("[")) {
              descriptor(name, policy, out);
            } else {
              add(out, policy.classRefusal(name));
            }
          }
          case 9, 10, 11 -> {
            int[] ref = (int[]) pool[i];
            String owner = utf(pool, ((int[]) pool[ref[0]])[0]);
            int[] nat = (int[]) pool[ref[1]];
            if (!owner.startsWith("[")) {
              add(out, policy.memberRefusal(owner, utf(pool, nat[0])));
            }
            descriptor(utf(pool, nat[1]), policy, out);
          }
          case 12 -> descriptor(utf(pool, ((int[]) pool[i])[1]), policy, out);
          case 16 -> descriptor(utf(pool, ((int[]) pool[i])[0]), policy, out);
          default -> { }
        }
      }
      // Field and method declarations: their descriptors are plain UTF-8 entries; check every entry
      // that is a well-formed descriptor (a string constant that looks like one is checked too).
      for (int i = 1; i < n; i++) {
        // Generic signatures (with '<') only restate erased types that real descriptors carry too.
        if (tags[i] == 1 && looksLikeDescriptor((String) pool[i]) && ((String) pool[i]).indexOf('<') < 0) {
          descriptor((String) pool[i], policy, out);
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.of("the class file cannot be read: " + e.getMessage());
    }
    return new ArrayList<>(out);
  }

  private static void add(Set<String> out, String refusal) {
    if (refusal != null) {
      out.add(refusal);
    }
  }

  private static String utf(Object[] pool, int i) {
    return (String) pool[i];
  }

  private static boolean looksLikeDescriptor(String s) {
    if (s.isEmpty() || "([L".indexOf(s.charAt(0)) < 0 || !s.contains(";")) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' || c == '.') {
        return false;
      }
    }
    return true;
  }

  /** Checks every class named in a field or method descriptor. */
  private static void descriptor(String d, ReferencePolicy policy, Set<String> out) {
    for (int i = 0; i < d.length(); i++) {
      if (d.charAt(i) == 'T') { // a type variable in a signature
        int end = d.indexOf(';', i);
        if (end < 0) {
          return;
        }
        i = end;
      } else if (d.charAt(i) == 'L') {
        int end = d.indexOf(';', i);
        if (end < 0) {
          return;
        }
        String name = d.substring(i + 1, end);
        if (!name.equals("java/lang/Class") && !name.startsWith("java/lang/invoke/")) {
          add(out, policy.classRefusal(name));
        }
        i = end;
      }
    }
  }
}

package dev.ironclaw4j.guard.vault;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stored text form of a secret's bindings: one binding per line, {@code URL<TAB>METHODS<TAB>INJECTION}
 * with METHODS a comma list or {@code *} for all. Exact and reversible; the text is part of the
 * record's associated data, so it cannot be edited in the database without detection.
 */
final class BindingsCodec {
  static final int MAX_BINDINGS = 64;

  private BindingsCodec() {}

  static String encode(List<SecretBinding> bindings) {
    if (bindings.size() > MAX_BINDINGS) {
      throw new VaultException("bad-binding", "at most " + MAX_BINDINGS + " bindings per secret");
    }
    StringBuilder b = new StringBuilder();
    for (SecretBinding sb : bindings) {
      String url = sb.urlRule();
      String inj = sb.injection().format();
      if (hasControl(url) || hasControl(inj) || url.contains(" ")) {
        throw new VaultException("bad-binding", "a binding URL must not contain spaces or control characters");
      }
      b.append(url).append('\t')
          .append(sb.methods().isEmpty() ? "*" : String.join(",", new TreeSet<>(sb.methods())))
          .append('\t').append(inj).append('\n');
    }
    return b.toString();
  }

  static List<SecretBinding> decode(String text) {
    List<SecretBinding> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 3) {
        throw new IllegalArgumentException("bad stored binding");
      }
      Set<String> methods = new TreeSet<>();
      if (!f[1].equals("*")) {
        methods.addAll(List.of(f[1].split(",")));
      }
      out.add(new SecretBinding(f[0], methods, Injection.parse(f[2])));
    }
    return List.copyOf(out);
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }
}

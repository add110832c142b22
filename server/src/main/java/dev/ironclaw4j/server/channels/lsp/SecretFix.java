package dev.ironclaw4j.server.channels.lsp;

import dev.ironclaw4j.guard.vault.Vault;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The edit of the "Move secret to vault" quick fix: which span of the document is replaced, by what
 * reference to the environment variable, and the secret's suggested name.
 *
 * <p>Each language has a snippet with {@code {name}} where the name goes, e.g.
 * {@code System.getenv("{name}")}. In languages with expressions, a literal that is exactly the secret
 * is replaced whole (quotes included); a secret inside a longer string literal is cut out of it with the
 * language's concatenation ({@code "Bearer " + System.getenv("NAME")}). Elsewhere (configuration files,
 * plain text) the secret itself is replaced by the snippet, {@code ${NAME}} by default.
 */
final class SecretFix {
  /** A language's snippet, and its string concatenation operator (null: not an expression language). */
  record Lang(String snippet, String concat) {}

  static final Lang TEMPLATE = new Lang("${{name}}", null);

  static final Map<String, Lang> DEFAULTS = defaults();

  private static Map<String, Lang> defaults() {
    Map<String, Lang> m = new HashMap<>();
    Lang java = new Lang("System.getenv(\"{name}\")", "+");
    m.put("java", java);
    m.put("kotlin", java);
    m.put("groovy", java);
    m.put("scala", new Lang("sys.env(\"{name}\")", "+"));
    Lang js = new Lang("process.env.{name}", "+");
    for (String id : new String[] {"javascript", "typescript", "javascriptreact", "typescriptreact"}) {
      m.put(id, js);
    }
    m.put("python", new Lang("os.environ[\"{name}\"]", "+"));
    m.put("go", new Lang("os.Getenv(\"{name}\")", "+"));
    m.put("ruby", new Lang("ENV[\"{name}\"]", "+"));
    m.put("csharp", new Lang("Environment.GetEnvironmentVariable(\"{name}\")", "+"));
    m.put("php", new Lang("getenv('{name}')", "."));
    m.put("rust", new Lang("std::env::var(\"{name}\").unwrap_or_default()", null));
    m.put("shellscript", new Lang("${{name}}", null));
    return Map.copyOf(m);
  }

  /** One replacement: {@code [start, end)} of the document becomes {@code text}. */
  record Replacement(int start, int end, String text) {}

  private SecretFix() {}

  /** The language's snippet, a user's override (by language id) winning over the default. */
  static Lang lang(String languageId, Map<String, String> overrides) {
    String id = languageId == null ? "" : languageId.toLowerCase(Locale.ROOT);
    Lang base = DEFAULTS.getOrDefault(id, TEMPLATE);
    String o = overrides.get(id);
    return o == null || !o.contains("{name}") ? base : new Lang(o, base.concat());
  }

  static Replacement replacement(String text, int start, int end, String languageId, String name, Map<String, String> overrides) {
    Lang lang = lang(languageId, overrides);
    String expr = lang.snippet().replace("{name}", name);
    if (lang.concat() == null) {
      return new Replacement(start, end, expr);
    }
    LineIndex lines = new LineIndex(text);
    int lineStart = lines.lineStart(start);
    int lineEnd = lines.lineEnd(start);
    int open = -1;
    char q = 0;
    for (int i = start - 1; i >= lineStart; i--) {
      char c = text.charAt(i);
      if ((c == '"' || c == '\'' || c == '`') && !escaped(text, i, lineStart)) {
        open = i;
        q = c;
        break;
      }
    }
    int close = -1;
    if (open >= 0) {
      for (int i = end; i < lineEnd; i++) {
        if (text.charAt(i) == q && !escaped(text, i, lineStart)) {
          close = i;
          break;
        }
      }
    }
    if (open < 0 || close < 0) {
      return new Replacement(start, end, expr);
    }
    int prefix = stringPrefix(text, open, lineStart);
    String p = text.substring(open - prefix, open);
    String op = " " + lang.concat() + " ";
    boolean emptyBefore = start == open + 1;
    boolean emptyAfter = end == close;
    if (emptyBefore && emptyAfter) {
      return new Replacement(open - prefix, close + 1, expr);
    }
    if (emptyBefore) {
      return new Replacement(open - prefix, end, expr + op + p + q);
    }
    if (emptyAfter) {
      return new Replacement(start, close + 1, q + op + expr);
    }
    return new Replacement(start, end, q + op + expr + op + p + q);
  }

  private static boolean escaped(String text, int i, int lineStart) {
    int backslashes = 0;
    for (int j = i - 1; j >= lineStart && text.charAt(j) == '\\'; j--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  /** Letters such as Python's r, b, f, u directly before an opening quote belong to the literal. */
  private static int stringPrefix(String text, int open, int lineStart) {
    int i = open;
    while (i > lineStart && i > open - 2 && "rRbBfFuU".indexOf(text.charAt(i - 1)) >= 0) {
      i--;
    }
    if (i < open && i > lineStart && Character.isJavaIdentifierPart(text.charAt(i - 1))) {
      return 0; // part of an identifier, not a prefix
    }
    return open - i;
  }

  private static final Pattern ASSIGNED =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_.-]*)[\"'`]?\\s*(?::=|=>|[:=])\\s*[\"'`]?[A-Za-z]{0,2}[\"'`]?\\s*$");

  /**
   * A name for the secret: the variable or key it is assigned to ({@code awsKey = "..."} gives
   * {@code AWS_KEY}), else its finding type; made unique against {@code taken}.
   */
  static String suggestName(String text, int start, String type, Predicate<String> taken) {
    LineIndex lines = new LineIndex(text);
    String before = text.substring(lines.lineStart(start), start);
    String base = null;
    Matcher m = ASSIGNED.matcher(before);
    if (m.find()) {
      String key = m.group(1);
      int dot = key.lastIndexOf('.');
      if (dot >= 0) {
        key = key.substring(dot + 1);
      }
      base = snake(key);
    }
    if (base == null || base.length() < 3 || !Vault.NAME.matcher(base).matches()) {
      base = snake(type == null || type.isEmpty() ? "secret" : type);
    }
    if (base.length() > 60) {
      base = base.substring(0, 60);
    }
    if (!Vault.NAME.matcher(base).matches()) {
      base = "SECRET";
    }
    return unique(base, taken);
  }

  /** {@code base}, or {@code base_2}, {@code base_3}... whichever is not taken yet. */
  static String unique(String base, Predicate<String> taken) {
    String name = base;
    for (int i = 2; taken.test(name) && i < 1000; i++) {
      name = base + "_" + i;
    }
    return name;
  }

  /** {@code awsKey}, {@code aws-key}, {@code aws.key} → {@code AWS_KEY}. */
  static String snake(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(s.charAt(i - 1))) {
        b.append('_');
      }
      if (Character.isLetterOrDigit(c)) {
        b.append(Character.toUpperCase(c));
      } else if (!b.isEmpty() && b.charAt(b.length() - 1) != '_') {
        b.append('_');
      }
    }
    while (!b.isEmpty() && b.charAt(b.length() - 1) == '_') {
      b.setLength(b.length() - 1);
    }
    String out = b.toString();
    return !out.isEmpty() && Character.isDigit(out.charAt(0)) ? "_" + out : out;
  }
}

package dev.ironclaw4j.toolsmith;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import tools.jackson.databind.node.ObjectNode;

/**
 * javac in-process (in the build worker): compiles the tool's one source file together with the
 * generated entry point against the SDK only, refuses references outside the {@link ReferencePolicy}
 * (in the source, with file and line, and again in the class files), and reads the tool's
 * declarations for its manifest. No annotation processor runs ({@code -proc:none}).
 */
final class SourceCompiler {
  /** Largest source accepted. */
  static final int MAX_SOURCE_CHARS = 256 * 1024;
  static final String ENTRY = "IronclawToolEntry";
  private static final Pattern FILE = Pattern.compile("[A-Z][A-Za-z0-9_]{0,63}\\.java");

  /** What came out: diagnostics, or the class directory, the entry class and the declarations. */
  record Result(List<Diagnostic> diagnostics, Path classes, String entryClass, ObjectNode declarations) {
    boolean ok() {
      return diagnostics.stream().noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
    }
  }

  private SourceCompiler() {}

  static Result compile(String fileName, String source, Path work, List<Path> classpath) throws IOException {
    List<Diagnostic> diags = new ArrayList<>();
    if (!FILE.matcher(fileName).matches()) {
      diags.add(Diagnostic.error(fileName, 0, 0, "the file name must be a Java class name ending in .java, e.g. WordCount.java"));
      return new Result(diags, null, null, null);
    }
    if (source.length() > MAX_SOURCE_CHARS) {
      diags.add(Diagnostic.error(fileName, 0, 0, "the source is " + source.length() + " characters; the limit is " + MAX_SOURCE_CHARS));
      return new Result(diags, null, null, null);
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IOException("this Java runtime has no compiler (a JDK is needed, not a JRE)");
    }
    Path classes = Files.createDirectories(work.resolve("classes"));
    String cp = String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList());
    List<String> options = List.of("--release", "21", "-proc:none", "-g:source,lines", "-implicit:none", "-Xlint:none",
        "-Xmaxerrs", "50", "-encoding", "UTF-8", "-classpath", cp, "-d", classes.toString());
    Source user = new Source(fileName, source);

    // First a parse alone, to find the tool class the entry point has to call.
    String[] toolClass = findToolClass(javac, options, user, fileName, diags);
    if (toolClass == null) {
      return new Result(diags, null, null, null);
    }
    String pkg = toolClass[0];
    String entryName = pkg.isEmpty() ? ENTRY : pkg + "." + ENTRY;
    String entrySource = (pkg.isEmpty() ? "" : "package " + pkg + ";\n")
        + "public final class " + ENTRY + " {\n"
        + "  public static void main(String[] args) {}\n"
        + "  @org.teavm.interop.Export(name = \"call\")\n"
        + "  public static void call() { dev.ironclaw4j.toolsmith.sdk.Entry.run(new " + toolClass[1] + "()); }\n"
        + "}\n";
    Source entry = new Source(ENTRY + ".java", entrySource);

    DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm = javac.getStandardFileManager(collector, Locale.ROOT, StandardCharsets.UTF_8)) {
      JavacTask task = (JavacTask) javac.getTask(new StringWriter(), fm, collector, options, null, List.of(user, entry));
      Declarations decl = new Declarations(task, fileName);
      SourcePolicyScanner scanner = new SourcePolicyScanner(task, fileName);
      task.addTaskListener(new TaskListener() {
        @Override
        public void finished(TaskEvent e) {
          if (e.getKind() == TaskEvent.Kind.ANALYZE && isUser(e.getSourceFile(), user)) {
            scanner.check(e.getCompilationUnit(), diags);
            decl.read(e.getCompilationUnit(), toolClass[1], diags);
          }
        }
      });
      boolean compiled = task.call();
      for (javax.tools.Diagnostic<? extends JavaFileObject> d : collector.getDiagnostics()) {
        if (d.getKind() == javax.tools.Diagnostic.Kind.ERROR || d.getKind() == javax.tools.Diagnostic.Kind.WARNING
            || d.getKind() == javax.tools.Diagnostic.Kind.MANDATORY_WARNING) {
          boolean inUser = isUser(d.getSource(), user);
          diags.add(new Diagnostic(d.getKind() == javax.tools.Diagnostic.Kind.ERROR ? Diagnostic.Severity.ERROR : Diagnostic.Severity.WARNING,
              fileName, inUser ? d.getLineNumber() : toolClass[2].isEmpty() ? 0 : Long.parseLong(toolClass[2]),
              inUser ? d.getColumnNumber() : 0,
              (inUser ? "" : "the tool class cannot be run: ") + d.getMessage(Locale.ROOT)));
        }
      }
      if (!compiled || diags.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR)) {
        return new Result(diags, null, null, null);
      }
      classFileCheck(classes, fileName, entryName, diags);
      return new Result(diags, classes, entryName, decl.json());
    }
  }

  /** javac hands back its own wrappers of our file objects: compare by URI. */
  private static boolean isUser(JavaFileObject f, Source user) {
    return f != null && f.toUri().equals(user.toUri());
  }

  /** Package, simple name and line of the one top-level class annotated {@code @Tool}. */
  private static String[] findToolClass(JavaCompiler javac, List<String> options, Source user, String fileName,
      List<Diagnostic> diags) throws IOException {
    DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
    JavacTask parse = (JavacTask) javac.getTask(new StringWriter(), null, collector, options, null, List.of(user));
    List<String[]> found = new ArrayList<>();
    for (CompilationUnitTree cu : parse.parse()) {
      String pkg = cu.getPackageName() == null ? "" : cu.getPackageName().toString();
      for (Tree t : cu.getTypeDecls()) {
        if (t instanceof ClassTree c && c.getModifiers().getAnnotations().stream()
            .anyMatch(a -> a.getAnnotationType().toString().equals("Tool") || a.getAnnotationType().toString().endsWith("sdk.Tool"))) {
          long line = cu.getLineMap().getLineNumber(
              com.sun.source.util.Trees.instance(parse).getSourcePositions().getStartPosition(cu, c));
          found.add(new String[] {pkg, c.getSimpleName().toString(), Long.toString(line)});
        }
      }
    }
    for (javax.tools.Diagnostic<? extends JavaFileObject> d : collector.getDiagnostics()) {
      if (d.getKind() == javax.tools.Diagnostic.Kind.ERROR) {
        diags.add(Diagnostic.error(fileName, d.getLineNumber(), d.getColumnNumber(), d.getMessage(Locale.ROOT)));
      }
    }
    if (!diags.isEmpty()) {
      return null;
    }
    if (found.size() != 1) {
      diags.add(Diagnostic.error(fileName, 1, 1, found.isEmpty()
          ? "no class is annotated @Tool (import dev.ironclaw4j.toolsmith.sdk.Tool and annotate the tool's public class)"
          : "more than one class is annotated @Tool; one source file makes one tool"));
      return null;
    }
    return found.get(0);
  }

  /** The backstop: every compiled class of the tool (not the generated entry) against the policy. */
  private static void classFileCheck(Path classes, String fileName, String entryName, List<Diagnostic> diags) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(classes)) {
      files = s.filter(p -> p.toString().endsWith(".class")).toList();
    }
    Set<String> own = new HashSet<>();
    for (Path p : files) {
      own.add(internalName(classes, p));
    }
    ReferencePolicy policy = new ReferencePolicy(own);
    for (Path p : files) {
      String name = internalName(classes, p);
      if (name.equals(entryName.replace('.', '/'))) {
        continue;
      }
      for (String refusal : ClassFileCheck.check(Files.readAllBytes(p), policy)) {
        diags.add(Diagnostic.error(fileName, 0, 0, "class " + name.replace('/', '.') + ": " + refusal));
      }
    }
  }

  private static String internalName(Path root, Path classFile) {
    String rel = root.relativize(classFile).toString().replace('\\', '/');
    return rel.substring(0, rel.length() - ".class".length());
  }

  /** A source file held in memory. */
  private static final class Source extends SimpleJavaFileObject {
    private final String text;

    Source(String name, String text) {
      super(URI.create("string:///" + name), Kind.SOURCE);
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }
}

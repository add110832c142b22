package dev.ironclaw4j.toolsmith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class-file backstop of the reference check, on classes javac really produces (no TeaVM involved). */
class ClassFileCheckTest {
  @TempDir
  Path out;

  private List<String> refusals(String source) throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    SimpleJavaFileObject f = new SimpleJavaFileObject(URI.create("string:///T.java"), javax.tools.JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignore) {
        return source;
      }
    };
    assertTrue(javac.getTask(new StringWriter(), null, null, List.of("-d", out.toString(), "-proc:none"), null, List.of(f)).call());
    List<Path> classes;
    try (Stream<Path> s = Files.walk(out)) {
      classes = s.filter(p -> p.toString().endsWith(".class")).toList();
    }
    Set<String> own = new HashSet<>();
    classes.forEach(p -> own.add(out.relativize(p).toString().replace(".class", "")));
    List<String> all = new ArrayList<>();
    for (Path p : classes) {
      all.addAll(ClassFileCheck.check(Files.readAllBytes(p), new ReferencePolicy(own)));
    }
    return all;
  }

  @Test
  void whatJavacGeneratesForOrdinaryCodeIsAllowed() throws Exception {
    assertEquals(List.of(), refusals("""
        import java.util.*;
        import java.util.stream.*;
        public class T {
          enum Color { RED, GREEN }
          record P(int x, String y) {}
          String f(List<String> in, Object o) {
            Runnable r = () -> {};
            r.run();
            Color c = Color.valueOf("RED");
            String s = switch (o) { case Integer i -> "int " + i; default -> "other"; };
            return in.stream().map(String::trim).collect(Collectors.joining(",")) + c + new P(1, "a") + s
                + Math.max(1, 2) + new java.math.BigInteger("12") + System.currentTimeMillis() + Base64.getEncoder().encodeToString(new byte[1]);
          }
        }
        """));
  }

  @Test
  void reflectionInBytecodeIsRefused() throws Exception {
    List<String> r = refusals("public class T { Object f(Object o) throws Exception { return o.getClass().getMethod(\"x\"); } }");
    assertTrue(r.stream().anyMatch(x -> x.contains("java.lang.Object.getClass")), r.toString());
    assertTrue(r.stream().anyMatch(x -> x.contains("reflection")), r.toString());
  }

  @Test
  void threadsFilesSocketsAndExitAreRefusedInBytecode() throws Exception {
    List<String> r = refusals("""
        public class T {
          void f() throws Exception {
            new Thread(() -> {}).start();
            new java.io.FileInputStream("/etc/passwd").close();
            new java.net.Socket("h", 1).close();
            System.exit(1);
            java.util.concurrent.Executors.newSingleThreadExecutor();
          }
        }
        """);
    for (String want : List.of("java.lang.Thread", "java.io.FileInputStream", "java.net.Socket", "java.lang.System.exit",
        "java.util.concurrent.Executors")) {
      assertTrue(r.stream().anyMatch(x -> x.startsWith(want + " ")), want + " in " + r);
    }
  }

  @Test
  void policyExplainsEachCategory() {
    ReferencePolicy p = new ReferencePolicy(Set.of("Mine"));
    assertEquals(null, p.classRefusal("Mine"));
    assertEquals(null, p.classRefusal("dev/ironclaw4j/toolsmith/sdk/Http"));
    assertTrue(p.classRefusal("dev/ironclaw4j/toolsmith/sdk/Abi").contains("not allowed"));
    assertTrue(p.classRefusal("org/teavm/interop/Import").contains("TeaVM interop"));
    assertTrue(p.memberRefusal("java/lang/System", "getenv").contains("System.getenv"));
    assertEquals(null, p.memberRefusal("java/lang/System", "currentTimeMillis"));
    assertTrue(p.classRefusal("java/lang/ProcessBuilder").contains("processes"));
  }
}

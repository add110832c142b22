package dev.ironclaw4j.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of ARCHITECTURE.md, enforced on the compiled classes of every module and on the
 * POMs: guard depends on no other module; nothing depends on server; only guard's egress makes HTTP
 * clients or outbound sockets; only the vault, egress and leak packages may read secret bytes.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importProduct() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.ironclaw4j");
    assertTrue(classes.size() > 20, "imported the product's classes");
  }

  @Test
  void guardDependsOnNoOtherModule() {
    classes()
        .that().resideInAPackage("dev.ironclaw4j.guard..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(
            "dev.ironclaw4j.guard..", "java..", "javax.crypto..", "javax.net..", "javax.security..",
            "com.google.crypto.tink..", "org.bouncycastle..", "com.google.re2j..",
            "tools.jackson..", "com.fasterxml.jackson.annotation..", "org.eclipse.jetty..")
        .check(classes);
  }

  @Test
  void nothingDependsOnServer() {
    noClasses()
        .that().resideOutsideOfPackage("dev.ironclaw4j.server..")
        .should().dependOnClassesThat().resideInAPackage("dev.ironclaw4j.server..")
        .check(classes);
  }

  @Test
  void onlyEgressConstructsHttpClientsOrOutboundSockets() {
    DescribedPredicate<JavaAccess<?>> network = DescribedPredicate.describe(
        "an HTTP client or an outbound socket",
        a -> {
          String owner = a.getTargetOwner().getName();
          String name = a.getName();
          return (name.equals("<init>") && (owner.equals("org.eclipse.jetty.client.HttpClient") || owner.equals("java.net.Socket")))
              || owner.startsWith("java.net.http.HttpClient")
              || (owner.equals("java.net.URL") && (name.equals("openConnection") || name.equals("openStream")))
              || (owner.equals("java.nio.channels.SocketChannel") && name.equals("open"));
        });
    noClasses()
        .that().resideOutsideOfPackage("dev.ironclaw4j.guard.egress..")
        // doctor's loopback port probe is the one exception: it sends nothing
        .and().doNotHaveFullyQualifiedName("dev.ironclaw4j.server.daemon.Daemon")
        .should().accessTargetWhere(network)
        .check(classes);
  }

  @Test
  void onlyVaultEgressAndLeakMayReadSecretBytes() {
    noClasses()
        .that().resideOutsideOfPackages("dev.ironclaw4j.guard.vault..", "dev.ironclaw4j.guard.egress..", "dev.ironclaw4j.guard.leak..")
        .should().dependOnClassesThat().haveFullyQualifiedName("dev.ironclaw4j.guard.vault.InsecureSecretAccess")
        .check(classes);
  }

  @Test
  void pomsFollowTheModuleRules() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<String> modules = new ArrayList<>();
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(root.resolve("pom.xml")));
    while (m.find()) {
      modules.add(m.group(1));
    }
    assertTrue(modules.containsAll(List.of("guard", "wasm-runtime", "toolsmith", "mcp-bridge", "server", "benchmarks")), modules.toString());
    for (String module : modules) {
      List<String> deps = internalDependencies(root.resolve(module).resolve("pom.xml"));
      assertFalse(deps.contains("server"), module + " must not depend on server");
      if (module.equals("guard")) {
        assertEquals(List.of(), deps, "guard depends on no other module");
      }
    }
  }

  private static List<String> internalDependencies(Path pom) throws Exception {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<dependency>\\s*<groupId>dev\\.ironclaw4j</groupId>\\s*<artifactId>([^<]+)</artifactId>")
        .matcher(Files.readString(pom));
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}

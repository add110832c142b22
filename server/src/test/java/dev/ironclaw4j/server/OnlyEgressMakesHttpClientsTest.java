package dev.ironclaw4j.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * Every outbound byte goes through guard's egress: no other product class may touch an HTTP client
 * type or open a URL connection itself. Covers every module on the server's class path.
 */
class OnlyEgressMakesHttpClientsTest {
  @Test
  void onlyEgressUsesAnHttpClient() {
    JavaClasses product = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.ironclaw4j");
    noClasses().that().resideOutsideOfPackage("dev.ironclaw4j.guard.egress..")
        .should().dependOnClassesThat().belongToAnyOf(
            org.eclipse.jetty.client.HttpClient.class,
            org.eclipse.jetty.client.Request.class,
            java.net.http.HttpClient.class,
            java.net.HttpURLConnection.class,
            java.net.URLConnection.class)
        .orShould().callMethod(URL.class, "openConnection")
        .orShould().callMethod(URL.class, "openStream")
        .because("egress is the one HTTP client of the product (ARCHITECTURE.md, 'Every outbound byte')")
        .check(product);
  }
}

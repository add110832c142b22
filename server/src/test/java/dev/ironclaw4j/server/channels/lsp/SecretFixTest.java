package dev.ironclaw4j.server.channels.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The quick fix's replacement per language and quoting, and the names it suggests. */
class SecretFixTest {
  static final String K = "AKIAZ3MXQ7RT2VBN4KLP";

  static String fix(String text, String language, Map<String, String> overrides) {
    int s = text.indexOf(K);
    SecretFix.Replacement r = SecretFix.replacement(text, s, s + K.length(), language, "AWS_KEY", overrides);
    return text.substring(0, r.start()) + r.text() + text.substring(r.end());
  }

  static String fix(String text, String language) {
    return fix(text, language, Map.of());
  }

  @Test
  void aLiteralThatIsExactlyTheSecretIsReplacedWhole() {
    assertEquals("String k = System.getenv(\"AWS_KEY\");", fix("String k = \"" + K + "\";", "java"));
    assertEquals("const k = process.env.AWS_KEY;", fix("const k = '" + K + "';", "typescript"));
    assertEquals("const k = process.env.AWS_KEY;", fix("const k = `" + K + "`;", "javascript"));
    assertEquals("k = os.environ[\"AWS_KEY\"]", fix("k = r\"" + K + "\"", "python"));
    assertEquals("k := os.Getenv(\"AWS_KEY\")", fix("k := \"" + K + "\"", "go"));
    assertEquals("$k = getenv('AWS_KEY');", fix("$k = '" + K + "';", "php"));
  }

  @Test
  void aSecretInsideALongerStringIsCutOutWithConcatenation() {
    assertEquals("h = \"Bearer \" + System.getenv(\"AWS_KEY\");", fix("h = \"Bearer " + K + "\";", "java"));
    assertEquals("h = System.getenv(\"AWS_KEY\") + \":x\";", fix("h = \"" + K + ":x\";", "java"));
    assertEquals("h = f\"a=\" + os.environ[\"AWS_KEY\"] + f\"&b\"", fix("h = f\"a=" + K + "&b\"", "python"));
    assertEquals("$u = 'k=' . getenv('AWS_KEY');", fix("$u = 'k=" + K + "';", "php"));
  }

  @Test
  void configurationFilesGetATemplateAndQuotesStay() {
    assertEquals("AWS_KEY=${AWS_KEY}", fix("AWS_KEY=" + K, "dotenv"));
    assertEquals("key: \"${AWS_KEY}\"", fix("key: \"" + K + "\"", "yaml"));
    assertEquals("{\"k\": \"${AWS_KEY}\"}", fix("{\"k\": \"" + K + "\"}", "json"));
    assertEquals("export K=\"${AWS_KEY}\"", fix("export K=\"" + K + "\"", "shellscript"));
  }

  @Test
  void snippetsCanBeConfiguredPerLanguage() {
    assertEquals("String k = Secrets.get(\"AWS_KEY\");",
        fix("String k = \"" + K + "\";", "java", Map.of("java", "Secrets.get(\"{name}\")")));
    assertEquals("k: {{ env \"AWS_KEY\" }}", fix("k: " + K, "yaml", Map.of("yaml", "{{ env \"{name}\" }}")));
  }

  @Test
  void namesComeFromTheAssignmentElseTheType() {
    assertEquals("AWS_KEY", SecretFix.suggestName("String awsKey = \"" + K + "\";", 16, "aws_access_key_id", n -> false));
    assertEquals("API_KEY", SecretFix.suggestName("{\"apiKey\": \"" + K + "\"}", 12, "aws_access_key_id", n -> false));
    assertEquals("SECRET_ACCESS_KEY", SecretFix.suggestName("aws.secret-access-key: " + K, 23, "x", n -> false));
    assertEquals("AWS_ACCESS_KEY_ID", SecretFix.suggestName("call(\"" + K + "\")", 6, "aws_access_key_id", n -> false));
    assertEquals("AWS_KEY_3", SecretFix.suggestName("awsKey = '" + K + "'", 10, "t", Set.of("AWS_KEY", "AWS_KEY_2")::contains));
  }
}

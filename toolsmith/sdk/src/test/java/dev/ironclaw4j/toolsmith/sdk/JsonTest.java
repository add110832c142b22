package dev.ironclaw4j.toolsmith.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The SDK's JSON on the plain JVM (the same code runs under TeaVM). */
class JsonTest {
  @Test
  void roundTrips() {
    String text = "{\"a\":1,\"b\":[true,false,null],\"c\":\"x\\\"y\\n\\u0001\",\"d\":{\"e\":-1.5e3},\"f\":12345678901234}";
    Json j = Json.parse(text);
    assertEquals(text.replace("-1.5e3", "-1.5e3"), j.toString());
    assertEquals(1, j.get("a").asLong());
    assertEquals(-1500.0, j.get("d").get("e").asDouble());
    assertEquals(12345678901234L, j.get("f").asLong());
    assertEquals("x\"y\n\u0001", j.get("c").asString());
    assertTrue(j.get("missing").get("deeper").isNull());
    assertEquals("fallback", j.get("missing").asString("fallback"));
    assertEquals(3, j.get("b").size());
  }

  @Test
  void builds() {
    Json j = Json.object().put("n", 2.0).put("s", "é").put("arr", Json.array().add(1).add("two"));
    assertEquals("{\"n\":2,\"s\":\"é\",\"arr\":[1,\"two\"]}", j.toString());
    assertEquals("null", Json.of(Double.NaN).toString());
  }

  @Test
  void malformedInputIsAToolErrorWithTheOffset() {
    for (String bad : new String[] {"", "{", "{\"a\" 1}", "[1,]", "tru", "\"unterminated", "{\"a\":1} x", "01x"}) {
      ToolError e = assertThrows(ToolError.class, () -> Json.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("not JSON"), e.getMessage());
    }
    String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
    assertThrows(ToolError.class, () -> Json.parse(deep));
    String atLimit = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
    assertEquals(atLimit, Json.parse(atLimit).toString());
  }

  @Test
  void wrongTypesAreToolErrors() {
    assertThrows(ToolError.class, () -> Json.of("x").asLong());
    assertThrows(ToolError.class, () -> Json.of(1).asString());
    assertThrows(ToolError.class, () -> Json.array().put("k", 1));
  }
}

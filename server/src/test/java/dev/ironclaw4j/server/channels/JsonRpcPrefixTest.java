package dev.ironclaw4j.server.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reading a JSON-RPC id from the first bytes of a message that will not be parsed whole. */
class JsonRpcPrefixTest {
  @Test
  void findsTopLevelIdsBeforeAnythingItCannotRead() {
    assertEquals(new JsonRpcPrefix.Id("7", false), JsonRpcPrefix.id("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"x\",\"params\":{\"v\":\"").orElseThrow());
    assertEquals(new JsonRpcPrefix.Id("a-1", true), JsonRpcPrefix.id(" {\"id\" : \"a-1\", \"params\":").orElseThrow());
    assertEquals(new JsonRpcPrefix.Id("-3", false),
        JsonRpcPrefix.id("{\"method\":\"m\",\"params\":{\"id\":99,\"x\":[1,{\"id\":5}]},\"id\":-3}").orElseThrow());
  }

  @Test
  void nestedIdsAndCutOffMessagesGiveNothing() {
    assertTrue(JsonRpcPrefix.id("{\"params\":{\"id\":99,\"value\":\"xxxxxxxx").isEmpty(), "an id inside params is not the id");
    assertTrue(JsonRpcPrefix.id("{\"jsonrpc\":\"2.0\",\"id\":12").isEmpty(), "a number cut off may be longer");
    assertTrue(JsonRpcPrefix.id("[{\"id\":1}]").isEmpty());
    assertTrue(JsonRpcPrefix.id("garbage").isEmpty());
    assertTrue(JsonRpcPrefix.id("").isEmpty());
  }
}

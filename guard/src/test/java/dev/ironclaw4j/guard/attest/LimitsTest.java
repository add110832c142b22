package dev.ironclaw4j.guard.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Every input is size-capped: exactly at the limit is accepted, one past it is refused with its own reason. */
class LimitsTest {
  private final Tee tee = new Tee();

  @Test
  void aQuoteOfExactlyTheLimitParsesAndOneMoreByteIsTooLarge() {
    Tee.Node node = tee.node();
    int base = node.quote().length;
    node.chainPadding += Limits.MAX_QUOTE_BYTES - base; // zero padding after the PEM chain, inside the certification data
    byte[] atLimit = node.quote();
    assertEquals(Limits.MAX_QUOTE_BYTES, atLimit.length);
    TdxQuote.parse(atLimit);
    Verification v = tee.verifier().verify(NearAiProvider.parse("t", Tee.report(node.json(atLimit))), node.nonce, Tee.pinnedTo(node), Tee.NOW);
    assertTrue(v.verified(), v.checks().toString());

    node.chainPadding += 1;
    byte[] over = node.quote();
    AttestationException e = assertThrows(AttestationException.class, () -> TdxQuote.parse(over));
    assertEquals(Reason.QUOTE_TOO_LARGE, e.reason());
    // And as the provider sends it, hex in the report:
    AttestationException viaReport = assertThrows(AttestationException.class,
        () -> NearAiProvider.parse("t", Tee.report(node.json(Arrays.copyOf(over, over.length + 8)))));
    assertEquals(Reason.QUOTE_TOO_LARGE, viaReport.reason());
  }

  @Test
  void aMalformedQuoteIsRefused() {
    byte[] q = tee.node().quote();
    assertEquals(Reason.QUOTE_MALFORMED, assertThrows(AttestationException.class, () -> TdxQuote.parse(Arrays.copyOf(q, 700))).reason());
    byte[] trailing = Arrays.copyOf(q, q.length + 4);
    trailing[q.length + 2] = 9;
    assertEquals(Reason.QUOTE_MALFORMED, assertThrows(AttestationException.class, () -> TdxQuote.parse(trailing)).reason());
    TdxQuote.parse(Arrays.copyOf(q, q.length + 4)); // zero padding after the signature data is tolerated
    byte[] v3 = q.clone();
    v3[0] = 3;
    assertEquals(Reason.QUOTE_UNSUPPORTED, assertThrows(AttestationException.class, () -> TdxQuote.parse(v3)).reason());
    byte[] sgx = q.clone();
    sgx[4] = 0;
    assertEquals(Reason.QUOTE_UNSUPPORTED, assertThrows(AttestationException.class, () -> TdxQuote.parse(sgx)).reason());
    byte[] lying = q.clone();
    lying[48 + 584] = (byte) 0xff; // signature data length beyond the quote
    assertEquals(Reason.QUOTE_MALFORMED, assertThrows(AttestationException.class, () -> TdxQuote.parse(lying)).reason());
  }

  @Test
  void anEventLogOfExactlyTheLimitParsesAndOneMoreCharacterIsRefused() {
    String log = Json.MAPPER.createArrayNode().add(Tee.runtime("app-id", "ab")).toString();
    String atLimit = log + " ".repeat(Limits.MAX_EVENT_LOG_CHARS - log.length());
    assertEquals(Limits.MAX_EVENT_LOG_CHARS, atLimit.length());
    assertEquals(1, EventLog.parse(atLimit).events().size());
    AttestationException e = assertThrows(AttestationException.class, () -> EventLog.parse(atLimit + " "));
    assertEquals(Reason.EVENT_LOG_INVALID, e.reason());
  }

  @Test
  void anEventLogOfExactlyTheMostEntriesParsesAndOneMoreIsRefused() {
    List<ObjectNode> events = new ArrayList<>();
    for (int i = 0; i < Limits.MAX_EVENT_LOG_ENTRIES; i++) {
      events.add(Tee.runtime("e" + i, ""));
    }
    var arr = Json.MAPPER.createArrayNode();
    events.forEach(arr::add);
    assertEquals(Limits.MAX_EVENT_LOG_ENTRIES, EventLog.parse(arr.toString()).events().size());
    arr.add(Tee.runtime("one-more", ""));
    assertEquals(Reason.EVENT_LOG_INVALID, assertThrows(AttestationException.class, () -> EventLog.parse(arr.toString())).reason());
  }

  @Test
  void anEventPayloadOverItsLimitIsRefused() {
    String ok = Json.MAPPER.createArrayNode().add(Tee.runtime("big", "00".repeat(Limits.MAX_EVENT_PAYLOAD_BYTES))).toString();
    assertEquals(1, EventLog.parse(ok).events().size());
    String over = Json.MAPPER.createArrayNode().add(Tee.runtime("big", "00".repeat(Limits.MAX_EVENT_PAYLOAD_BYTES + 1))).toString();
    assertEquals(Reason.EVENT_LOG_INVALID, assertThrows(AttestationException.class, () -> EventLog.parse(over)).reason());
  }

  @Test
  void aReportOfExactlyTheLimitParsesAndOneMoreByteIsTooLarge() {
    Tee.Node node = tee.node();
    byte[] report = Tee.report(node.json());
    byte[] atLimit = Arrays.copyOf(report, Limits.MAX_REPORT_BYTES);
    Arrays.fill(atLimit, report.length, atLimit.length, (byte) ' ');
    assertEquals(1, NearAiProvider.parse("t", atLimit).nodes().size());
    byte[] over = Arrays.copyOf(atLimit, atLimit.length + 1);
    over[over.length - 1] = ' ';
    assertEquals(Reason.REPORT_TOO_LARGE, assertThrows(AttestationException.class, () -> NearAiProvider.parse("t", over)).reason());
  }

  @Test
  void aReportWithTooManyNodesIsRefused() {
    ObjectNode n = tee.node().json();
    ObjectNode[] many = new ObjectNode[Limits.MAX_NODES + 1];
    Arrays.fill(many, n);
    assertEquals(Reason.REPORT_MALFORMED, assertThrows(AttestationException.class, () -> NearAiProvider.parse("t", Tee.report(many))).reason());
    ObjectNode[] most = Arrays.copyOf(many, Limits.MAX_NODES);
    assertEquals(Limits.MAX_NODES, NearAiProvider.parse("t", Tee.report(most)).nodes().size());
  }

  @Test
  void anAppComposeOverItsLimitIsRefused() {
    ObjectNode n = tee.node().json();
    ((ObjectNode) n.get("info").get("tcb_info")).put("app_compose", "x".repeat(Limits.MAX_APP_COMPOSE_CHARS + 1));
    assertEquals(Reason.REPORT_MALFORMED, assertThrows(AttestationException.class, () -> NearAiProvider.parse("t", Tee.report(n))).reason());
  }

  @Test
  void aReportWithADuplicateKeyIsRefused() {
    String body = new String(Tee.report(tee.node().json()), StandardCharsets.UTF_8)
        .replace("\"signing_algo\":\"ecdsa\"", "\"signing_algo\":\"ecdsa\",\"signing_address\":\"0x" + "00".repeat(20) + "\"");
    AttestationException e = assertThrows(AttestationException.class, () -> NearAiProvider.parse("t", body.getBytes(StandardCharsets.UTF_8)));
    assertEquals(Reason.REPORT_MALFORMED, e.reason());
    assertTrue(e.getMessage().toLowerCase().contains("duplicate"), e.getMessage());
  }

  @Test
  void aDeeplyNestedReportIsRefused() {
    String deep = "{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}";
    assertEquals(Reason.REPORT_MALFORMED,
        assertThrows(AttestationException.class, () -> NearAiProvider.parse("t", deep.getBytes(StandardCharsets.UTF_8))).reason());
  }
}

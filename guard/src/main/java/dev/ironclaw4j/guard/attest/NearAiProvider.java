package dev.ironclaw4j.guard.attest;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressDeniedException;
import dev.ironclaw4j.guard.egress.EgressRequest;
import dev.ironclaw4j.guard.egress.EgressResponse;
import dev.ironclaw4j.guard.egress.EgressRule;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * NEAR AI Cloud's private inference, and any dstack deployment serving the same report:
 * {@code GET {base}/v1/attestation/report?model=M&nonce=HEX&signing_algo=ecdsa} answers
 * {@code {"gateway_attestation": {...}, "model_attestations": [{...}, ...]}}, each entry with
 * {@code signing_address}, {@code signing_algo}, {@code intel_quote} (hex), {@code event_log} (JSON
 * text), {@code nvidia_payload} (JSON text, model nodes), {@code info} (with {@code tcb_info.app_compose})
 * and optionally {@code signing_public_key} and {@code tls_cert_fingerprint}. Only these are read.
 *
 * <p>The binding, as NEAR AI documents it (nearai-cloud-verifier): report data bytes 0-31 are the
 * signing address right-padded with zeros, or SHA-256(address || TLS certificate fingerprint) when
 * the entry carries a fingerprint; bytes 32-63 are the request's 32-byte nonce.
 */
public final class NearAiProvider implements AttestationProvider {
  public static final String DEFAULT_BASE = "https://cloud-api.near.ai";
  static final String CALLER = "attest:near-ai";

  private final String id;
  private final String base;
  private final String model;
  private final Egress egress;

  /**
   * @param id the name the user gave the provider
   * @param base e.g. {@value #DEFAULT_BASE}
   * @param model the model whose nodes must attest
   * @param egress an egress client allowing {@link #egressRules}
   */
  public NearAiProvider(String id, String base, String model, Egress egress) {
    this.id = Objects.requireNonNull(id);
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.model = Objects.requireNonNull(model);
    this.egress = Objects.requireNonNull(egress);
  }

  /** The egress rules to fetch reports and response signatures (GET only). */
  public static List<EgressRule> egressRules(String base) {
    String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return List.of(EgressRule.parse(b + "/v1/attestation/report GET"), EgressRule.parse(b + "/v1/signature/* GET"));
  }

  @Override
  public String id() {
    return id;
  }

  public String model() {
    return model;
  }

  @Override
  public Report fetch(byte[] nonce) {
    String url = base + "/v1/attestation/report?model=" + URLEncoder.encode(model, StandardCharsets.UTF_8)
        + "&nonce=" + Bin.hex(nonce) + "&signing_algo=ecdsa";
    EgressResponse r;
    try {
      r = egress.send(EgressRequest.builder(CALLER, "GET", url).header("Accept", "application/json").build());
    } catch (EgressDeniedException e) {
      throw new AttestationException(Reason.REPORT_UNAVAILABLE, "the attestation report could not be fetched ("
          + e.reason() + "): " + e.getMessage(), e);
    }
    if (r.status() != 200) {
      throw new AttestationException(Reason.REPORT_UNAVAILABLE, "the attestation report request answered HTTP " + r.status());
    }
    return parse(id, r.body());
  }

  /** Parses a report body (size-capped, strict JSON). */
  static Report parse(String provider, byte[] body) {
    if (body.length > Limits.MAX_REPORT_BYTES) {
      throw new AttestationException(Reason.REPORT_TOO_LARGE,
          "the attestation report is " + body.length + " bytes; the limit is " + Limits.MAX_REPORT_BYTES);
    }
    JsonNode doc;
    try {
      doc = Json.parse(new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw malformed("it is not JSON: " + e.getMessage());
    }
    if (!doc.isObject()) {
      throw malformed("it is not a JSON object");
    }
    List<Report.Node> nodes = new ArrayList<>();
    JsonNode gateway = doc.get("gateway_attestation");
    if (gateway != null && !gateway.isNull()) {
      nodes.add(node(gateway, "gateway", false));
    }
    JsonNode models = doc.get("model_attestations");
    if (models != null && !models.isNull()) {
      if (!models.isArray() || models.size() > Limits.MAX_NODES) {
        throw malformed("model_attestations is not an array of at most " + Limits.MAX_NODES + " entries");
      }
      for (int i = 0; i < models.size(); i++) {
        JsonNode m = models.get(i);
        nodes.add(node(m, "model#" + i, true));
      }
    } else if (doc.has("intel_quote")) {
      nodes.add(node(doc, "model#0", true)); // the single-node form
    }
    return new Report(provider, nodes);
  }

  private static Report.Node node(JsonNode e, String name, boolean model) {
    if (!e.isObject()) {
      throw malformed(name + " is not an object");
    }
    try {
      String algo = e.has("signing_algo") ? Json.requireText(e, "signing_algo") : "ecdsa"; // what we asked for
      if (!algo.equals("ecdsa")) {
        throw malformed(name + " uses signing algorithm '" + algo + "'; ecdsa (secp256k1) is verified");
      }
      byte[] address = Bin.unhex(Json.requireText(e, "signing_address"), 20);
      if (address.length != 20) {
        throw malformed(name + ": signing_address is not 20 bytes");
      }
      String pubHex = Json.text(e, "signing_public_key");
      byte[] pub = pubHex == null ? null : Bin.unhex(pubHex, 65);
      String quoteHex = Json.requireText(e, "intel_quote");
      if (quoteHex.length() > 2 * Limits.MAX_QUOTE_BYTES + 2) {
        throw new AttestationException(Reason.QUOTE_TOO_LARGE, name + ": the TDX quote is larger than " + Limits.MAX_QUOTE_BYTES + " bytes");
      }
      byte[] quote = Bin.unhex(quoteHex, Limits.MAX_QUOTE_BYTES + 1);
      String fp = Json.text(e, "tls_cert_fingerprint");
      byte[] commitment;
      String binding;
      if (fp == null) {
        commitment = new byte[32];
        System.arraycopy(address, 0, commitment, 0, 20);
        binding = "report data = signing address, zero-padded, || nonce";
      } else {
        byte[] f = Bin.unhex(fp, 32);
        if (f.length != 32) {
          throw malformed(name + ": tls_cert_fingerprint is not 32 bytes");
        }
        commitment = Bin.sha256(address, f);
        binding = "report data = SHA-256(signing address || TLS fingerprint " + fp + ") || nonce";
      }
      JsonNode info = e.path("info");
      JsonNode tcbInfo = info.path("tcb_info");
      if (tcbInfo.isString()) {
        tcbInfo = Json.parse(tcbInfo.asString());
      }
      EventLog log = eventLog(e.has("event_log") ? e.get("event_log") : tcbInfo.path("event_log"), name);
      String compose = tcbInfo.path("app_compose").isString() ? tcbInfo.path("app_compose").asString() : null;
      if (compose != null && compose.length() > Limits.MAX_APP_COMPOSE_CHARS) {
        throw malformed(name + ": app_compose is larger than " + Limits.MAX_APP_COMPOSE_CHARS + " characters");
      }
      String gpu = Json.text(e, "nvidia_payload");
      String label = model && e.path("model_name").isString() ? "model:" + e.path("model_name").asString() + name.substring(5) : name;
      return new Report.Node(label, quote, new Report.Signer(algo, address, pub), commitment, binding, log, compose,
          gpu == null || gpu.isEmpty() ? null : gpu, model);
    } catch (IllegalArgumentException ex) {
      throw malformed(name + ": " + ex.getMessage());
    }
  }

  private static EventLog eventLog(JsonNode n, String name) {
    if (n.isString()) {
      return EventLog.parse(n.asString());
    }
    if (n.isArray()) {
      return EventLog.parse(n.toString());
    }
    throw malformed(name + " has no event log");
  }

  private static AttestationException malformed(String why) {
    return new AttestationException(Reason.REPORT_MALFORMED, "the attestation report is malformed: " + why);
  }

  /**
   * Fetches NEAR AI's signature of one completion ({@code GET {base}/v1/signature/{id}}), authorized by
   * the vault secret bound to this host. Check it with {@link Attested#verifyResponse}.
   */
  public ResponseSignature.Signed fetchSignature(String chatId, String apiKeySecret) {
    if (!chatId.matches("[A-Za-z0-9_.:-]{1,200}")) {
      throw new AttestationException(Reason.RESPONSE_SIGNATURE, "the completion id is not a plain identifier");
    }
    String url = base + "/v1/signature/" + chatId + "?model=" + URLEncoder.encode(model, StandardCharsets.UTF_8) + "&signing_algo=ecdsa";
    try {
      EgressResponse r = egress.send(EgressRequest.builder(CALLER, "GET", url).attachSecret(apiKeySecret).build());
      if (r.status() != 200 || r.body().length > Limits.MAX_COLLATERAL_BYTES) {
        throw new AttestationException(Reason.RESPONSE_SIGNATURE, "the response signature could not be fetched: HTTP " + r.status());
      }
      JsonNode s = Json.parse(r.bodyText());
      return new ResponseSignature.Signed(Json.requireText(s, "text"), Json.requireText(s, "signature"), Json.requireText(s, "signing_address"));
    } catch (EgressDeniedException e) {
      throw new AttestationException(Reason.RESPONSE_SIGNATURE, "the response signature could not be fetched (" + e.reason() + ")", e);
    } catch (IllegalArgumentException e) {
      throw new AttestationException(Reason.RESPONSE_SIGNATURE, "the response signature is malformed: " + e.getMessage());
    }
  }
}

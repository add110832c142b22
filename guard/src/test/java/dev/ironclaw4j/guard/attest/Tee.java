package dev.ironclaw4j.guard.attest;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A synthetic TDX deployment for the tests: a test root standing in for Intel's, a PCK CA and PCK
 * certificate, Intel-style collateral signed by a TCB signing certificate, a quoting enclave, an
 * attestation key, a dstack event log, a secp256k1 signing key, and NEAR AI-format reports, all
 * consistent so that a report verifies; each test then breaks exactly one thing.
 */
final class Tee {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final byte[] FMSPC = {0x00, (byte) 0x80, 0x6f, 0x05, 0x00, 0x00};
  static final byte[] PCE_ID = {0, 0};
  static final byte[] QE_MRSIGNER = Bin.sha256("test quoting enclave signer".getBytes(StandardCharsets.UTF_8));
  static final String ROOT_DN = "CN=Test SGX Root CA,O=ironclaw4j tests";
  static final String PCK_CA_DN = "CN=Test SGX PCK Platform CA,O=ironclaw4j tests";
  static final String APP_COMPOSE = "{\"docker_compose_file\":\"services:\\n  vllm:\\n    image: vllm/vllm-openai@sha256:"
      + "1111111111111111111111111111111111111111111111111111111111111111\\n\",\"name\":\"test\"}";

  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final KeyPair rootKey = TestPki.p256();
  final KeyPair caKey = TestPki.p256();
  final KeyPair pckKey = TestPki.p256();
  final KeyPair tcbKey = TestPki.p256();
  final KeyPair attKey = TestPki.p256();
  final X509Certificate root;
  final X509Certificate pckCa;
  final X509Certificate pck;
  final X509Certificate tcbSigner;
  final Signer signer = new Signer();

  // What the collateral says; tests change these before asking for collateral().
  String platformStatus = "UpToDate";
  Instant tcbNextUpdate = NOW.plus(Duration.ofDays(30));
  Instant crlNextUpdate = NOW.plus(Duration.ofDays(30));
  List<BigInteger> revokedByRoot = new ArrayList<>();
  List<BigInteger> revokedByCa = new ArrayList<>();

  Tee() {
    Instant from = NOW.minus(Duration.ofDays(365));
    Instant to = NOW.plus(Duration.ofDays(365 * 5));
    root = TestPki.cert(ROOT_DN, ROOT_DN, rootKey.getPublic(), rootKey.getPrivate(), from, to, 1);
    pckCa = TestPki.cert(PCK_CA_DN, ROOT_DN, caKey.getPublic(), rootKey.getPrivate(), from, to, 0);
    pck = TestPki.cert("CN=Test SGX PCK Certificate,O=ironclaw4j tests", PCK_CA_DN, pckKey.getPublic(), caKey.getPrivate(), from, to, -1,
        TestPki.sgxExtension(FMSPC, PCE_ID, svns(3), 11));
    tcbSigner = TestPki.cert("CN=Test SGX TCB Signing,O=ironclaw4j tests", ROOT_DN, tcbKey.getPublic(), rootKey.getPrivate(), from, to, -1);
  }

  static int[] svns(int v) {
    int[] a = new int[16];
    java.util.Arrays.fill(a, v);
    return a;
  }

  TrustRoot trustRoot() {
    return TrustRoot.forTesting(root);
  }

  // ---- collateral

  Collateral collateral() {
    X509CRL rootCrl = TestPki.crl(ROOT_DN, rootKey.getPrivate(), NOW.minus(Duration.ofDays(1)), crlNextUpdate, revokedByRoot);
    X509CRL caCrl = TestPki.crl(PCK_CA_DN, caKey.getPrivate(), NOW.minus(Duration.ofDays(1)), crlNextUpdate, revokedByCa);
    String chain = TestPki.pem(tcbSigner) + TestPki.pem(root);
    try {
      return new Collateral(signedDoc("tcbInfo", tcbInfo()), chain, signedDoc("enclaveIdentity", qeIdentity()), chain,
          caCrl.getEncoded(), rootCrl.getEncoded(), NOW, false);
    } catch (java.security.cert.CRLException e) {
      throw new IllegalStateException(e);
    }
  }

  CollateralSource collateralSource() {
    return (fmspc, ca, maxAge) -> collateral();
  }

  String tcbInfo() {
    String zero48 = "00".repeat(48);
    String components = comps(3);
    return "{\"id\":\"TDX\",\"version\":3,\"issueDate\":\"" + NOW.minus(Duration.ofDays(1)) + "\",\"nextUpdate\":\"" + tcbNextUpdate
        + "\",\"fmspc\":\"" + Bin.hex(FMSPC) + "\",\"pceId\":\"0000\",\"tcbType\":0,\"tcbEvaluationDataNumber\":17,"
        + "\"tdxModule\":{\"mrsigner\":\"" + zero48 + "\",\"attributes\":\"0000000000000000\",\"attributesMask\":\"FFFFFFFFFFFFFFFF\"},"
        + "\"tdxModuleIdentities\":[{\"id\":\"TDX_01\",\"mrsigner\":\"" + zero48 + "\",\"attributes\":\"0000000000000000\","
        + "\"attributesMask\":\"FFFFFFFFFFFFFFFF\",\"tcbLevels\":[{\"tcb\":{\"isvsvn\":4},\"tcbDate\":\"2026-01-01T00:00:00Z\","
        + "\"tcbStatus\":\"UpToDate\"}]}],"
        + "\"tcbLevels\":[{\"tcb\":{\"sgxtcbcomponents\":" + components + ",\"pcesvn\":11,\"tdxtcbcomponents\":" + components + "},"
        + "\"tcbDate\":\"2026-01-01T00:00:00Z\",\"tcbStatus\":\"" + platformStatus + "\""
        + (platformStatus.equals("UpToDate") ? "" : ",\"advisoryIDs\":[\"INTEL-SA-00837\"]") + "},"
        + "{\"tcb\":{\"sgxtcbcomponents\":" + comps(1) + ",\"pcesvn\":5,\"tdxtcbcomponents\":" + comps(1) + "},"
        + "\"tcbDate\":\"2024-01-01T00:00:00Z\",\"tcbStatus\":\"OutOfDate\",\"advisoryIDs\":[\"INTEL-SA-00001\"]}]}";
  }

  private static String comps(int svn) {
    List<String> c = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      c.add("{\"svn\":" + svn + "}");
    }
    return "[" + String.join(",", c) + "]";
  }

  String qeIdentity() {
    return "{\"id\":\"TD_QE\",\"version\":2,\"issueDate\":\"" + NOW.minus(Duration.ofDays(1)) + "\",\"nextUpdate\":\"" + tcbNextUpdate
        + "\",\"tcbEvaluationDataNumber\":17,\"miscselect\":\"00000000\",\"miscselectMask\":\"FFFFFFFF\","
        + "\"attributes\":\"11000000000000000000000000000000\",\"attributesMask\":\"FBFFFFFFFFFFFFFF0000000000000000\","
        + "\"mrsigner\":\"" + Bin.hex(QE_MRSIGNER).toUpperCase() + "\",\"isvprodid\":2,"
        + "\"tcbLevels\":[{\"tcb\":{\"isvsvn\":4},\"tcbDate\":\"2026-01-01T00:00:00Z\",\"tcbStatus\":\"UpToDate\"}]}";
  }

  private String signedDoc(String field, String json) {
    byte[] sig = TestPki.sign(tcbKey.getPrivate(), "SHA256withECDSAinP1363Format", json.getBytes(StandardCharsets.UTF_8));
    return "{\"" + field + "\":" + json + ",\"signature\":\"" + Bin.hex(sig) + "\"}";
  }

  // ---- verifier

  AttestationVerifier verifier() {
    return verifier(GpuVerifier.off());
  }

  AttestationVerifier verifier(GpuVerifier gpu) {
    return new AttestationVerifier(trustRoot(), collateralSource(), gpu, clock);
  }

  /** A policy with these measurements pinned and GPU evidence allowed unverified (the GPU path has its own tests). */
  static AttestationPolicy pinnedTo(Node node) {
    Map<String, Set<String>> pins = Map.of(
        "mrtd", Set.of(Bin.hex(node.mrTd)),
        "rtmr0", Set.of(Bin.hex(node.rtmrs()[0])),
        "compose-hash", Set.of(Bin.hex(Bin.sha256(APP_COMPOSE.getBytes(StandardCharsets.UTF_8)))),
        "image", Set.of("sha256:" + "1".repeat(64)));
    return new AttestationPolicy(pins, AttestationPolicy.DEFAULT_TCB, true, Duration.ZERO, Duration.ofMinutes(10));
  }

  // ---- a node

  Node node() {
    return new Node();
  }

  /** One attested node; fields are what it will claim, {@link #quote} builds its signed quote. */
  final class Node {
    int version = 4;
    /** With version 5: a TD report 1.5 (type 3) instead of 1.0 (type 2). */
    boolean td15 = false;
    byte[] mrServiceTd = new byte[48];
    byte[] nonce = new byte[32];
    byte[] address = signer.address();
    byte[] reportDataPrefix;
    byte[] mrTd = Bin.sha384("the TD's firmware".getBytes(StandardCharsets.UTF_8));
    byte[] mrConfigId = Bin.concat(new byte[] {1}, Bin.sha256(APP_COMPOSE.getBytes(StandardCharsets.UTF_8)));
    byte tdAttributes0 = 0;
    byte[] teeTcbSvn = {0x05, 0x01, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
    List<ObjectNode> events = defaultEvents();
    /** Applied to the quote's RTMRs after they were computed from the event log (to make them disagree). */
    Consumer<byte[][]> rtmrOverride = r -> {};
    int chainPadding = 64;
    List<X509Certificate> chain = new ArrayList<>(List.of(pck, pckCa, root));

    byte[][] rtmrs() {
      byte[][] r = EventLog.parse(eventLogJson()).replay();
      rtmrOverride.accept(r);
      return r;
    }

    String eventLogJson() {
      ArrayNode a = Json.MAPPER.createArrayNode();
      events.forEach(a::add);
      return a.toString();
    }

    byte[] reportData() {
      byte[] rd = new byte[64];
      byte[] prefix = reportDataPrefix != null ? reportDataPrefix : address;
      System.arraycopy(prefix, 0, rd, 0, prefix.length);
      System.arraycopy(nonce, 0, rd, 32, 32);
      return rd;
    }

    byte[] quote() {
      ByteBuffer b = ByteBuffer.allocate(Limits.MAX_QUOTE_BYTES * 2).order(ByteOrder.LITTLE_ENDIAN);
      b.putShort((short) version).putShort((short) 2).putInt(0x81).putInt(0);
      b.put(Bin.unhex("939a7233f79c4ca9940a0db3957f0607", 16)).put(new byte[20]);
      if (version == 5) {
        b.putShort((short) (td15 ? 3 : 2)).putInt(td15 ? 648 : 584);
      }
      byte[][] rtmr = rtmrs();
      byte[] tdAttr = new byte[8];
      tdAttr[0] = tdAttributes0;
      tdAttr[3] = 0x10;
      byte[] config = new byte[48];
      if (mrConfigId != null) {
        System.arraycopy(mrConfigId, 0, config, 0, mrConfigId.length);
      }
      b.put(teeTcbSvn).put(Bin.sha384("seam".getBytes(StandardCharsets.UTF_8))).put(new byte[48]).put(new byte[8]).put(tdAttr)
          .put(new byte[] {(byte) 0xe7, 0x18, 0x06, 0, 0, 0, 0, 0}).put(mrTd).put(config).put(new byte[48]).put(new byte[48])
          .put(rtmr[0]).put(rtmr[1]).put(rtmr[2]).put(rtmr[3]).put(reportData());
      if (td15) {
        b.put(new byte[16]).put(mrServiceTd);
      }
      byte[] signed = new byte[b.position()];
      b.flip().get(signed);

      byte[] attXy = TestPki.xy(attKey.getPublic(), 32);
      byte[] auth = new byte[32];
      for (int i = 0; i < 32; i++) {
        auth[i] = (byte) i;
      }
      ByteBuffer qe = ByteBuffer.allocate(384).order(ByteOrder.LITTLE_ENDIAN);
      qe.put(new byte[16]).putInt(0).put(new byte[28]).put(Bin.unhex("11000000000000000000000000000000", 16))
          .put(new byte[32]).put(new byte[32]).put(QE_MRSIGNER).put(new byte[96]).putShort((short) 2).putShort((short) 6).put(new byte[60])
          .put(Bin.sha256(attXy, auth)).put(new byte[32]);
      byte[] qeReport = qe.array();
      StringBuilder pem = new StringBuilder();
      chain.forEach(c -> pem.append(TestPki.pem(c)));
      byte[] pemBytes = Bin.concat(pem.toString().getBytes(StandardCharsets.US_ASCII), new byte[chainPadding]);
      ByteBuffer inner = ByteBuffer.allocate(384 + 64 + 2 + 32 + 2 + 4 + pemBytes.length).order(ByteOrder.LITTLE_ENDIAN);
      inner.put(qeReport).put(TestPki.sign(pckKey.getPrivate(), "SHA256withECDSAinP1363Format", qeReport))
          .putShort((short) 32).put(auth).putShort((short) 5).putInt(pemBytes.length).put(pemBytes);
      byte[] sig = TestPki.sign(attKey.getPrivate(), "SHA256withECDSAinP1363Format", signed);
      ByteBuffer sd = ByteBuffer.allocate(64 + 64 + 2 + 4 + inner.capacity()).order(ByteOrder.LITTLE_ENDIAN);
      sd.put(sig).put(attXy).putShort((short) 6).putInt(inner.capacity()).put(inner.array());
      ByteBuffer out = ByteBuffer.allocate(signed.length + 4 + sd.capacity()).order(ByteOrder.LITTLE_ENDIAN);
      out.put(signed).putInt(sd.capacity()).put(sd.array());
      return out.array();
    }

    /** The node as a NEAR AI {@code model_attestations} entry. */
    ObjectNode json() {
      return json(quote());
    }

    ObjectNode json(byte[] quote) {
      ObjectNode o = Json.MAPPER.createObjectNode();
      o.put("model_name", "test/model");
      o.put("signing_address", "0x" + Bin.hex(address));
      o.put("signing_algo", "ecdsa");
      o.put("signing_public_key", Bin.hex(signer.publicKey()));
      o.put("request_nonce", Bin.hex(nonce));
      o.put("intel_quote", Bin.hex(quote));
      o.put("event_log", eventLogJson());
      o.putObject("info").putObject("tcb_info").put("app_compose", APP_COMPOSE);
      return o;
    }
  }

  /** A NEAR AI report body with these model nodes. */
  static byte[] report(ObjectNode... nodes) {
    ObjectNode r = Json.MAPPER.createObjectNode();
    ArrayNode a = r.putArray("model_attestations");
    for (ObjectNode n : nodes) {
      a.add(n);
    }
    return r.toString().getBytes(StandardCharsets.UTF_8);
  }

  static List<ObjectNode> defaultEvents() {
    List<ObjectNode> e = new ArrayList<>();
    for (int imr = 0; imr < 3; imr++) {
      e.add(event(imr, 0x80000001L, Bin.hex(Bin.sha384(("firmware " + imr).getBytes(StandardCharsets.UTF_8))), "", ""));
    }
    byte[] compose = Bin.sha256(APP_COMPOSE.getBytes(StandardCharsets.UTF_8));
    e.add(runtime("system-preparing", ""));
    e.add(runtime("app-id", "f550fdfb4eb8ad787c1bcd423f091cbb4a4431ae"));
    e.add(runtime("compose-hash", Bin.hex(compose)));
    e.add(runtime("instance-id", "45528afb4c44d3c460292990bf862fdcfea5fbc5"));
    e.add(runtime("os-image-hash", Bin.hex(Bin.sha256("os".getBytes(StandardCharsets.UTF_8)))));
    e.add(runtime("key-provider", Bin.hex("{\"name\":\"kms\",\"id\":\"30\"}".getBytes(StandardCharsets.UTF_8))));
    e.add(runtime("system-ready", ""));
    return e;
  }

  static ObjectNode runtime(String name, String payloadHex) {
    return event(3, EventLog.DSTACK_RUNTIME_EVENT, "", name, payloadHex);
  }

  static ObjectNode event(int imr, long type, String digest, String name, String payloadHex) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("imr", imr);
    o.put("event_type", type);
    o.put("digest", digest);
    o.put("event", name);
    o.put("event_payload", payloadHex);
    return o;
  }

  /** A secp256k1 key that signs like NEAR AI's nodes (EIP-191 personal messages). */
  static final class Signer {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private final BigInteger d = new BigInteger(255, new SecureRandom()).add(BigInteger.ONE);

    byte[] publicKey() {
      return Bin.slice(CURVE.getG().multiply(d).normalize().getEncoded(false), 1, 64);
    }

    byte[] address() {
      return Secp256k1.address(publicKey());
    }

    /** {@code 0x} r||s||v over the personal-message hash of {@code text}. */
    String sign(String text) {
      byte[] hash = Secp256k1.personalMessageHash(text.getBytes(StandardCharsets.UTF_8));
      ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
      s.init(true, new ECPrivateKeyParameters(d, new ECDomainParameters(CURVE)));
      BigInteger[] rs = s.generateSignature(hash);
      BigInteger sv = rs[1].compareTo(CURVE.getN().shiftRight(1)) > 0 ? CURVE.getN().subtract(rs[1]) : rs[1];
      for (int v = 27; v <= 28; v++) {
        byte[] sig = Bin.concat(TestPki.fixed(rs[0], 32), TestPki.fixed(sv, 32), new byte[] {(byte) v});
        if (java.util.Arrays.equals(Secp256k1.recoverAddress(hash, sig), address())) {
          return "0x" + Bin.hex(sig);
        }
      }
      throw new IllegalStateException("no recovery id");
    }
  }
}

package dev.ironclaw4j.guard.attest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * TCB evaluation against verified collateral, as Intel's quote verification library does it: the
 * platform's TCB level (SGX components and PCE SVN from the PCK certificate, TDX components from the
 * TD report), the TDX module's identity and level, and the quoting enclave's identity and level. The
 * result is the worst of the three statuses with every advisory named.
 */
final class Tcb {
  /** Statuses from best to worst. */
  static final List<String> ORDER = List.of("UpToDate", "SWHardeningNeeded", "ConfigurationNeeded",
      "ConfigurationAndSWHardeningNeeded", "OutOfDate", "OutOfDateConfigurationNeeded", "Revoked");

  /** A status with its advisories. */
  record Status(String status, List<String> advisories) {
    Status worst(Status o) {
      List<String> adv = new ArrayList<>(advisories);
      o.advisories.stream().filter(a -> !adv.contains(a)).forEach(adv::add);
      return new Status(rank(o.status) > rank(status) ? o.status : status, List.copyOf(adv));
    }
  }

  private Tcb() {}

  /** The platform's level: the first (highest) level the platform is at or above. */
  static Status platform(JsonNode tcbInfo, PckInfo pck, TdxQuote.TdReport td) {
    byte[] teeSvn = td.teeTcbSvn();
    int firstTdx = (teeSvn[1] & 0xff) > 0 ? 2 : 0; // components 0 and 1 belong to the TDX module when it reports a version
    for (JsonNode level : levels(tcbInfo, "TCB info")) {
      JsonNode t = level.path("tcb");
      int[] sgx = components(t.path("sgxtcbcomponents"));
      int[] tdx = components(t.path("tdxtcbcomponents"));
      boolean ok = pck.pceSvn() >= t.path("pcesvn").asInt(Integer.MAX_VALUE);
      for (int i = 0; i < 16 && ok; i++) {
        ok = pck.sgxSvn()[i] >= sgx[i];
      }
      for (int i = firstTdx; i < 16 && ok; i++) {
        ok = (teeSvn[i] & 0xff) >= tdx[i];
      }
      if (ok) {
        return status(level);
      }
    }
    throw new AttestationException(Reason.TCB_STATUS, "the platform's TCB is below every level of Intel's TCB info (not supported)");
  }

  /** The TDX module: its signer and attributes, and its level by its SVN. */
  static Status module(JsonNode tcbInfo, TdxQuote.TdReport td) {
    int version = td.teeTcbSvn()[1] & 0xff;
    JsonNode identity;
    if (version == 0) {
      identity = tcbInfo.path("tdxModule");
    } else {
      String id = String.format(Locale.ROOT, "TDX_%02d", version);
      identity = null;
      for (JsonNode m : tcbInfo.path("tdxModuleIdentities")) {
        if (m.path("id").asString("").equals(id)) {
          identity = m;
        }
      }
      if (identity == null) {
        throw new AttestationException(Reason.TCB_STATUS, "Intel's TCB info does not know TDX module " + id);
      }
    }
    if (!masked(td.mrSignerSeam(), null).equalsIgnoreCase(identity.path("mrsigner").asString(""))
        || !masked(td.seamAttributes(), identity.path("attributesMask").asString(""))
            .equalsIgnoreCase(identity.path("attributes").asString(""))) {
      throw new AttestationException(Reason.TCB_STATUS, "the TDX module is not the one Intel's TCB info names (signer or attributes differ)");
    }
    if (version == 0) {
      return new Status("UpToDate", List.of());
    }
    int svn = td.teeTcbSvn()[0] & 0xff;
    for (JsonNode level : levels(identity, "TDX module identity")) {
      if (svn >= level.path("tcb").path("isvsvn").asInt(Integer.MAX_VALUE)) {
        return status(level);
      }
    }
    throw new AttestationException(Reason.TCB_STATUS, "the TDX module's SVN " + svn + " is below every level Intel lists");
  }

  /** The quoting enclave: Intel's TD QE (signer, product, masked attributes and misc. select), and its level. */
  static Status qe(JsonNode identity, TdxQuote.QeReport qe) {
    boolean same = Bin.hex(qe.mrSigner()).equalsIgnoreCase(identity.path("mrsigner").asString(""))
        && qe.isvProdId() == identity.path("isvprodid").asInt(-1)
        && masked(qe.attributes(), identity.path("attributesMask").asString("")).equalsIgnoreCase(identity.path("attributes").asString(""))
        && (qe.miscSelect() & u32(identity, "miscselectMask")) == u32(identity, "miscselect");
    if (!same) {
      throw new AttestationException(Reason.QE_IDENTITY, "the quoting enclave is not Intel's TD quoting enclave (signer "
          + Bin.hex(qe.mrSigner()) + ", product " + qe.isvProdId() + ")");
    }
    for (JsonNode level : levels(identity, "QE identity")) {
      if (qe.isvSvn() >= level.path("tcb").path("isvsvn").asInt(Integer.MAX_VALUE)) {
        return status(level);
      }
    }
    throw new AttestationException(Reason.QE_IDENTITY, "the quoting enclave's SVN " + qe.isvSvn() + " is below every level Intel lists");
  }

  private static long u32(JsonNode doc, String field) {
    String hex = doc.path(field).asString("");
    if (!hex.matches("[0-9a-fA-F]{8}")) {
      throw new AttestationException(Reason.COLLATERAL_INVALID, "the QE identity's " + field + " is not 8 hex digits");
    }
    return Long.parseLong(hex, 16);
  }

  static int rank(String status) {
    int i = ORDER.indexOf(status);
    return i < 0 ? ORDER.size() : i; // unknown statuses rank worst
  }

  private static Iterable<JsonNode> levels(JsonNode doc, String what) {
    JsonNode levels = doc.path("tcbLevels");
    if (!levels.isArray() || levels.isEmpty()) {
      throw new AttestationException(Reason.COLLATERAL_INVALID, "the " + what + " has no TCB levels");
    }
    return levels;
  }

  private static int[] components(JsonNode arr) {
    if (!arr.isArray() || arr.size() != 16) {
      throw new AttestationException(Reason.COLLATERAL_INVALID, "a TCB level does not have 16 components");
    }
    int[] out = new int[16];
    for (int i = 0; i < 16; i++) {
      out[i] = arr.get(i).path("svn").asInt(Integer.MAX_VALUE);
    }
    return out;
  }

  private static Status status(JsonNode level) {
    List<String> adv = new ArrayList<>();
    level.path("advisoryIDs").forEach(a -> adv.add(a.asString("")));
    return new Status(level.path("tcbStatus").asString("Unknown"), List.copyOf(adv));
  }

  /** hex(value AND mask); a null mask means no mask. */
  private static String masked(byte[] value, String maskHex) {
    byte[] out = value.clone();
    if (maskHex != null) {
      byte[] mask;
      try {
        mask = Bin.unhex(maskHex, value.length);
      } catch (IllegalArgumentException e) {
        throw new AttestationException(Reason.COLLATERAL_INVALID, "a mask in the collateral is not hex");
      }
      if (mask.length != value.length) {
        throw new AttestationException(Reason.COLLATERAL_INVALID, "a mask in the collateral has the wrong length");
      }
      for (int i = 0; i < out.length; i++) {
        out[i] &= mask[i];
      }
    }
    return Bin.hex(out);
  }
}

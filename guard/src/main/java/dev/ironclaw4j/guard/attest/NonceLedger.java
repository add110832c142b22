package dev.ironclaw4j.guard.attest;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Issues the nonces of one process and remembers the last {@value #REMEMBERED}, so that a report
 * answering an earlier nonce is recognized as a replay rather than merely as a wrong nonce.
 */
final class NonceLedger {
  static final int REMEMBERED = 4096;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Boolean> issued = new LinkedHashMap<>(64, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  };

  synchronized byte[] issue() {
    byte[] n = new byte[32];
    random.nextBytes(n);
    issued.put(Bin.hex(n), Boolean.TRUE);
    return n;
  }

  synchronized boolean wasIssued(byte[] nonce) {
    return issued.containsKey(Bin.hex(nonce));
  }
}

package dev.ironclaw4j.guard.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses. Egress calls it once per request hop, classifies every address
 * it returns, and connects only to those addresses. Tests plug in a fake one.
 */
@FunctionalInterface
public interface HostResolver {
  /** All addresses of the (lower-case ASCII) host; never empty. */
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /** The operating system's resolver. */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}

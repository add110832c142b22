package dev.ironclaw4j.guard.egress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The addresses egress checked for one host:port. Set as the Jetty request's tag, so it is part of
 * the connection pool's key: a pooled connection is only ever reused for the same checked addresses.
 */
record Pin(String host, int port, List<InetAddress> addresses) {
  Pin {
    addresses = List.copyOf(addresses);
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("nothing to pin");
    }
  }

  List<InetSocketAddress> socketAddresses() {
    return addresses.stream().map(a -> new InetSocketAddress(a, port)).toList();
  }

  boolean isFor(String otherHost, int otherPort) {
    return otherPort == port && strip(otherHost).equalsIgnoreCase(strip(host));
  }

  private static String strip(String h) {
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }
}

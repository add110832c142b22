package dev.ironclaw4j.guard.egress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
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

  /**
   * The checked addresses, each carrying the original host name. Jetty takes the TLS peer host (SNI
   * and certificate name verification) from the socket address, so without the name a pinned HTTPS
   * connection would be verified against the IP and fail. {@link InetAddress#getByAddress(String,
   * byte[])} attaches the name to the checked bytes without any lookup.
   */
  List<InetSocketAddress> socketAddresses() {
    return addresses.stream().map(a -> new InetSocketAddress(named(a), port)).toList();
  }

  private InetAddress named(InetAddress a) {
    try {
      return InetAddress.getByAddress(strip(host), a.getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("address of illegal length", e);
    }
  }

  boolean isFor(String otherHost, int otherPort) {
    return otherPort == port && strip(otherHost).equalsIgnoreCase(strip(host));
  }

  private static String strip(String h) {
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }
}

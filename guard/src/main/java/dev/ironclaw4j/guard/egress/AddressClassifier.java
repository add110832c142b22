package dev.ironclaw4j.guard.egress;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Says whether an address or a host name is internal, i.e. something a request from this machine must
 * not reach unless a rule names that exact host:port with {@code allow-private}. IPv6 forms that embed
 * an IPv4 address (mapped, compatible, 6to4, NAT64, Teredo) are judged by the address they embed.
 */
public final class AddressClassifier {
  private record V4Range(int network, int prefix, String kind) {
    boolean contains(int a) {
      int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
      return (a & mask) == (network & mask);
    }
  }

  private static final List<V4Range> V4 = List.of(
      v4(255, 255, 255, 255, 32, "broadcast"),
      v4(0, 0, 0, 0, 8, "unspecified"),
      v4(10, 0, 0, 0, 8, "private"),
      v4(100, 64, 0, 0, 10, "cgnat"),
      v4(127, 0, 0, 0, 8, "loopback"),
      v4(169, 254, 0, 0, 16, "link-local"),
      v4(172, 16, 0, 0, 12, "private"),
      v4(192, 0, 0, 0, 24, "ietf-protocol"),
      v4(192, 0, 2, 0, 24, "documentation"),
      v4(192, 88, 99, 0, 24, "6to4-relay"),
      v4(192, 168, 0, 0, 16, "private"),
      v4(198, 18, 0, 0, 15, "benchmarking"),
      v4(198, 51, 100, 0, 24, "documentation"),
      v4(203, 0, 113, 0, 24, "documentation"),
      v4(224, 0, 0, 0, 4, "multicast"),
      v4(240, 0, 0, 0, 4, "reserved"));

  /** Names that point at this machine, the local network or a cloud metadata service. */
  private static final Set<String> INTERNAL_NAMES = Set.of(
      "localhost", "metadata", "metadata.google.internal", "metadata.goog", "instance-data",
      "instance-data.ec2.internal", "metadata.azure.internal", "kubernetes.default", "kubernetes.default.svc");
  private static final List<String> INTERNAL_SUFFIXES =
      List.of(".localhost", ".internal", ".local", ".localdomain", ".home.arpa", ".lan", ".intranet", ".corp");

  private AddressClassifier() {}

  /** The kind of internal address ({@code loopback}, {@code private}, ...), or empty if public. */
  public static Optional<String> internalKind(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return v4Kind(b, 0);
    }
    return Optional.ofNullable(v6Kind(b));
  }

  /** The kind of internal name ({@code metadata.google.internal}, {@code *.localhost}, ...), or empty. */
  public static Optional<String> internalName(String asciiHost) {
    if (INTERNAL_NAMES.contains(asciiHost)) {
      return Optional.of("internal-name");
    }
    for (String s : INTERNAL_SUFFIXES) {
      if (asciiHost.endsWith(s)) {
        return Optional.of("internal-name");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> v4Kind(byte[] b, int off) {
    int a = ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    for (V4Range r : V4) {
      if (r.contains(a)) {
        return Optional.of(r.kind());
      }
    }
    return Optional.empty();
  }

  private static String v6Kind(byte[] b) {
    int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    if (zero(b, 0, 16)) {
      return "unspecified";
    }
    if (zero(b, 0, 15) && b[15] == 1) {
      return "loopback";
    }
    if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return embedded("ipv4-mapped", b, 12);
    }
    if (zero(b, 0, 12)) {
      return "ipv4-compatible"; // deprecated since 2006; nothing legitimate uses it
    }
    if (w0 == 0x0064 && w1 == 0xff9b && zero(b, 4, 12)) {
      return embedded("nat64", b, 12);
    }
    if (w0 == 0x0064 && w1 == 0xff9b && b[4] == 0 && b[5] == 1) {
      return "nat64-local";
    }
    if (w0 == 0x2002) {
      return embedded("6to4", b, 2);
    }
    if (w0 == 0x2001 && w1 == 0x0000) {
      byte[] client = new byte[4];
      for (int i = 0; i < 4; i++) {
        client[i] = (byte) ~b[12 + i];
      }
      String server = embedded("teredo-server", b, 4);
      return server != null ? server : embedded("teredo-client", client, 0);
    }
    if ((w0 & 0xfe00) == 0xfc00) {
      return "unique-local";
    }
    if ((w0 & 0xffc0) == 0xfe80) {
      return "link-local";
    }
    if ((w0 & 0xffc0) == 0xfec0) {
      return "site-local";
    }
    if ((w0 & 0xff00) == 0xff00) {
      return "multicast";
    }
    if (w0 == 0x2001 && w1 == 0x0db8) {
      return "documentation";
    }
    if (w0 == 0x3fff && (w1 & 0xf000) == 0) {
      return "documentation";
    }
    if (w0 == 0x2001 && w1 == 0x0002 && b[4] == 0 && b[5] == 0) {
      return "benchmarking";
    }
    if (w0 == 0x2001 && (w1 & 0xfff0) == 0x0010) {
      return "orchid";
    }
    if (w0 == 0x0100 && zero(b, 2, 8)) {
      return "discard-only";
    }
    return null;
  }

  private static String embedded(String form, byte[] b, int off) {
    return v4Kind(b, off).map(k -> form + "(" + k + ")").orElse(null);
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static V4Range v4(int a, int b, int c, int d, int prefix, String kind) {
    return new V4Range((a << 24) | (b << 16) | (c << 8) | d, prefix, kind);
  }
}

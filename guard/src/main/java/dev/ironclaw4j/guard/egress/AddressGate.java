package dev.ironclaw4j.guard.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a canonical URL's host once and classifies every address: if any is internal and the
 * allowing rule does not say {@code allow-private}, the request is refused. The addresses returned are
 * the only ones the connection may use.
 */
final class AddressGate {
  private AddressGate() {}

  static List<InetAddress> checkedAddresses(CanonicalUrl url, EgressRule rule, HostResolver resolver) {
    List<InetAddress> addresses;
    if (url.isIpLiteral()) {
      addresses = List.of(EgressPolicy.literalAddress(url.host()));
    } else {
      try {
        addresses = List.copyOf(resolver.resolve(url.host()));
      } catch (UnknownHostException e) {
        throw new EgressDeniedException("dns-failed", "cannot resolve " + url.host());
      }
      if (addresses.isEmpty()) {
        throw new EgressDeniedException("dns-failed", "cannot resolve " + url.host());
      }
    }
    if (!rule.allowPrivate()) {
      for (InetAddress a : addresses) {
        Optional<String> kind = AddressClassifier.internalKind(a);
        if (kind.isPresent()) {
          throw new EgressDeniedException("internal-address",
              url.host() + " resolves to an internal address (" + kind.get() + " " + a.getHostAddress() + ")");
        }
      }
    }
    return addresses;
  }
}

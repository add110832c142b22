package dev.ironclaw4j.guard.egress;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Jetty's only way to turn a host into socket addresses, replaced: it never looks anything up, it
 * returns the addresses egress already resolved and classified for this destination (the {@link Pin}
 * tag), and fails closed for any destination without one. So DNS cannot change the answer between the
 * check and the connect, and nothing but egress can open a connection with this client.
 */
final class PinnedAddressResolver implements SocketAddressResolver {
  @Override
  public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
    Object destination = context == null ? null : context.get(Destination.CONTEXT_KEY);
    Object tag = destination instanceof Destination d ? d.getOrigin().getTag() : null;
    if (tag instanceof Pin pin && pin.isFor(host, port)) {
      promise.succeeded(pin.socketAddresses());
    } else {
      promise.failed(new EgressDeniedException("internal-address", "connection to " + host + ":" + port + " was not checked by egress"));
    }
  }
}

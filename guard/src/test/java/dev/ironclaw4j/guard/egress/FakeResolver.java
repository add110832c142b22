package dev.ironclaw4j.guard.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A resolver with scripted answers: each host has a sequence of answers, one per lookup, the last
 * repeating. Counts lookups, so a test can tell whether anything looked a name up twice.
 */
final class FakeResolver implements HostResolver {
  private final Map<String, List<List<InetAddress>>> answers = new HashMap<>();
  private final Map<String, AtomicInteger> lookups = new HashMap<>();

  /** Adds answers (each an address literal, or several separated by commas) for the host. */
  synchronized FakeResolver answer(String host, String... answersInOrder) {
    List<List<InetAddress>> list = answers.computeIfAbsent(host, h -> new ArrayList<>());
    for (String a : answersInOrder) {
      List<InetAddress> one = new ArrayList<>();
      for (String literal : a.split(",")) {
        one.add(literal(literal.strip()));
      }
      list.add(one);
    }
    return this;
  }

  synchronized int lookups(String host) {
    AtomicInteger n = lookups.get(host);
    return n == null ? 0 : n.get();
  }

  @Override
  public synchronized List<InetAddress> resolve(String host) throws UnknownHostException {
    List<List<InetAddress>> list = answers.get(host);
    if (list == null) {
      throw new UnknownHostException(host);
    }
    int n = lookups.computeIfAbsent(host, h -> new AtomicInteger()).getAndIncrement();
    return list.get(Math.min(n, list.size() - 1));
  }

  static InetAddress literal(String s) {
    if (!s.matches("[0-9a-fA-F:.]+")) {
      throw new IllegalArgumentException("not an address literal: " + s);
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }
}

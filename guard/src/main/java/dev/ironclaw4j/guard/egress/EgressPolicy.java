package dev.ironclaw4j.guard.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The allow-list: an immutable list of {@link EgressRule}s, default deny. {@link #check} is a pure
 * function of the method and URL (no DNS, nothing sent), so {@code ironclaw4j url-check} and the
 * egress client give the same answer. A literal internal IP or a known internal name (localhost,
 * metadata.google.internal, ...) is refused here unless the matching rule says {@code allow-private};
 * addresses a name resolves to are classified later, by the client, before connecting.
 */
public final class EgressPolicy {
  private final List<EgressRule> rules;

  private EgressPolicy(List<EgressRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** A policy allowing exactly what the rules allow. */
  public static EgressPolicy of(Collection<EgressRule> rules) {
    return new EgressPolicy(new ArrayList<>(rules));
  }

  /** Parses each rule with {@link EgressRule#parse}. */
  public static EgressPolicy parse(Collection<String> ruleTexts) {
    return of(ruleTexts.stream().map(EgressRule::parse).toList());
  }

  /** Denies everything. */
  public static EgressPolicy denyAll() {
    return new EgressPolicy(List.of());
  }

  /** A new policy with the extra rules appended (e.g. a tool's manifest on top of the config). */
  public EgressPolicy with(Collection<EgressRule> more) {
    List<EgressRule> all = new ArrayList<>(rules);
    all.addAll(more);
    return new EgressPolicy(all);
  }

  public List<EgressRule> rules() {
    return rules;
  }

  /** Parses the URL strictly and checks it. Never throws for a bad URL: that is a denial. */
  public Decision check(String method, String url) {
    CanonicalUrl u;
    try {
      u = CanonicalUrl.parse(url);
    } catch (EgressDeniedException e) {
      return Decision.deny(e.reason(), e.getMessage());
    }
    return check(method, u);
  }

  /** Checks a canonical URL: origin, then path, then method, then literal internal hosts. */
  public Decision check(String method, CanonicalUrl url) {
    String m = method == null ? "" : method.toUpperCase(Locale.ROOT);
    if (!EgressRule.KNOWN_METHODS.contains(m)) {
      return Decision.deny("method-not-allowed", "HTTP method '" + method + "' is not supported");
    }
    List<EgressRule> sameHost = rules.stream().filter(r -> r.matchesHost(url)).toList();
    if (sameHost.isEmpty()) {
      return Decision.deny("host-not-allowed", "no rule allows host " + url.host());
    }
    List<EgressRule> sameScheme = sameHost.stream().filter(r -> r.scheme().equals(url.scheme())).toList();
    if (sameScheme.isEmpty()) {
      return Decision.deny("scheme-not-allowed", "no rule allows " + url.scheme() + " to " + url.host());
    }
    List<EgressRule> sameOrigin = sameScheme.stream().filter(r -> r.port() == url.port()).toList();
    if (sameOrigin.isEmpty()) {
      return Decision.deny("port-not-allowed", "no rule allows port " + url.port() + " on " + url.host());
    }
    List<EgressRule> samePath = sameOrigin.stream().filter(r -> r.matchesPath(url.path())).toList();
    if (samePath.isEmpty()) {
      return Decision.deny("path-not-allowed", "no rule allows path " + url.path() + " on " + url.hostPort());
    }
    List<EgressRule> allowing = samePath.stream().filter(r -> r.allowsMethod(m)).toList();
    if (allowing.isEmpty()) {
      return Decision.deny("method-not-allowed", "no rule allows " + m + " on " + url.hostPort() + url.path());
    }
    Optional<EgressRule> privateOk = allowing.stream().filter(EgressRule::allowPrivate).findFirst();
    Optional<String> internal = literalOrNameInternal(url);
    if (internal.isPresent() && privateOk.isEmpty()) {
      return Decision.deny("internal-address",
          url.host() + " is an internal address (" + internal.get() + "); only a rule for this exact host:port with allow-private may reach it");
    }
    return Decision.allow(privateOk.orElse(allowing.getFirst()));
  }

  /**
   * {@link #check(String, String)}, then, if allowed, resolves the host once with the resolver and
   * refuses internal addresses as the client would before connecting. Sends nothing.
   */
  public Decision checkResolving(String method, String url, HostResolver resolver) {
    Decision d = check(method, url);
    if (!d.allowed()) {
      return d;
    }
    try {
      AddressGate.checkedAddresses(CanonicalUrl.parse(url), d.rule(), resolver);
      return d;
    } catch (EgressDeniedException e) {
      return Decision.deny(e.reason(), e.getMessage());
    }
  }

  /** Internal without any DNS: an IP literal in an internal range, or a known internal name. */
  static Optional<String> literalOrNameInternal(CanonicalUrl url) {
    if (!url.isIpLiteral()) {
      return AddressClassifier.internalName(url.host());
    }
    return AddressClassifier.internalKind(literalAddress(url.host()));
  }

  /** The address of an IP-literal host (parsed locally, never looked up). */
  static InetAddress literalAddress(String host) {
    String inner = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    try {
      return InetAddress.getByName(inner);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("canonical IP literal did not parse: " + host, e);
    }
  }
}

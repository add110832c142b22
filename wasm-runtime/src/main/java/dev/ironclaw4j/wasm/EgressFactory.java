package dev.ironclaw4j.wasm;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressPolicy;

/**
 * Makes the egress client of one tool, whose policy is exactly the tool's manifest rules. The
 * factory (the server) supplies everything else egress needs: the vault's secret lookup and
 * bindings, the leak scanner, the resolver and the audit sink. The runtime never builds an HTTP client.
 */
@FunctionalInterface
public interface EgressFactory {
  Egress create(EgressPolicy policy);
}

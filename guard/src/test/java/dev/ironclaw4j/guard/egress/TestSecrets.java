package dev.ironclaw4j.guard.egress;

import dev.ironclaw4j.guard.vault.Injection;
import dev.ironclaw4j.guard.vault.SecretBinding;
import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.guard.vault.SecretValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An in-memory {@link SecretLookup} for tests; records uses. */
final class TestSecrets implements SecretLookup {
  private final Map<String, Resolved> secrets = new LinkedHashMap<>();
  final List<String> used = new ArrayList<>();

  TestSecrets add(String name, String value, String rule, String injection) {
    secrets.put(name, new Resolved(SecretValue.of(name, value.getBytes(StandardCharsets.UTF_8)),
        List.of(SecretBinding.parse(rule, Injection.parse(injection)))));
    return this;
  }

  @Override
  public Optional<Resolved> resolve(String name) {
    return Optional.ofNullable(secrets.get(name));
  }

  @Override
  public List<String> names() {
    return List.copyOf(secrets.keySet());
  }

  @Override
  public void recordUse(String name) {
    used.add(name);
  }
}

package dev.ironclaw4j.server.testing;

import dev.ironclaw4j.guard.vault.Injection;
import dev.ironclaw4j.guard.vault.KnownSecrets;
import dev.ironclaw4j.guard.vault.SecretBinding;
import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.guard.vault.SecretValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Secrets for tests that need egress injection and the leak detector without a vault: each with one
 * binding ({@code 'URL [METHODS]'} and an injection such as {@code bearer}). Also the detector's known
 * values, so what is added here is redacted everywhere.
 */
public final class StaticSecrets implements SecretLookup, KnownSecrets {
  private final Map<String, Resolved> secrets = new ConcurrentHashMap<>();
  private final AtomicLong version = new AtomicLong();
  /** Names in the order egress used them. */
  public final List<String> used = new CopyOnWriteArrayList<>();

  public StaticSecrets add(String name, String value, String rule, String injection) {
    secrets.put(name, new Resolved(SecretValue.of(name, value.getBytes(StandardCharsets.UTF_8)),
        List.of(SecretBinding.parse(rule, Injection.parse(injection)))));
    version.incrementAndGet();
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

  @Override
  public List<SecretValue> current() {
    return secrets.values().stream().map(Resolved::value).toList();
  }

  @Override
  public long version() {
    return version.get();
  }
}

package dev.ironclaw4j.guard.attest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The user's attestation decisions, one JSON file in the home ({@code attest/pins.json}, mode 0600,
 * in a 0700 directory): per provider, where it is, which model, the pinned measurements and the
 * policy. Written atomically; a file that does not parse is an error, never "nothing pinned".
 */
public final class PinFile {
  /** One provider's entry. {@code how} says how the pins were set: {@code trust on first use} or {@code manual}. */
  public record Entry(String type, String url, String model, AttestationPolicy policy, Instant pinnedAt, String how) {}

  private final Path file;

  public PinFile(Path file) {
    this.file = file;
  }

  public Path path() {
    return file;
  }

  /** Every entry; empty when the file does not exist. */
  public synchronized Map<String, Entry> load() {
    if (!Files.exists(file)) {
      return Map.of();
    }
    try {
      if (Files.size(file) > Limits.MAX_PIN_FILE_BYTES) {
        throw invalid("it is larger than " + Limits.MAX_PIN_FILE_BYTES + " bytes");
      }
      JsonNode doc = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
      if (doc.path("version").asInt(0) != 1 || !doc.path("providers").isObject()) {
        throw invalid("it is not a version 1 pin file");
      }
      Map<String, Entry> out = new TreeMap<>();
      for (Map.Entry<String, JsonNode> p : doc.path("providers").properties()) {
        out.put(p.getKey(), entry(p.getValue()));
      }
      return out;
    } catch (IOException e) {
      throw invalid("it cannot be read: " + e.getMessage());
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw invalid(e.getMessage());
    }
  }

  public Optional<Entry> get(String provider) {
    return Optional.ofNullable(load().get(provider));
  }

  /** The provider's policy, or the unpinned default (which fails until the user pins). */
  public AttestationPolicy policy(String provider) {
    return get(provider).map(Entry::policy).orElse(AttestationPolicy.unpinned());
  }

  /** Adds or replaces one provider's entry. */
  public synchronized void put(String provider, Entry entry) {
    if (!provider.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException("a provider name is lower-case letters, digits, '.', '_' and '-'");
    }
    Map<String, Entry> all = new TreeMap<>(load());
    all.put(provider, entry);
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("version", 1);
    ObjectNode providers = doc.putObject("providers");
    all.forEach((name, e) -> providers.set(name, json(e)));
    try {
      OwnerOnlyFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
    } catch (IOException ex) {
      throw new AttestationException(Reason.PIN_FILE_INVALID, "cannot write " + file + ": " + ex.getMessage(), ex);
    }
  }

  private static ObjectNode json(Entry e) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("type", e.type());
    o.put("url", e.url());
    o.put("model", e.model());
    o.put("pinned_at", e.pinnedAt().toString());
    o.put("pinned_how", e.how());
    ObjectNode pins = o.putObject("pins");
    e.policy().pins().forEach((k, v) -> {
      ArrayNode a = pins.putArray(k);
      new TreeSet<>(v).forEach(a::add);
    });
    ArrayNode tcb = o.putArray("accept_tcb");
    new TreeSet<>(e.policy().acceptedTcbStatuses()).forEach(tcb::add);
    o.put("allow_unverified_gpu", e.policy().allowUnverifiedGpu());
    o.put("collateral_max_age_minutes", e.policy().collateralMaxAge().toMinutes());
    o.put("evidence_lifetime_minutes", e.policy().evidenceLifetime().toMinutes());
    return o;
  }

  private static Entry entry(JsonNode o) {
    Map<String, Set<String>> pins = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> p : o.path("pins").properties()) {
      Set<String> values = new HashSet<>();
      for (JsonNode v : p.getValue()) {
        String s = v.asString("");
        if (!s.matches("(sha256:)?[0-9a-f]{2,32768}")) {
          throw new IllegalArgumentException("pin '" + p.getKey() + "' has a value that is not lower-case hex");
        }
        values.add(s);
      }
      pins.put(p.getKey(), values);
    }
    Set<String> tcb = new HashSet<>();
    o.path("accept_tcb").forEach(t -> tcb.add(t.asString("")));
    if (tcb.isEmpty()) {
      tcb.addAll(AttestationPolicy.DEFAULT_TCB);
    }
    AttestationPolicy policy = new AttestationPolicy(pins, tcb, o.path("allow_unverified_gpu").asBoolean(false),
        Duration.ofMinutes(o.path("collateral_max_age_minutes").asLong(0)),
        Duration.ofMinutes(o.path("evidence_lifetime_minutes").asLong(AttestationPolicy.DEFAULT_LIFETIME.toMinutes())));
    return new Entry(Json.requireText(o, "type"), Json.requireText(o, "url"), Json.requireText(o, "model"), policy,
        Instant.parse(Json.requireText(o, "pinned_at")), Json.requireText(o, "pinned_how"));
  }

  private AttestationException invalid(String why) {
    return new AttestationException(Reason.PIN_FILE_INVALID, "the pin file " + file + " is invalid: " + why);
  }

  /** Pins made from what a verification measured: every value each field took on any node. */
  public static Map<String, Set<String>> pinsFrom(List<Measurements> measured) {
    Map<String, Set<String>> pins = new TreeMap<>();
    for (Measurements m : measured) {
      m.values().forEach((k, v) -> pins.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
    }
    return pins;
  }
}

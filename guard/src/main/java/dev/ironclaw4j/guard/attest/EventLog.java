package dev.ironclaw4j.guard.attest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A dstack event log: what was extended into each RTMR, in order. Replaying it (each RTMR starts at 48
 * zero bytes, then {@code rtmr = SHA-384(rtmr || digest)} per event) must give the RTMRs of the quote;
 * only then do the events say what the measured values were. dstack's runtime events (type
 * 0x08000001: app id, compose hash, OS image hash, key provider, ...) carry their payload, and their
 * digest is recomputed here as {@code SHA-384(type as 4 bytes little-endian || ":" || name || ":" || payload)}
 * rather than taken from the log. Firmware and kernel events (RTMR0-2) are replayed by their digests;
 * their meaning is pinned through the RTMR values themselves.
 */
public final class EventLog {
  /** dstack's runtime event type. */
  public static final long DSTACK_RUNTIME_EVENT = 0x08000001L;

  /** One event: the RTMR it extends (0-3), its type, the digest extended, and, for runtime events, name and payload. */
  public record Event(int imr, long type, byte[] digest, String name, byte[] payload) {}

  private final List<Event> events;

  private EventLog(List<Event> events) {
    this.events = List.copyOf(events);
  }

  /**
   * Parses the JSON text of a dstack event log: an array of {@code {imr, event_type, digest, event,
   * event_payload}}.
   *
   * @throws AttestationException {@code event-log-invalid} when it is too large or malformed, and
   *     {@code event-log-mismatch} when a runtime event's digest is not the digest of its content
   */
  public static EventLog parse(String json) {
    if (json.length() > Limits.MAX_EVENT_LOG_CHARS) {
      throw invalid("it is " + json.length() + " characters; the limit is " + Limits.MAX_EVENT_LOG_CHARS);
    }
    JsonNode arr;
    try {
      arr = Json.parse(json);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    if (!arr.isArray()) {
      throw invalid("it is not a JSON array");
    }
    if (arr.size() > Limits.MAX_EVENT_LOG_ENTRIES) {
      throw invalid("it has " + arr.size() + " events; the limit is " + Limits.MAX_EVENT_LOG_ENTRIES);
    }
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      out.add(event(arr.get(i), i));
    }
    return new EventLog(out);
  }

  private static Event event(JsonNode e, int i) {
    try {
      if (!e.isObject()) {
        throw new IllegalArgumentException("not an object");
      }
      long imr = Json.requireLong(e, "imr");
      long type = Json.requireLong(e, "event_type");
      if (imr < 0 || imr > 3) {
        throw new IllegalArgumentException("imr " + imr + " is not 0-3");
      }
      String digestHex = Json.text(e, "digest");
      byte[] stored = digestHex == null || digestHex.isEmpty() ? new byte[0] : Bin.unhex(digestHex, 48);
      String name = e.has("event") ? Json.requireText(e, "event") : "";
      String payloadHex = Json.text(e, "event_payload");
      byte[] payload = payloadHex == null ? new byte[0] : Bin.unhex(payloadHex, Limits.MAX_EVENT_PAYLOAD_BYTES);
      if (type == DSTACK_RUNTIME_EVENT) {
        byte[] computed = Bin.sha384(new byte[] {0x01, 0x00, 0x00, 0x08}, ":".getBytes(StandardCharsets.US_ASCII),
            name.getBytes(StandardCharsets.UTF_8), ":".getBytes(StandardCharsets.US_ASCII), payload);
        if (stored.length != 0 && !java.security.MessageDigest.isEqual(stored, computed)) {
          throw new AttestationException(Reason.EVENT_LOG_MISMATCH, "event " + i + " ('" + name
              + "') has a digest that is not the digest of its name and payload");
        }
        return new Event((int) imr, type, computed, name, payload);
      }
      if (stored.length != 48) {
        throw new IllegalArgumentException("digest is not 48 bytes");
      }
      return new Event((int) imr, type, stored, name, payload);
    } catch (IllegalArgumentException ex) {
      throw invalid("event " + i + ": " + ex.getMessage());
    }
  }

  public List<Event> events() {
    return events;
  }

  /** The four RTMRs this log produces. */
  byte[][] replay() {
    byte[][] rtmr = {new byte[48], new byte[48], new byte[48], new byte[48]};
    for (Event e : events) {
      rtmr[e.imr()] = Bin.sha384(rtmr[e.imr()], e.digest());
    }
    return rtmr;
  }

  /** How many events extend this RTMR. */
  int count(int imr) {
    return (int) events.stream().filter(e -> e.imr() == imr).count();
  }

  /** The payload of the last runtime event of this name in RTMR3 (meaningful only once the replay matched). */
  public Optional<byte[]> runtime(String name) {
    byte[] found = null;
    for (Event e : events) {
      if (e.imr() == 3 && e.type() == DSTACK_RUNTIME_EVENT && e.name().equals(name)) {
        found = e.payload();
      }
    }
    return Optional.ofNullable(found).map(byte[]::clone);
  }

  private static AttestationException invalid(String why) {
    return new AttestationException(Reason.EVENT_LOG_INVALID, "the event log is invalid: " + why);
  }
}

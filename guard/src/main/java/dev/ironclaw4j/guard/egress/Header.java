package dev.ironclaw4j.guard.egress;

import java.util.Objects;

/** One HTTP header field as the caller wrote it or the server sent it. */
public record Header(String name, String value) {
  public Header {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}

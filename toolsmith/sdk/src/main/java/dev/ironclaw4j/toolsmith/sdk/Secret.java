package dev.ironclaw4j.toolsmith.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A vault secret the tool may mention as a {@code {{secret:NAME}}} placeholder (see
 * {@link Secrets#placeholder}). The tool never sees the value: egress substitutes it, and only where
 * the vault binding of the secret allows the destination.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
@Repeatable(Secret.List.class)
public @interface Secret {
  String value();

  /** Holds repeated {@code @Secret}. */
  @Retention(RetentionPolicy.SOURCE)
  @Target(ElementType.TYPE)
  public @interface List {
    Secret[] value();
  }
}

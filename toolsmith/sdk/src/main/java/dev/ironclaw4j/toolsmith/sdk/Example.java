package dev.ironclaw4j.toolsmith.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An example call that the toolsmith runs in the sandbox before installing the tool: the tool is
 * called with {@code input}; the build fails unless the output contains every field of
 * {@code output} with the same value (extra fields are fine).
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
@Repeatable(Example.List.class)
public @interface Example {
  /** The input JSON object. */
  String input();

  /** Expected output fields, as a JSON object; {@code "{}"} checks only that the call succeeds. */
  String output() default "{}";

  /** Holds repeated {@code @Example}. */
  @Retention(RetentionPolicy.SOURCE)
  @Target(ElementType.TYPE)
  public @interface List {
    Example[] value();
  }
}

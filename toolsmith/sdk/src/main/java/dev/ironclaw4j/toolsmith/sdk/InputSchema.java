package dev.ironclaw4j.toolsmith.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The whole input JSON Schema, written out, instead of {@link Param} declarations. */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface InputSchema {
  /** A JSON Schema object. */
  String value();

}

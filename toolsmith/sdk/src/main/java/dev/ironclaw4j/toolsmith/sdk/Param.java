package dev.ironclaw4j.toolsmith.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One property of the tool's input object. The input schema is generated from these: an object with
 * exactly these properties ({@code additionalProperties: false}), the required ones listed.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
@Repeatable(Param.List.class)
public @interface Param {
  String name();

  /** JSON Schema type: {@code string}, {@code integer}, {@code number}, {@code boolean}, {@code array} or {@code object}. */
  String type() default "string";

  String description() default "";

  boolean required() default true;

  /** Holds repeated {@code @Param}. */
  @Retention(RetentionPolicy.SOURCE)
  @Target(ElementType.TYPE)
  public @interface List {
    Param[] value();
  }
}

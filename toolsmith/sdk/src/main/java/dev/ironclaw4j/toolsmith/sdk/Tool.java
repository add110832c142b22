package dev.ironclaw4j.toolsmith.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a class as a tool. The class must be public, have a public no-argument constructor and
 * implement {@link ToolFunction}. The toolsmith generates the tool's manifest from this and the other
 * declarations on the class ({@link Param}, {@link InputSchema}, {@link AllowHttp}, {@link Secret},
 * {@link WorkspaceRead}, {@link Limits}): the source is the single truth of what the tool may do.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface Tool {
  /** lower_snake_case, at most 48 characters; the name the model and the user see. */
  String name();

  /** What the tool does, for the model and for the approval prompt (1 to 2000 characters). */
  String description();

  /** Semantic version. */
  String version() default "1.0.0";

}

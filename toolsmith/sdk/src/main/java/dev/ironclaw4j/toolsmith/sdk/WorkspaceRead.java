package dev.ironclaw4j.toolsmith.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A workspace-relative path prefix the tool may read with {@link Workspace#read}. */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
@Repeatable(WorkspaceRead.List.class)
public @interface WorkspaceRead {
  String value();

  /** Holds repeated {@code @WorkspaceRead}. */
  @Retention(RetentionPolicy.SOURCE)
  @Target(ElementType.TYPE)
  public @interface List {
    WorkspaceRead[] value();
  }
}

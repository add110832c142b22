package dev.ironclaw4j.toolsmith.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An HTTP rule: the tool may send requests to URLs matching {@code value} with these methods, through
 * the product's egress (which also applies the user's policy, SSRF defense and leak scanning). Without
 * any, every request is denied.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
@Repeatable(AllowHttp.List.class)
public @interface AllowHttp {
  /** A URL pattern, e.g. {@code https://api.github.com/repos/*}. */
  String value();

  /** Allowed methods. */
  String[] methods() default {"GET"};

  /** Also allow private and loopback addresses for this rule (for local services and tests). */
  boolean allowPrivate() default false;

  /** Holds repeated {@code @AllowHttp}. */
  @Retention(RetentionPolicy.SOURCE)
  @Target(ElementType.TYPE)
  public @interface List {
    AllowHttp[] value();
  }
}

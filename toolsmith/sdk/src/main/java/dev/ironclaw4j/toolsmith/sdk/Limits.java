package dev.ironclaw4j.toolsmith.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What one call may consume. Every limit has a default that the toolsmith writes into the manifest
 * explicitly (the approval shows them); declare this to change them.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface Limits {
  long wallTimeMs() default 10_000;

  /** CPU budget in metering units (one per function entry and loop iteration). */
  long fuel() default 2_000_000_000L;

  /** 64 KiB pages of linear memory (TeaVM needs at least 33). */
  int memoryPages() default 64;

  int outputBytes() default 65_536;

  /** HTTP calls per call; default 8 when the tool declares an HTTP rule, else 0. */
  int httpCalls() default -1;

  /** Heap of the sandbox worker JVM in MiB. */
  int heapMb() default 128;

}

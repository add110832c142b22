package dev.ironclaw4j.server.agent;

import java.util.concurrent.CompletableFuture;

/** A running turn. Cancelling stops the model stream and any tool call at its next check point. */
public interface Turn {
  String id();

  void cancel();

  /** Completes (never exceptionally) when the turn ends, however it ends. */
  CompletableFuture<TurnResult> result();
}

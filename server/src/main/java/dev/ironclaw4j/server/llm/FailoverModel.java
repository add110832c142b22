package dev.ironclaw4j.server.llm;

import java.util.List;

/**
 * A model with a configured second: when the first fails after its retries (unavailable, rate-limited,
 * refused, even a bad key) and no part of its answer was streamed yet, the same request goes to the
 * second. A cancelled call is never failed over.
 */
public final class FailoverModel implements ChatModel {
  private static final System.Logger LOG = System.getLogger(FailoverModel.class.getName());
  private final List<ChatModel> models;

  public FailoverModel(List<ChatModel> models) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("no models");
    }
    this.models = List.copyOf(models);
  }

  @Override
  public String id() {
    return models.getFirst().id();
  }

  @Override
  public ChatResponse chat(ChatRequest request, ChatSink sink) {
    ModelException first = null;
    for (ChatModel m : models) {
      try {
        return m.chat(request, sink);
      } catch (ModelException e) {
        if (e.streamed() || e.reason().equals("cancelled") || sink.cancelled() || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        if (first == null) {
          first = e;
        }
        LOG.log(System.Logger.Level.WARNING, "model {0} failed ({1}); {2}", m.id(), e.getMessage(),
            m == models.getLast() ? "no other model configured" : "failing over");
      }
    }
    throw first;
  }
}

package dev.ironclaw4j.server.channels;

import dev.ironclaw4j.guard.tool.Approver;
import dev.ironclaw4j.guard.tool.Effect;
import dev.ironclaw4j.server.agent.AgentException;
import dev.ironclaw4j.server.agent.Conversations;
import dev.ironclaw4j.server.agent.SessionInfo;
import dev.ironclaw4j.server.agent.Turn;
import dev.ironclaw4j.server.agent.TurnListener;
import dev.ironclaw4j.server.agent.TurnResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small stand-in for the agent core, for channel tests until the real one is merged: it streams a few
 * deltas, and depending on the prompt asks the approver once for a tool ("tool"), sends a plan ("plan"),
 * or waits until cancelled ("wait"). One turn per session at a time, as the interface requires.
 */
public final class TestConversations implements Conversations {
  public static final String TOOL = "secret_list";

  private final Map<String, List<TranscriptEntry>> sessions = new ConcurrentHashMap<>();
  private final Map<String, Turn> running = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  public final List<String> prompts = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A session with a transcript already, for session/load. */
  public String seed(String user, String assistant, String tool) {
    String id = "s-" + ids.incrementAndGet();
    List<TranscriptEntry> t = new ArrayList<>();
    t.add(new TranscriptEntry("user", user, Optional.empty()));
    t.add(new TranscriptEntry("tool", tool + " ran", Optional.of(tool)));
    t.add(new TranscriptEntry("assistant", assistant, Optional.empty()));
    sessions.put(id, java.util.Collections.synchronizedList(t));
    return id;
  }

  @Override
  public SessionInfo open(String channel, String caller, Optional<String> resumeId) {
    String id;
    if (resumeId.isPresent()) {
      id = resumeId.get();
      if (!sessions.containsKey(id)) {
        throw new AgentException("unknown-session", "no session " + id);
      }
    } else {
      id = "s-" + ids.incrementAndGet();
      sessions.put(id, java.util.Collections.synchronizedList(new ArrayList<>()));
    }
    return new SessionInfo(id, channel, "test", Instant.now(), Instant.now(), sessions.get(id).size() / 2);
  }

  @Override
  public List<SessionInfo> list(int limit) {
    return sessions.keySet().stream().limit(limit)
        .map(id -> new SessionInfo(id, "test", "test", Instant.now(), Instant.now(), 0)).toList();
  }

  @Override
  public List<TranscriptEntry> transcript(String sessionId) {
    List<TranscriptEntry> t = sessions.get(sessionId);
    if (t == null) {
      throw new AgentException("unknown-session", "no session " + sessionId);
    }
    synchronized (t) {
      return List.copyOf(t);
    }
  }

  @Override
  public Turn prompt(String sessionId, String text, TurnListener listener, Approver approver) {
    List<TranscriptEntry> t = sessions.get(sessionId);
    if (t == null) {
      throw new AgentException("unknown-session", "no session " + sessionId);
    }
    prompts.add(text);
    String turnId = "t-" + ids.incrementAndGet();
    CompletableFuture<TurnResult> result = new CompletableFuture<>();
    CountDownLatch cancelled = new CountDownLatch(1);
    Turn turn = new Turn() {
      @Override
      public String id() {
        return turnId;
      }

      @Override
      public void cancel() {
        cancelled.countDown();
      }

      @Override
      public CompletableFuture<TurnResult> result() {
        return result;
      }
    };
    if (running.putIfAbsent(sessionId, turn) != null) {
      throw new AgentException("session-busy", "a turn is already running in session " + sessionId);
    }
    t.add(new TranscriptEntry("user", text, Optional.empty()));
    java.util.function.Consumer<TurnResult> finish = r -> {
      running.remove(sessionId);
      result.complete(r);
    };
    Thread.ofVirtual().start(() -> {
      StringBuilder answer = new StringBuilder();
      TurnResult r;
      try {
        if (text.contains("plan")) {
          listener.plan(List.of("look", "answer"));
        }
        for (String d : List.of("Hello", ", ", "world")) {
          listener.delta(d);
          answer.append(d);
        }
        if (text.contains("tool")) {
          listener.toolCall("call-1", TOOL, "{}");
          Approver.Answer a = approver.ask(new Approver.Request(TOOL, "{}", Set.of(Effect.READ_PRIVATE),
              "the policy asks before " + TOOL, true));
          boolean ok = a != Approver.Answer.DENY;
          listener.toolResult("call-1", TOOL, ok, ok ? "2 secrets" : "the user declined " + TOOL);
          String d = ok ? " (allowed: " + a.name().toLowerCase() + ")" : " (denied)";
          listener.delta(d);
          answer.append(d);
        }
        if (text.contains("wait")) {
          if (cancelled.await(30, TimeUnit.SECONDS)) {
            finish.accept(new TurnResult(TurnResult.Status.CANCELLED, "cancelled", 0, 0));
            return;
          }
        }
        if (cancelled.getCount() == 0) {
          r = new TurnResult(TurnResult.Status.CANCELLED, "cancelled", 0, 0);
        } else {
          t.add(new TranscriptEntry("assistant", answer.toString(), Optional.empty()));
          r = new TurnResult(TurnResult.Status.COMPLETED, answer.toString(), 10, 5);
        }
        finish.accept(r);
      } catch (InterruptedException e) {
        finish.accept(new TurnResult(TurnResult.Status.CANCELLED, "cancelled", 0, 0));
      } catch (RuntimeException e) {
        finish.accept(new TurnResult(TurnResult.Status.FAILED, "failed: " + e.getMessage(), 0, 0));
      }
    });
    return turn;
  }
}

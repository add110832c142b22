package dev.ironclaw4j.guard.tool;

import dev.ironclaw4j.guard.audit.AuditEvent;
import dev.ironclaw4j.guard.audit.AuditLog;
import dev.ironclaw4j.guard.audit.CallTrace;
import dev.ironclaw4j.guard.leak.LeakScanner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;

/**
 * The one path every tool call takes, whoever calls: validate the input → approval → rate limit →
 * trifecta guard → execute with a deadline → leak scan of the output → safety inspection → fence →
 * audit. Every call is audited, refused ones included, and a refused call executes nothing.
 */
public final class ToolInvoker implements AutoCloseable {
  /** Longest tool output kept, in characters; the rest is cut with a note. */
  public static final int MAX_OUTPUT_CHARS = 1 << 20;

  private final ToolRegistry registry;
  private final ApprovalPolicy policy;
  private final RateLimiter rateLimiter;
  private final LeakScanner leaks;
  private final ContentInspector inspector;
  private final AuditLog audit;
  private final Duration deadline;
  private final Map<String, SessionState> sessions = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  public ToolInvoker(ToolRegistry registry, ApprovalPolicy policy, RateLimiter rateLimiter, LeakScanner leaks,
      ContentInspector inspector, AuditLog audit, Duration deadline) {
    this.registry = Objects.requireNonNull(registry);
    this.policy = Objects.requireNonNull(policy);
    this.rateLimiter = Objects.requireNonNull(rateLimiter);
    this.leaks = Objects.requireNonNull(leaks);
    this.inspector = Objects.requireNonNull(inspector);
    this.audit = Objects.requireNonNull(audit);
    this.deadline = Objects.requireNonNull(deadline);
  }

  /** The remembered state of a session (trifecta facts, session approvals). */
  public SessionState session(String sessionId) {
    return sessions.computeIfAbsent(sessionId, k -> new SessionState());
  }

  /** Forgets a session: its "always for this session" approvals end with it. */
  public void endSession(String sessionId) {
    sessions.remove(sessionId);
  }

  /**
   * Runs one tool call through the whole pipeline.
   *
   * @throws ToolException when the call is refused or fails; it has been audited either way
   */
  public ToolResult call(String toolName, String inputJson, ToolContext ctx) {
    long start = System.nanoTime();
    Audit a = new Audit(ctx, toolName, inputJson == null ? "" : AuditLog.digest(inputJson), start);
    Tool tool = registry.find(toolName).orElse(null);
    if (tool == null) {
      throw a.refuse("rejected", new ToolException("unknown-tool", "no tool named '" + toolName + "' (see 'ironclaw4j tool list')"), "");
    }
    ToolSpec spec = tool.spec();
    JsonNode input;
    try {
      input = InputSchema.parse(inputJson);
      List<String> problems = InputSchema.validate(spec.inputSchema(), input);
      if (!problems.isEmpty()) {
        throw new ToolException("invalid-input", "input does not match the schema of " + toolName + ": " + String.join("; ", problems));
      }
    } catch (ToolException e) {
      throw a.refuse("rejected", e, "");
    }

    SessionState state = session(ctx.sessionId());
    String approver = approve(spec, inputJson, ctx, state, a);
    try {
      rateLimiter.acquire(toolName, ctx.sessionId());
    } catch (ToolException e) {
      throw a.refuse("denied", e, approver);
    }

    String raw = execute(tool, input, ctx, a, approver);
    if (spec.untrustedOutput()) {
      state.markUntrusted();
    }
    if (spec.has(Effect.READ_PRIVATE) || spec.has(Effect.USE_SECRET)) {
      state.markPrivate();
    }
    String capped = raw.length() <= MAX_OUTPUT_CHARS ? raw
        : raw.substring(0, MAX_OUTPUT_CHARS) + "\n[ironclaw4j: output cut at " + MAX_OUTPUT_CHARS + " characters]";
    String clean = leaks.redact(capped);
    boolean redacted = !clean.equals(capped);
    ContentInspector.Inspection inspection = inspector.inspect(clean, spec);
    String shown = inspection.content();
    if (inspection.verdict().equals("block")) {
      shown = "[ironclaw4j withheld the output of " + toolName + ": it contained instructions aimed at the model]";
    }
    String fenced = inspector.wrap(shown, spec, ctx.sessionId());
    long seq = a.write("allowed", "", approver, redacted ? "ok:redacted" : "ok:" + inspection.verdict());
    return new ToolResult(toolName, fenced, inspection.verdict(), redacted, seq);
  }

  /** Approval step, including the trifecta guard; returns who approved. */
  private String approve(ToolSpec spec, String inputJson, ToolContext ctx, SessionState state, Audit a) {
    ApprovalPolicy.Decision d = policy.decide(spec, ctx.channel());
    if (d == ApprovalPolicy.Decision.DENY) {
      throw a.refuse("denied", new ToolException("denied", "the approval policy denies " + spec.name() + " on channel " + ctx.channel()), "policy");
    }
    boolean trifecta = state.seenUntrusted() && state.readPrivate() && spec.canExfiltrate();
    boolean forced = trifecta || spec.has(Effect.DESTRUCTIVE);
    if (!forced && (d == ApprovalPolicy.Decision.ALLOW || state.granted(spec))) {
      return d == ApprovalPolicy.Decision.ALLOW ? "policy" : "session-approval";
    }
    String why = trifecta
        ? "this session has read untrusted content and private data, and " + spec.name() + " can send data out"
        : spec.has(Effect.DESTRUCTIVE) ? spec.name() + " is destructive: every call is confirmed" : "the policy asks before " + spec.name();
    if (ctx.approver().isEmpty()) {
      throw a.refuse("denied", new ToolException("approval-required",
          spec.name() + " needs approval (" + why + ") and nobody can be asked in this context"), "none");
    }
    String summary = leaks.redact(inputJson.length() > 500 ? inputJson.substring(0, 500) + "..." : inputJson);
    Approver.Answer answer = ctx.approver().get().ask(new Approver.Request(spec.name(), summary, spec.effects(), why, !forced));
    if (answer == null || answer == Approver.Answer.DENY) {
      throw a.refuse("denied", new ToolException("denied", "the user declined " + spec.name()), "user");
    }
    if (answer == Approver.Answer.ALLOW_FOR_SESSION && !forced) {
      state.grant(spec);
    }
    return trifecta ? "user:trifecta" : "user";
  }

  private String execute(Tool tool, JsonNode input, ToolContext ctx, Audit a, String approver) {
    Future<String> f = executor.submit(() -> CallTrace.collect(() -> tool.execute(input, ctx), a.destinations));
    try {
      String out = f.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      return out == null ? "" : out;
    } catch (TimeoutException e) {
      f.cancel(true);
      throw a.fail(new ToolException("timeout", tool.spec().name() + " did not finish within " + deadline.toSeconds() + " s and was stopped"), approver);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw a.fail(new ToolException("timeout", "the call of " + tool.spec().name() + " was interrupted"), approver);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      ToolException te = c instanceof ToolException t ? t
          : new ToolException("tool-failed", tool.spec().name() + " failed: " + leaks.redact(String.valueOf(c.getMessage())));
      throw a.fail(te, approver);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  /** Writes the audit record of one call. */
  private final class Audit {
    private final ToolContext ctx;
    private final String tool;
    private final String digest;
    private final long start;
    /** Where the call sent data (egress reports it while the tool runs). */
    final List<String> destinations = new java.util.concurrent.CopyOnWriteArrayList<>();

    Audit(ToolContext ctx, String tool, String digest, long start) {
      this.ctx = ctx;
      this.tool = tool == null ? "" : tool;
      this.digest = digest;
      this.start = start;
    }

    long write(String decision, String reason, String approver, String outcome) {
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      return audit.record(new AuditEvent("tool.call", ctx.channel() + ":" + ctx.caller(), ctx.sessionId(), tool, digest,
          decision, reason, approver, List.copyOf(destinations), ms, outcome)).seq();
    }

    ToolException refuse(String decision, ToolException e, String approver) {
      write(decision, e.reason(), approver, "not-run");
      return e;
    }

    ToolException fail(ToolException e, String approver) {
      write("allowed", e.reason(), approver, "error:" + e.reason());
      return e;
    }
  }
}

package dev.ironclaw4j.toolsmith;

import dev.ironclaw4j.guard.audit.AuditLog;
import dev.ironclaw4j.guard.audit.AuditRecord;
import dev.ironclaw4j.guard.audit.AuditStore;
import dev.ironclaw4j.guard.leak.Finding;
import dev.ironclaw4j.guard.leak.LeakScanner;
import dev.ironclaw4j.guard.tool.ApprovalPolicy;
import dev.ironclaw4j.guard.tool.ContentInspector;
import dev.ironclaw4j.guard.tool.RateLimiter;
import dev.ironclaw4j.guard.tool.ToolInvoker;
import dev.ironclaw4j.guard.tool.ToolRegistry;
import dev.ironclaw4j.guard.tool.ToolSpec;
import dev.ironclaw4j.guard.vault.Injection;
import dev.ironclaw4j.guard.vault.SecretBinding;
import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.guard.vault.SecretValue;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** Real guard pieces for the toolsmith's pipeline tests: a one-secret vault, a known-value leak scanner, the invoker. */
final class Guards {
  static final String TOKEN = "ghp_" + "T00lsm1thVaultValue0123456789abcdefXY";

  private Guards() {}

  static final LeakScanner LEAKS = new LeakScanner() {
    @Override
    public List<Finding> scan(CharSequence text) {
      List<Finding> out = new ArrayList<>();
      String s = text.toString();
      for (int i = s.indexOf(TOKEN); i >= 0; i = s.indexOf(TOKEN, i + 1)) {
        out.add(new Finding("known_secret", i, i + TOKEN.length(), 1, Finding.Action.BLOCK, "GITHUB_TOKEN"));
      }
      return out;
    }

    @Override
    public String redact(CharSequence text) {
      return text.toString().replace(TOKEN, "[REDACTED:GITHUB_TOKEN]");
    }
  };

  /** GITHUB_TOKEN, bound (as a bearer token) to exactly one URL rule. */
  static SecretLookup vault(String boundRule) {
    SecretLookup.Resolved r = new SecretLookup.Resolved(SecretValue.of("GITHUB_TOKEN", TOKEN.getBytes(StandardCharsets.UTF_8)),
        List.of(SecretBinding.parse(boundRule, new Injection.Bearer())));
    return new SecretLookup() {
      @Override
      public Optional<Resolved> resolve(String name) {
        return name.equals("GITHUB_TOKEN") ? Optional.of(r) : Optional.empty();
      }

      @Override
      public List<String> names() {
        return List.of("GITHUB_TOKEN");
      }
    };
  }

  /** Passes output through unchanged (both forms of the inspector contract). */
  static final ContentInspector PASS = new ContentInspector() {
    public Inspection inspect(String content, String source) {
      return new Inspection("pass", content);
    }

    public Inspection inspect(String content, ToolSpec tool) {
      return new Inspection("pass", content);
    }

    public String wrap(String content, String provenance, String sessionId) {
      return content;
    }

    public String wrap(String content, ToolSpec tool, String sessionId) {
      return content;
    }
  };

  static ToolInvoker invoker(ToolRegistry registry) {
    return new ToolInvoker(registry, ApprovalPolicy.builder().global("*", ApprovalPolicy.Decision.ALLOW).build(),
        new RateLimiter(new RateLimiter.Limits(100, 100, Duration.ofMinutes(1)), System::nanoTime),
        LEAKS, PASS, new AuditLog(new MemoryStore(), Clock.systemUTC()), Duration.ofSeconds(30));
  }

  /** In-memory audit store. */
  static final class MemoryStore implements AuditStore {
    private final List<AuditRecord> records = new ArrayList<>();

    @Override
    public synchronized AuditRecord append(Function<Optional<AuditRecord>, AuditRecord> build) {
      AuditRecord r = build.apply(records.isEmpty() ? Optional.empty() : Optional.of(records.getLast()));
      records.add(r);
      return r;
    }

    @Override
    public synchronized List<AuditRecord> query(Filter f, int limit) {
      return records.stream().limit(limit).toList();
    }

    @Override
    public synchronized void forEach(Consumer<AuditRecord> action) {
      records.forEach(action);
    }

    @Override
    public synchronized Optional<Head> head() {
      return records.isEmpty() ? Optional.empty() : Optional.of(new Head(records.getLast().seq(), records.getLast().hash()));
    }
  }
}

package dev.ironclaw4j.wasm;

import dev.ironclaw4j.guard.audit.AuditLog;
import dev.ironclaw4j.guard.audit.AuditRecord;
import dev.ironclaw4j.guard.audit.AuditStore;
import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressAuditEvent;
import dev.ironclaw4j.guard.egress.EgressPolicy;
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
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/** Real guard pieces wired for the runtime's tests. */
final class Fixtures {
  static final String TOKEN_VALUE = "ghp_" + "S3cr3tVaultValue0123456789abcdefWXYZ";

  private Fixtures() {}

  /** Known-value leak scanner (the product's detector lives in guard; egress needs only the contract). */
  static final LeakScanner LEAKS = new LeakScanner() {
    @Override
    public List<Finding> scan(CharSequence text) {
      List<Finding> out = new ArrayList<>();
      String s = text.toString();
      for (int i = s.indexOf(TOKEN_VALUE); i >= 0; i = s.indexOf(TOKEN_VALUE, i + 1)) {
        out.add(new Finding("known_secret", i, i + TOKEN_VALUE.length(), 1, Finding.Action.BLOCK, "GITHUB_TOKEN"));
      }
      return out;
    }

    @Override
    public String redact(CharSequence text) {
      return text.toString().replace(TOKEN_VALUE, "[REDACTED:GITHUB_TOKEN]");
    }
  };

  /** A vault with GITHUB_TOKEN bound (bearer) to exactly one URL rule. */
  static SecretLookup vault(String boundRule) {
    Map<String, SecretLookup.Resolved> m = new LinkedHashMap<>();
    m.put("GITHUB_TOKEN", new SecretLookup.Resolved(SecretValue.of("GITHUB_TOKEN", TOKEN_VALUE.getBytes(StandardCharsets.UTF_8)),
        List.of(SecretBinding.parse(boundRule, new Injection.Bearer()))));
    return new SecretLookup() {
      @Override
      public Optional<Resolved> resolve(String name) {
        return Optional.ofNullable(m.get(name));
      }

      @Override
      public List<String> names() {
        return List.copyOf(m.keySet());
      }
    };
  }

  /** Egress for a tool: its manifest policy, this vault, names of the test hosts resolved to loopback. */
  static EgressFactory egress(SecretLookup vault, List<EgressAuditEvent> audit) {
    return policy -> Egress.builder().policy(policy).leakScanner(LEAKS).secrets(vault)
        .resolver(host -> List.of(InetAddress.getByName("127.0.0.1")))
        .audit(audit::add).build();
  }

  static EgressFactory noEgress() {
    return policy -> {
      throw new AssertionError("no egress expected for " + policy.rules());
    };
  }

  /**
   * Passes output through unchanged. It implements both the (String source) and the (ToolSpec tool)
   * forms of {@link ContentInspector}, without {@code @Override}, so it compiles against main's
   * guard before and after the interface took a ToolSpec.
   */
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

  static ToolInvoker invoker(ToolRegistry registry, ApprovalPolicy policy) {
    return new ToolInvoker(registry, policy, new RateLimiter(new RateLimiter.Limits(100, 100, Duration.ofMinutes(1)), System::nanoTime),
        LEAKS, PASS, new AuditLog(new MemoryStore(), Clock.systemUTC()), Duration.ofSeconds(10));
  }

  static Consumer<String> logTo(List<String> lines) {
    return lines::add;
  }

  static List<String> lines() {
    return new CopyOnWriteArrayList<>();
  }

  static Set<String> none() {
    return Set.of();
  }

  static EgressPolicy policy(List<String> rules) {
    return EgressPolicy.parse(rules);
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

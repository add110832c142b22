package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.attest.AttestationPolicy;
import dev.ironclaw4j.guard.attest.AttestationProvider;
import dev.ironclaw4j.guard.attest.AttestationVerifier;
import dev.ironclaw4j.guard.attest.CheckResult;
import dev.ironclaw4j.guard.attest.Measurements;
import dev.ironclaw4j.guard.attest.NearAiProvider;
import dev.ironclaw4j.guard.attest.PinFile;
import dev.ironclaw4j.guard.attest.Reason;
import dev.ironclaw4j.guard.attest.Verification;
import dev.ironclaw4j.guard.audit.AuditEvent;
import dev.ironclaw4j.guard.audit.AuditLog;
import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.leak.LeakDetector;
import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.audit.EgressAuditAdapter;
import dev.ironclaw4j.server.audit.JdbcAuditStore;
import dev.ironclaw4j.server.home.Home;
import dev.ironclaw4j.server.runtime.AttestationRuntime;
import dev.ironclaw4j.server.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ironclaw4j attest check|pin|show PROVIDER}: verify a confidential-inference provider's
 * attestation and print every check; pin what it measures (trust on first use, said so); show the pins.
 */
@Command(
    name = "attest",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a confidential-inference provider (NEAR AI Cloud, a dstack deployment)",
      "before prompts go there: its Intel TDX quote and PCK chain to Intel's root,",
      "Intel's collateral, the binding of its signing key and of our nonce, its event",
      "log, its measured software against your pins, and its NVIDIA GPU evidence."
    },
    subcommands = {AttestCommand.Check.class, AttestCommand.Pin.class, AttestCommand.Show.class})
final class AttestCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  /** What runs the checks: the production verifier (Intel's pinned root); tests in this package substitute their own. */
  interface Checker {
    /** The trust root, as the first line names it. */
    String root();

    Verification check(AttestationProvider provider, AttestationPolicy policy);
  }

  /** Makes the checker for a run, given the run's egress client. */
  interface Checkers {
    Checker create(Egress egress, Home home);
  }

  static final Checkers PRODUCTION = (egress, home) -> {
    AttestationVerifier v = AttestationRuntime.verifier(egress, home, Clock.systemUTC());
    return new Checker() {
      @Override
      public String root() {
        return v.root().certificate().getSubjectX500Principal().getName()
            + (v.root().isIntel() ? " (pinned, SHA-256 " + v.root().sha256() + ")" : " (NOT Intel's)");
      }

      @Override
      public Verification check(AttestationProvider provider, AttestationPolicy policy) {
        return v.check(provider, policy);
      }
    };
  };

  @Override
  public Integer call() {
    root.spec.commandLine().getSubcommands().get("attest").usage(root.out);
    return 0;
  }

  /** Which provider, where, which model. */
  static final class Target {
    @Parameters(paramLabel = "PROVIDER", description = "The provider's name, e.g. near-ai (the key of its pins).")
    String name;

    @Option(names = "--url", paramLabel = "URL", description = "Its base URL (default: the pinned one; for near-ai, " + NearAiProvider.DEFAULT_BASE + ").")
    String url;

    @Option(names = "--model", paramLabel = "MODEL", description = "The model whose nodes must attest (default: the pinned one).")
    String model;

    @Option(names = "--allow-private-url", description = "The provider is on a private network (a local dstack deployment).")
    boolean allowPrivate;
  }

  /** Policy flags; each overrides the pinned policy for this run (check) or sets it (pin). */
  static final class PolicyFlags {
    @Option(names = "--accept-tcb", split = ",", paramLabel = "STATUS",
        description = "Intel TCB statuses to accept (default UpToDate,SWHardeningNeeded), e.g. UpToDate,SWHardeningNeeded,OutOfDate.")
    List<String> acceptTcb;

    @Option(names = "--allow-unverified-gpu", negatable = true,
        description = "Pass, marked UNVERIFIED, when GPU evidence cannot be checked (NVIDIA's service unreachable). A failing GPU still fails.")
    Boolean allowUnverifiedGpu;

    @Option(names = "--collateral-max-age", paramLabel = "AGE",
        description = "When Intel's service is unreachable, use cached collateral up to this age (0, 30m, 12h, 7d; default 0: never).")
    String collateralMaxAge;

    @Option(names = "--evidence-lifetime", paramLabel = "AGE", description = "How long a verification is reused before prompts re-verify (default 10m).")
    String evidenceLifetime;

    AttestationPolicy apply(AttestationPolicy p) {
      Set<String> tcb = p.acceptedTcbStatuses();
      if (acceptTcb != null) {
        tcb = new HashSet<>(acceptTcb);
        if (tcb.contains("Revoked")) {
          throw new ServerException(ServerException.USAGE, "--accept-tcb: a Revoked platform is never accepted", null);
        }
      }
      return new AttestationPolicy(p.pins(), tcb, allowUnverifiedGpu != null ? allowUnverifiedGpu : p.allowUnverifiedGpu(),
          collateralMaxAge != null ? duration(collateralMaxAge, "--collateral-max-age") : p.collateralMaxAge(),
          evidenceLifetime != null ? duration(evidenceLifetime, "--evidence-lifetime") : p.evidenceLifetime());
    }
  }

  /** A verification run: the provider resolved from flags and pins, then checked through its own egress and audited. */
  abstract static class Run implements Callable<Integer> {
    @ParentCommand AttestCommand attest;
    @Mixin Target target = new Target();
    @Mixin PolicyFlags flags = new PolicyFlags();

    RootCommand root() {
      return attest.root;
    }

    abstract Integer run(Verification v, String url, String model, AttestationPolicy policy, PinFile pins, AuditLog audit);

    abstract AttestationPolicy policy(Optional<PinFile.Entry> entry);

    @Override
    public Integer call() {
      RootCommand root = root();
      root.quietLogging();
      Home home = root.home();
      PinFile pins = new PinFile(AttestationRuntime.pinFile(home));
      Optional<PinFile.Entry> entry = pins.get(target.name);
      String url = target.url != null ? target.url : entry.map(PinFile.Entry::url)
          .orElse(target.name.equals("near-ai") ? NearAiProvider.DEFAULT_BASE : null);
      if (url == null) {
        throw new ServerException(ServerException.USAGE, "no URL for provider '" + target.name + "': pass --url", null);
      }
      String model = target.model != null ? target.model : entry.map(PinFile.Entry::model).orElse(null);
      if (model == null) {
        throw new ServerException(ServerException.USAGE, "no model for provider '" + target.name + "': pass --model", null);
      }
      AttestationPolicy policy = policy(entry);
      try (Database db = root.openDatabase(home)) {
        AuditLog audit = new AuditLog(new JdbcAuditStore(db), Clock.systemUTC());
        try (Egress egress = AttestationRuntime.egress(url, target.allowPrivate, new LeakDetector(), new EgressAuditAdapter(audit))) {
          Checker checker = root.attestCheckers.create(egress, home);
          root.out.println("attest " + target.name + ": " + url + ", model " + model + "; trust root: " + checker.root());
          Verification v = checker.check(new NearAiProvider(target.name, url, model, egress), policy);
          audit.record(v.auditEvent("cli"));
          for (CheckResult c : v.checks()) {
            root.out.println(c.line());
          }
          return run(v, url, model, policy, pins, audit);
        }
      }
    }

    void printMeasurements(Verification v) {
      for (Measurements m : v.measurements()) {
        root().out.println("measured on " + m.node() + ":");
        m.values().forEach((k, vals) -> vals.forEach(val -> root().out.printf("  %-14s %s%n", k, val)));
      }
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Fetch the provider's attestation with a fresh nonce and verify it; print every",
          "check with pass/fail and why. Exit 0 when it verified, 1 when a check failed."})
  static final class Check extends Run {
    @Override
    AttestationPolicy policy(Optional<PinFile.Entry> entry) {
      return flags.apply(entry.map(PinFile.Entry::policy).orElse(AttestationPolicy.unpinned()));
    }

    @Override
    Integer run(Verification v, String url, String model, AttestationPolicy policy, PinFile pins, AuditLog audit) {
      printMeasurements(v);
      if (v.verified()) {
        root().out.println("result: VERIFIED until " + v.expires() + "; signing addresses " + String.join(", ", new TreeSet<>(v.signingAddresses())));
        return 0;
      }
      CheckResult f = v.firstFailure().orElseThrow();
      root().out.println("result: FAILED [" + f.reason() + "] " + f.check() + " on " + f.node());
      if (f.reason().equals(Reason.NOT_PINNED) && v.checks().stream().filter(CheckResult::failed).allMatch(c -> c.reason().equals(Reason.NOT_PINNED))) {
        root().out.println("Every other check passed. If the measured values above are the software you expect, pin them:");
        root().out.println("  ironclaw4j attest pin " + target.name + " --model " + model + (target.url != null ? " --url " + url : "")
            + (target.allowPrivate ? " --allow-private-url" : ""));
      }
      return 1;
    }
  }

  @Command(name = "pin", mixinStandardHelpOptions = true,
      description = {"Verify the provider and pin what it measures (trust on first use), with the",
          "policy flags given. Refuses when any other check fails; --replace re-pins."})
  static final class Pin extends Run {
    @Option(names = "--replace", description = "Replace existing pins (after reviewing 'attest check').")
    boolean replace;

    @Override
    AttestationPolicy policy(Optional<PinFile.Entry> entry) {
      if (entry.isPresent() && !entry.get().policy().pins().isEmpty() && !replace) {
        throw new ServerException(ServerException.USAGE, "'" + target.name + "' is already pinned (" + entry.get().pinnedAt()
            + "); review 'ironclaw4j attest check " + target.name + "' and re-pin with --replace", null);
      }
      return flags.apply(entry.map(PinFile.Entry::policy).orElse(AttestationPolicy.unpinned())).withPins(Map.of());
    }

    @Override
    Integer run(Verification v, String url, String model, AttestationPolicy policy, PinFile pins, AuditLog audit) {
      List<CheckResult> failed = new ArrayList<>(v.checks().stream().filter(CheckResult::failed).toList());
      failed.removeIf(c -> c.reason().equals(Reason.NOT_PINNED));
      if (!failed.isEmpty() || v.measurements().isEmpty()) {
        CheckResult f = failed.isEmpty() ? v.firstFailure().orElseThrow() : failed.get(0);
        root().out.println("result: NOT PINNED: attestation failed [" + f.reason() + "] " + f.check() + " on " + f.node());
        return 1;
      }
      Map<String, Set<String>> measured = PinFile.pinsFrom(v.measurements());
      pins.put(target.name, new PinFile.Entry("near-ai", url, model, policy.withPins(measured), Instant.now(), "trust on first use"));
      audit.record(new AuditEvent("attest.pin", "cli", "", target.name, "", "pinned", "", "", List.of(), 0,
          "fields=" + String.join(",", measured.keySet())));
      printMeasurements(v);
      root().out.println("result: PINNED in " + pins.path());
      root().out.println("Trust on first use: these are the values the hardware measured and signed today; nothing compared them with");
      root().out.println("what the provider says it runs. Check the compose hash and image digests against the provider's published");
      root().out.println("build. From now on every prompt requires exactly these measurements ('ironclaw4j attest show " + target.name + "').");
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show what is pinned, and the policy, for one provider or all.")
  static final class Show implements Callable<Integer> {
    @ParentCommand AttestCommand attest;

    @Parameters(paramLabel = "PROVIDER", arity = "0..1", description = "One provider (default: all).")
    String name;

    @Override
    public Integer call() {
      RootCommand root = attest.root;
      root.quietLogging();
      PinFile pins = new PinFile(AttestationRuntime.pinFile(root.home()));
      Map<String, PinFile.Entry> all = pins.load();
      if (name != null && !all.containsKey(name)) {
        root.err.println("nothing is pinned for '" + name + "' (in " + pins.path() + "); see 'ironclaw4j attest check " + name + "'");
        return 1;
      }
      if (all.isEmpty()) {
        root.err.println("nothing is pinned (" + pins.path() + ")");
        return 0;
      }
      all.forEach((n, e) -> {
        if (name != null && !name.equals(n)) {
          return;
        }
        AttestationPolicy p = e.policy();
        root.out.println(n + ": " + e.url() + ", model " + e.model());
        root.out.println("  pinned " + e.pinnedAt() + " by " + e.how());
        root.out.println("  accept TCB " + String.join(",", new TreeSet<>(p.acceptedTcbStatuses())) + "; unverified GPU "
            + (p.allowUnverifiedGpu() ? "allowed (shown as UNVERIFIED)" : "refused") + "; cached collateral "
            + (p.collateralMaxAge().isZero() ? "never" : "up to " + p.collateralMaxAge().toMinutes() + " min") + "; re-verify every "
            + p.evidenceLifetime().toMinutes() + " min");
        p.pins().forEach((k, vals) -> new TreeSet<>(vals).forEach(v -> root.out.printf("  %-14s %s%n", k, v)));
      });
      return 0;
    }
  }

  /** 0, 45s, 30m, 12h, 7d. */
  static Duration duration(String text, String option) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    if (!t.matches("\\d{1,6}[dhms]")) {
      throw new ServerException(ServerException.USAGE, option + " takes 0 or a duration such as 45s, 30m, 12h, 7d, not '" + text + "'", null);
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    return switch (t.charAt(t.length() - 1)) {
      case 'd' -> Duration.ofDays(n);
      case 'h' -> Duration.ofHours(n);
      case 'm' -> Duration.ofMinutes(n);
      default -> Duration.ofSeconds(n);
    };
  }
}

package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.egress.Decision;
import dev.ironclaw4j.guard.egress.EgressPolicy;
import dev.ironclaw4j.guard.egress.EgressRule;
import dev.ironclaw4j.guard.egress.HostResolver;
import dev.ironclaw4j.server.config.ConfigKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ironclaw4j url-check --allow RULE ... --method M URL}: the egress policy decision for one URL,
 * exactly as the egress client would make it, without sending anything.
 */
@Command(
    name = "url-check",
    mixinStandardHelpOptions = true,
    description = {
      "Say whether egress would allow a request: prints 'allow' (exit 0) or 'deny: REASON' (exit 1).",
      "Pure policy check: no DNS lookup and nothing sent, unless --resolve is given.",
      "No --allow rule means nothing is allowed (egress is default deny)."
    })
final class UrlCheckCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;

  @Option(
      names = "--allow",
      paramLabel = "RULE",
      description = {
        "An allow rule: URL pattern, then optionally a space and METHOD,METHOD, and 'allow-private'.",
        "e.g. 'https://api.github.com/repos/* GET,POST' or 'http://127.0.0.1:11434/ allow-private'."
      })
  List<String> allow = new ArrayList<>();

  @Option(names = "--method", paramLabel = "M", defaultValue = "GET", description = "HTTP method (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--resolve", description = "Also resolve the host (system DNS) and deny internal addresses. Still sends nothing.")
  boolean resolve;

  @Option(names = "--config", description = "Also apply the egress.allow rules of the configuration (config.toml, IRONCLAW4J_EGRESS_ALLOW).")
  boolean withConfig;

  @Option(names = "--explain", description = "Also print why, on stderr.")
  boolean explain;

  @Parameters(paramLabel = "URL", description = "The URL to check.")
  String url;

  @Override
  public Integer call() {
    root.quietLogging();
    List<EgressRule> rules = new ArrayList<>();
    for (String text : allow) {
      try {
        rules.add(EgressRule.parse(text));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "bad --allow rule: " + e.getMessage());
      }
    }
    if (withConfig) {
      // Validated when the configuration loads: a bad rule there is reported naming egress.allow.
      root.config(root.home()).stringList(ConfigKeys.EGRESS_ALLOW).forEach(r -> rules.add(EgressRule.parse(r)));
    }
    EgressPolicy policy = EgressPolicy.of(rules);
    Decision d = resolve ? policy.checkResolving(method, url, HostResolver.system()) : policy.check(method, url);
    root.out.println(d.line());
    if (explain) {
      root.err.println(d.message());
    }
    return d.allowed() ? 0 : 1;
  }
}

package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.tool.Approver;
import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.agent.AgentCore;
import dev.ironclaw4j.server.agent.AgentException;
import dev.ironclaw4j.server.agent.Conversations;
import dev.ironclaw4j.server.agent.SessionInfo;
import dev.ironclaw4j.server.agent.Turn;
import dev.ironclaw4j.server.agent.TurnListener;
import dev.ironclaw4j.server.agent.TurnResult;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.llm.ModelSettings;
import dev.ironclaw4j.server.llm.Providers;
import dev.ironclaw4j.server.mcp.ExternalMcp;
import dev.ironclaw4j.server.runtime.GuardStack;
import dev.ironclaw4j.server.sessions.SessionStore;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ironclaw4j chat}: talk to the agent from the terminal, interactively (line by line, with the
 * session's history and approval prompts) or once ({@code --once PROMPT}, for scripts). The same agent
 * core and tool pipeline as every other channel (channel {@code cli}).
 */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = {
      "Chat with the agent. Interactive by default: one prompt per line; /help lists the commands.",
      "--once PROMPT answers one prompt and exits: 0 answered, 1 failed or stopped, 2 no model configured or bad usage.",
      "Tool calls that need approval are asked on the terminal (interactive: on the input, one line per answer);",
      "with --once and no terminal they are declined unless --yes is given."
    })
final class ChatCommand implements Callable<Integer> {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

  @ParentCommand RootCommand root;

  @Option(names = "--once", paramLabel = "PROMPT", description = "Answer this one prompt, print the answer and exit.")
  String once;

  @Option(names = "--yes", description = {"Allow every tool call that asks for approval, once each (for scripts you trust).",
      "Never overrides a 'deny' policy rule."})
  boolean yes;

  @Option(names = "--session", paramLabel = "ID", description = "Continue this session (see --list).")
  String session;

  @Option(names = "--continue", description = "Continue the most recently active session.")
  boolean continueLast;

  @Option(names = "--list", description = "List the sessions, most recent first, and exit.")
  boolean list;

  /** Reads the lines of the conversation and the approval answers (one reader for both). */
  private LineSource input;

  @Override
  @SuppressWarnings("try") // the mounted MCP servers are held open for the agent, not used here by name
  public Integer call() {
    root.quietLogging();
    Config config = root.config(root.home());
    if (!list && Providers.settings(config, false).isEmpty()) {
      root.err.println(AgentCore.NO_MODEL_HELP);
      return ServerException.USAGE;
    }
    if (session != null && continueLast) {
      throw new ServerException(ServerException.USAGE, "--session and --continue exclude each other", null);
    }
    Console console = VaultAccess.terminal(root);
    input = new LineSource(console, root);
    try (VaultAccess access = VaultAccess.open(root, true)) {
      Optional<Vault> vault = unlock(access, Providers.settings(config, false));
      try (GuardStack guards = GuardStack.open(access.config, access.db, root.redaction, vault, access.home);
          ExternalMcp mcp = new ExternalMcp(guards, vault.filter(Vault::isUnlocked).<SecretLookup>map(v -> v).orElse(SecretLookup.NONE),
              ExternalMcp.detected(access.home, access.config, guards.leaks), root.env)
              .mountApproved(access.home, line -> root.err.println("note: " + line));
          AgentCore agent = AgentCore.open(access.config, access.db, guards, access.home, vault)) {
        if (list) {
          return listSessions(agent);
        }
        SessionInfo s = openSession(agent);
        if (once != null) {
          return once(agent, s, console);
        }
        return interactive(agent, s, console);
      }
    }
  }

  /** Unlocks the vault when the model's key needs it, or when it can be done without a prompt. */
  private Optional<Vault> unlock(VaultAccess access, Optional<ModelSettings> model) {
    if (!access.vault.isInitialized()) {
      if (model.flatMap(ModelSettings::keySecret).isPresent()) {
        throw new ServerException(ServerException.USAGE, "the model's key secret " + model.get().keySecret().get()
            + " cannot exist: there is no vault yet ('ironclaw4j vault init', then 'ironclaw4j secret set')", null);
      }
      return Optional.empty();
    }
    try {
      return Optional.of(access.unlocked());
    } catch (ServerException e) {
      if (e.exitCode() != ServerException.USAGE) {
        throw e;
      }
      if (model.flatMap(ModelSettings::keySecret).isPresent()) {
        throw new ServerException(ServerException.USAGE, "the model's key is in the vault, which stays locked: " + e.getMessage(), e);
      }
      root.err.println("note: the vault stays locked (" + e.getMessage() + "); {{secret:...}} placeholders will be refused");
      return Optional.empty();
    }
  }

  private SessionInfo openSession(AgentCore agent) {
    String caller = System.getProperty("user.name", "user");
    if (session != null) {
      return agent.open("cli", caller, Optional.of(session));
    }
    if (continueLast) {
      List<SessionInfo> recent = agent.list(1);
      if (recent.isEmpty()) {
        throw new ServerException(ServerException.USAGE, "there is no session to continue yet", null);
      }
      return agent.open("cli", caller, Optional.of(recent.getFirst().id()));
    }
    return agent.open("cli", caller, Optional.empty());
  }

  private int listSessions(AgentCore agent) {
    List<SessionInfo> sessions = agent.list(50);
    if (sessions.isEmpty()) {
      root.out.println("no sessions yet");
    }
    for (SessionInfo s : sessions) {
      root.out.printf("%s  %s  %-4s %3d turns  %s%n", s.id(), WHEN.format(s.lastActive()), s.channel(), s.turns(),
          s.title().isEmpty() ? "(no prompt yet)" : s.title());
    }
    return 0;
  }

  private int once(AgentCore agent, SessionInfo s, Console console) {
    TurnResult r = turn(agent, s, once, approver(console, false));
    root.err.println("session " + s.id() + " (continue with: ironclaw4j chat --session " + s.id() + ")");
    return switch (r.status()) {
      case COMPLETED -> 0;
      case NO_MODEL -> ServerException.USAGE;
      default -> ServerException.FAILURE;
    };
  }

  private int interactive(AgentCore agent, SessionInfo start, Console console) {
    SessionInfo s = start;
    root.err.println("ironclaw4j chat, session " + s.id() + (s.turns() > 0 ? " (" + s.turns() + " turns so far; /history shows them)" : "")
        + ". /help for commands, /exit or end of input to leave.");
    Approver approver = approver(console, true);
    while (true) {
      String line = input.readLine(console != null ? "you> " : null);
      if (line == null) {
        return 0;
      }
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("/")) {
        String[] cmd = line.split("\\s+", 2);
        switch (cmd[0]) {
          case "/exit", "/quit" -> {
            return 0;
          }
          case "/help" -> root.err.println("/new  start a new session\n/sessions  list sessions\n/resume ID  continue a session\n"
              + "/history  show this session's conversation\n/usage  tokens and cost of this session\n/exit  leave");
          case "/new" -> {
            s = agent.open("cli", System.getProperty("user.name", "user"), Optional.empty());
            root.err.println("new session " + s.id());
          }
          case "/sessions" -> listSessions(agent);
          case "/resume" -> {
            if (cmd.length < 2) {
              root.err.println("usage: /resume ID");
            } else {
              try {
                s = agent.open("cli", System.getProperty("user.name", "user"), Optional.of(cmd[1].strip()));
                root.err.println("resumed session " + s.id() + " (" + s.title() + ")");
              } catch (AgentException e) {
                root.err.println(e.getMessage());
              }
            }
          }
          case "/history" -> history(agent, s);
          case "/usage" -> usage(agent, s);
          default -> root.err.println("unknown command " + cmd[0] + " (/help)");
        }
        continue;
      }
      turn(agent, s, line, approver);
    }
  }

  private void history(Conversations agent, SessionInfo s) {
    for (Conversations.TranscriptEntry e : agent.transcript(s.id())) {
      switch (e.role()) {
        case "user" -> root.out.println("you> " + e.text());
        case "tool" -> root.err.println("  [" + e.toolName().orElse("tool") + "] " + oneLine(e.text(), 160));
        default -> root.out.println(e.text());
      }
    }
    root.out.flush();
  }

  private void usage(AgentCore agent, SessionInfo s) {
    SessionStore.Accounting a = agent.accounting(s.id());
    root.err.println(a.turns() + " turns, " + a.modelCalls() + " model calls, " + a.inputTokens() + " input + " + a.outputTokens()
        + " output tokens, cost " + a.costText() + (a.lastModel().isEmpty() ? "" : "; last model " + a.lastModel()));
  }

  /** Runs one turn, streaming the answer to standard output and tool activity to standard error. */
  private TurnResult turn(AgentCore agent, SessionInfo s, String text, Approver approver) {
    TurnListener printer = new TurnListener() {
      @Override
      public void delta(String d) {
        root.out.print(d);
        root.out.flush();
      }

      @Override
      public void toolCall(String callId, String tool, String inputSummary) {
        root.err.println("  [" + tool + "] " + oneLine(inputSummary, 200));
      }

      @Override
      public void toolResult(String callId, String tool, boolean ok, String summary) {
        root.err.println("  [" + tool + (ok ? "] " : " failed] ") + oneLine(summary, 200));
      }

      @Override
      public void plan(List<String> steps) {
        // the plan is part of the streamed answer already
      }
    };
    Turn turn = agent.prompt(s.id(), text, printer, approver);
    TurnResult r;
    try {
      r = turn.result().get();
    } catch (InterruptedException e) {
      turn.cancel();
      Thread.currentThread().interrupt();
      throw new ServerException("interrupted");
    } catch (ExecutionException e) {
      throw new ServerException("the turn failed: " + e.getCause());
    }
    root.out.println();
    root.out.flush();
    if (r.status() != TurnResult.Status.COMPLETED) {
      root.err.println(r.status().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + r.text());
    }
    return r;
  }

  /**
   * Asks on the terminal; interactively without a terminal, on the input (the next line is the answer);
   * with --once and no terminal, declines and says how to allow. {@code --yes} allows each call once.
   */
  private Approver approver(Console console, boolean interactive) {
    return req -> {
      if (yes) {
        root.err.println("  [" + req.tool() + "] allowed by --yes (" + req.why() + ")");
        return Approver.Answer.ALLOW_ONCE;
      }
      if (console == null && !interactive) {
        root.err.println("  [" + req.tool() + "] needs approval (" + req.why() + ") and there is no terminal to ask: declined."
            + " Run in a terminal, or pass --yes to allow such calls.");
        return Approver.Answer.DENY;
      }
      root.err.printf("%n%s wants to run (%s).%n  effects: %s%n  input: %s%n", req.tool(), req.why(),
          req.effects().isEmpty() ? "none" : req.effects(), oneLine(req.inputSummary(), 500));
      root.err.flush();
      String answer = input.readLine(req.mayRemember() ? "Allow? [y]es once, [s] for this session, [N]o: " : "Allow? [y]es once, [N]o: ");
      String a = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
      if (a.equals("y") || a.equals("yes")) {
        return Approver.Answer.ALLOW_ONCE;
      }
      return a.equals("s") && req.mayRemember() ? Approver.Answer.ALLOW_FOR_SESSION : Approver.Answer.DENY;
    };
  }

  private static String oneLine(String s, int max) {
    String t = s.replaceAll("\\s+", " ").strip();
    return t.length() <= max ? t : t.substring(0, max) + "...";
  }

  /** Lines from the terminal, or from standard input when there is none; shared by prompts and approvals. */
  private static final class LineSource {
    private final Console console;
    private final RootCommand root;
    private BufferedReader reader;

    LineSource(Console console, RootCommand root) {
      this.console = console;
      this.root = root;
    }

    synchronized String readLine(String prompt) {
      if (console != null) {
        return prompt == null ? console.readLine() : console.readLine("%s", prompt);
      }
      if (prompt != null) {
        root.err.print(prompt);
        root.err.flush();
      }
      try {
        if (reader == null) {
          reader = new BufferedReader(new InputStreamReader(root.stdin, StandardCharsets.UTF_8));
        }
        return reader.readLine();
      } catch (IOException e) {
        return null;
      }
    }
  }
}

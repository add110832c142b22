package dev.ironclaw4j.server.agent;

import dev.ironclaw4j.guard.tool.Approver;
import java.util.List;
import java.util.Optional;

/**
 * The one session and agent core that every chat channel uses: the CLI ({@code chat}), LSP, ACP and the
 * web gateway. A channel opens or resumes a session and sends prompts; the agent plans, calls tools only
 * through the tool pipeline (with the channel's approver) and streams what happens to the listener. No
 * channel has another path to tools or to the model.
 *
 * <p>Implementations are thread-safe. At most one turn runs per session at a time; a second prompt on a
 * busy session fails with {@link AgentException} reason {@code session-busy}.
 */
public interface Conversations {

  /** Opens a new session ({@code resumeId} empty) or resumes a persisted one (fails if unknown). */
  SessionInfo open(String channel, String caller, Optional<String> resumeId);

  /** Most recently active sessions first, at most {@code limit}. */
  List<SessionInfo> list(int limit);

  /** The persisted transcript of a session, oldest first, for replay into an editor (ACP session/load). */
  List<TranscriptEntry> transcript(String sessionId);

  /**
   * Starts a turn: the user's {@code text} is added to the session and the agent runs until it answers,
   * is cancelled, or hits a budget. Returns at once; events arrive on {@code listener} from the agent's
   * thread, in order. {@code approver} is asked for every tool call the pipeline says needs a human.
   * Without a configured model the turn completes at once with {@link TurnResult.Status#NO_MODEL} and a
   * message that says how to configure one.
   */
  Turn prompt(String sessionId, String text, TurnListener listener, Approver approver);

  /** One entry of a transcript: {@code role} is user, assistant or tool. */
  record TranscriptEntry(String role, String text, Optional<String> toolName) {}
}

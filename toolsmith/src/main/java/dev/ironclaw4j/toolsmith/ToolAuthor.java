package dev.ironclaw4j.toolsmith;

import java.util.List;

/**
 * Writes a tool's source from a description: an LLM behind the product's model client in practice
 * ({@link AuthorPrompt} has the prompt), a scripted author in tests. Its drafts are untrusted: they go
 * through exactly the same build, reference check, validation, examples and approval as hand-written
 * source.
 */
@FunctionalInterface
public interface ToolAuthor {
  /**
   * @param feedback what was wrong with the previous round's draft (compiler errors with file and line,
   *     refused references, failing examples); empty in the first round
   */
  Draft write(String description, List<String> feedback) throws Exception;

  /** One source file: its name ({@code WordCount.java}) and text. */
  record Draft(String fileName, String source) {}
}

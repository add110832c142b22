package dev.ironclaw4j.server.channels.lsp;

import java.time.Duration;
import java.util.Map;

/**
 * Limits and timings of one LSP server. Clients may lower or raise some of them within bounds through
 * {@code initializationOptions} (see docs/protocol.md).
 *
 * @param maxMessageBytes largest JSON-RPC body read from the client; larger ones are refused unread
 * @param maxDocumentChars documents longer than this are not scanned (one information diagnostic says so)
 * @param debounce wait after the last change before a document is scanned
 * @param approvalTimeout how long an approval question waits for an answer before it counts as a denial
 * @param editTimeout how long {@code workspace/applyEdit} may take before the quick fix gives up
 * @param snippets replacement snippets by language id, e.g. {@code java -> System.getenv("{name}")}
 * @param caller who the human is, for the audit log
 */
public record LspOptions(int maxMessageBytes, int maxDocumentChars, Duration debounce, Duration approvalTimeout,
    Duration editTimeout, Map<String, String> snippets, String caller) {

  public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
  public static final int DEFAULT_MAX_DOCUMENT_CHARS = 2 * 1024 * 1024;

  public LspOptions {
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException("maxMessageBytes must be at least 1024");
    }
    if (maxDocumentChars < 1) {
      throw new IllegalArgumentException("maxDocumentChars must be positive");
    }
    snippets = Map.copyOf(snippets);
  }

  public static LspOptions defaults() {
    return new LspOptions(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_DOCUMENT_CHARS, Duration.ofMillis(250),
        Duration.ofMinutes(2), Duration.ofSeconds(30), Map.of(), System.getProperty("user.name", "user"));
  }

  public LspOptions withMaxMessageBytes(int n) {
    return new LspOptions(n, maxDocumentChars, debounce, approvalTimeout, editTimeout, snippets, caller);
  }

  public LspOptions withMaxDocumentChars(int n) {
    return new LspOptions(maxMessageBytes, n, debounce, approvalTimeout, editTimeout, snippets, caller);
  }

  public LspOptions withDebounce(Duration d) {
    return new LspOptions(maxMessageBytes, maxDocumentChars, d, approvalTimeout, editTimeout, snippets, caller);
  }

  public LspOptions withApprovalTimeout(Duration d) {
    return new LspOptions(maxMessageBytes, maxDocumentChars, debounce, d, editTimeout, snippets, caller);
  }

  public LspOptions withSnippets(Map<String, String> s) {
    return new LspOptions(maxMessageBytes, maxDocumentChars, debounce, approvalTimeout, editTimeout, s, caller);
  }
}

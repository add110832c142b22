package dev.ironclaw4j.server.agent;

import dev.ironclaw4j.guard.leak.Finding;
import dev.ironclaw4j.guard.leak.LeakScanner;
import java.util.function.Consumer;

/**
 * Redacts a streamed answer before anyone sees it. Text is held back until it ends at whitespace at least
 * {@link #HOLD} characters before the newest character, so a credential (one run of non-space characters,
 * or a phrase shorter than {@code HOLD}) is always scanned whole before any part of it is shown; a run
 * without whitespace is held up to {@link #MAX_PENDING} characters. The full answer is redacted again as
 * a whole when it is stored and returned.
 */
final class StreamRedactor {
  static final int HOLD = 64;
  static final int MAX_PENDING = 8192;

  private final LeakScanner scanner;
  private final Consumer<String> out;
  private final StringBuilder pending = new StringBuilder();

  StreamRedactor(LeakScanner scanner, Consumer<String> out) {
    this.scanner = scanner;
    this.out = out;
  }

  void accept(String delta) {
    pending.append(delta);
    int cut = -1;
    for (int i = pending.length() - HOLD - 1; i >= 0; i--) {
      if (Character.isWhitespace(pending.charAt(i))) {
        cut = i + 1;
        break;
      }
    }
    if (cut < 0 && pending.length() > MAX_PENDING) {
      cut = pending.length() - HOLD;
    }
    if (cut > 0) {
      emit(cut);
    }
  }

  /** Emits what is held back (the answer is complete). */
  void flush() {
    if (!pending.isEmpty()) {
      emit(pending.length());
    }
  }

  private void emit(int cut) {
    String all = pending.toString();
    for (Finding f : scanner.scan(all)) {
      if (f.action() != Finding.Action.WARN && f.start() < cut && f.end() > cut) {
        cut = f.start(); // never split a finding: hold it back whole
      }
    }
    if (cut <= 0) {
      return;
    }
    String head = scanner.redact(all.substring(0, cut));
    pending.delete(0, cut);
    if (!head.isEmpty()) {
      out.accept(head);
    }
  }
}

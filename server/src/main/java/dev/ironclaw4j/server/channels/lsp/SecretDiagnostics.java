package dev.ironclaw4j.server.channels.lsp;

import com.google.gson.JsonObject;
import dev.ironclaw4j.guard.leak.Finding;
import dev.ironclaw4j.guard.leak.LeakDetector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/**
 * The open documents and their secret diagnostics: each document is scanned by the leak detector when
 * it is opened and again after changes settle ({@link LspOptions#debounce()}); documents over
 * {@link LspOptions#maxDocumentChars()} are not scanned and get one information diagnostic saying so.
 * Diagnostics name the kind of credential, never its value.
 */
final class SecretDiagnostics {
  private static final Logger LOG = Logger.getLogger(SecretDiagnostics.class.getName());
  static final String SOURCE = "ironclaw4j";
  static final String TOO_LARGE = "too-large";

  /** An open document, as the client last sent it. */
  record Doc(String uri, String languageId, int version, String text) {}

  /** The result of scanning one version of a document. */
  record Scan(int version, List<Finding> findings, boolean skipped) {}

  private final Map<String, Doc> docs = new ConcurrentHashMap<>();
  private final Map<String, Scan> scans = new ConcurrentHashMap<>();
  private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private final LeakDetector leaks;
  private final Consumer<PublishDiagnosticsParams> publish;
  private volatile int maxChars;
  private volatile Duration debounce;

  SecretDiagnostics(ScheduledExecutorService timer, LeakDetector leaks, Consumer<PublishDiagnosticsParams> publish,
      int maxChars, Duration debounce) {
    this.timer = timer;
    this.leaks = leaks;
    this.publish = publish;
    this.maxChars = maxChars;
    this.debounce = debounce;
  }

  void limits(int maxChars, Duration debounce) {
    this.maxChars = maxChars;
    this.debounce = debounce;
  }

  int maxChars() {
    return maxChars;
  }

  void open(String uri, String languageId, int version, String text) {
    docs.put(uri, new Doc(uri, languageId == null ? "" : languageId, version, text == null ? "" : text));
    schedule(uri, Duration.ZERO);
  }

  void change(String uri, int version, List<TextDocumentContentChangeEvent> changes) {
    Doc d = docs.get(uri);
    if (d == null) {
      return; // never opened (or refused as too large): nothing to update
    }
    String text = d.text();
    for (TextDocumentContentChangeEvent c : changes) {
      if (c.getRange() == null) {
        text = c.getText();
      } else {
        LineIndex li = new LineIndex(text);
        int s = li.offset(c.getRange().getStart());
        int e = Math.max(s, li.offset(c.getRange().getEnd()));
        text = text.substring(0, s) + c.getText() + text.substring(e);
      }
    }
    docs.put(uri, new Doc(uri, d.languageId(), version, text));
    schedule(uri, debounce);
  }

  void close(String uri) {
    docs.remove(uri);
    scans.remove(uri);
    ScheduledFuture<?> f = pending.remove(uri);
    if (f != null) {
      f.cancel(false);
    }
    publish.accept(new PublishDiagnosticsParams(uri, List.of()));
  }

  Doc doc(String uri) {
    return docs.get(uri);
  }

  /** The findings of the document's current version, scanning now if the last scan is older. */
  Scan current(String uri) {
    Doc d = docs.get(uri);
    if (d == null) {
      return null;
    }
    Scan s = scans.get(uri);
    if (s != null && s.version() == d.version()) {
      return s;
    }
    return scan(d);
  }

  /** Rescans every open document (the vault's known values changed). */
  void rescanAll() {
    for (String uri : docs.keySet()) {
      schedule(uri, Duration.ZERO);
    }
  }

  private void schedule(String uri, Duration delay) {
    ScheduledFuture<?> f = timer.schedule(() -> run(uri), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    ScheduledFuture<?> old = pending.put(uri, f);
    if (old != null) {
      old.cancel(false);
    }
  }

  private void run(String uri) {
    Doc d = docs.get(uri);
    if (d == null) {
      return;
    }
    try {
      Scan s = scan(d);
      Doc now = docs.get(uri);
      if (now == null || now.version() != d.version()) {
        return; // changed meanwhile: the scan scheduled by that change publishes
      }
      PublishDiagnosticsParams p = new PublishDiagnosticsParams(uri, diagnostics(d, s));
      p.setVersion(d.version());
      publish.accept(p);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "secret scan of a document failed: " + e.getClass().getSimpleName());
    }
  }

  private Scan scan(Doc d) {
    Scan s = d.text().length() > maxChars
        ? new Scan(d.version(), List.of(), true)
        : new Scan(d.version(), leaks.scan(d.text()), false);
    scans.put(d.uri(), s);
    return s;
  }

  List<Diagnostic> diagnostics(Doc d, Scan s) {
    if (s.skipped()) {
      Diagnostic diag = new Diagnostic(new Range(new Position(0, 0), new Position(0, 0)),
          "ironclaw4j did not scan this file for secrets: it has " + d.text().length()
              + " characters, over the limit of " + maxChars + " (maxDocumentChars)",
          DiagnosticSeverity.Information, SOURCE, TOO_LARGE);
      return List.of(diag);
    }
    LineIndex lines = new LineIndex(d.text());
    List<Diagnostic> out = new ArrayList<>();
    for (Finding f : s.findings()) {
      out.add(diagnostic(f, lines));
    }
    return out;
  }

  static Diagnostic diagnostic(Finding f, LineIndex lines) {
    Range r = new Range(lines.position(f.start()), lines.position(f.end()));
    String message = f.secretName() != null
        ? "The value of vault secret " + f.secretName() + " is written here in clear: replace it with a reference"
        : "Possible credential (" + f.type() + "): move it into the vault";
    DiagnosticSeverity severity = switch (f.action()) {
      case BLOCK -> DiagnosticSeverity.Error;
      case REDACT -> DiagnosticSeverity.Warning;
      case WARN -> DiagnosticSeverity.Information;
    };
    Diagnostic d = new Diagnostic(r, message, severity, SOURCE, f.type());
    JsonObject data = new JsonObject();
    data.addProperty("type", f.type());
    if (f.secretName() != null) {
      data.addProperty("secretName", f.secretName());
    }
    d.setData(data);
    return d;
  }
}

package dev.ironclaw4j.server.channels.lsp;

import com.google.gson.JsonElement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkDoneProgressReport;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * LSP work-done progress for one long call: with the token the client put in the request, else one the
 * server creates with {@code window/workDoneProgress/create} when the client said it supports that;
 * otherwise nothing is sent. Closing ends the progress if {@link #end} was not called.
 */
final class WorkDone implements AutoCloseable {
  private static final AtomicLong NEXT = new AtomicLong();
  private static final WorkDone NONE = new WorkDone(null, null);

  private final LanguageClient client;
  private final Either<String, Integer> token;
  private boolean ended;

  private WorkDone(LanguageClient client, Either<String, Integer> token) {
    this.client = client;
    this.token = token;
    this.ended = token == null;
  }

  static WorkDone begin(LanguageClient client, boolean clientCreatesTokens, JsonElement requestToken, String title,
      Duration createTimeout) {
    if (client == null) {
      return NONE;
    }
    Either<String, Integer> token = null;
    if (requestToken != null && requestToken.isJsonPrimitive()) {
      token = requestToken.getAsJsonPrimitive().isNumber()
          ? Either.forRight(requestToken.getAsInt()) : Either.forLeft(requestToken.getAsString());
    } else if (clientCreatesTokens) {
      Either<String, Integer> t = Either.forLeft("ironclaw4j-" + NEXT.incrementAndGet());
      try {
        client.createProgress(new WorkDoneProgressCreateParams(t)).get(createTimeout.toMillis(), TimeUnit.MILLISECONDS);
        token = t;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return NONE;
      } catch (Exception e) {
        return NONE; // the client refused or did not answer: work on without progress
      }
    }
    if (token == null) {
      return NONE;
    }
    WorkDoneProgressBegin b = new WorkDoneProgressBegin();
    b.setTitle(title);
    b.setCancellable(false);
    client.notifyProgress(new ProgressParams(token, Either.forLeft(b)));
    return new WorkDone(client, token);
  }

  void report(String message) {
    if (ended) {
      return;
    }
    WorkDoneProgressReport r = new WorkDoneProgressReport();
    r.setMessage(message);
    client.notifyProgress(new ProgressParams(token, Either.forLeft(r)));
  }

  void end(String message) {
    if (ended) {
      return;
    }
    ended = true;
    WorkDoneProgressEnd e = new WorkDoneProgressEnd();
    e.setMessage(message);
    client.notifyProgress(new ProgressParams(token, Either.forLeft(e)));
  }

  @Override
  public void close() {
    end("stopped");
  }
}

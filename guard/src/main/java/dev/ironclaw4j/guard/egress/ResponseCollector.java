package dev.ironclaw4j.guard.egress;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Collects a response up to a byte cap and aborts the exchange as soon as the (decoded) body would
 * exceed it, or as soon as Content-Length announces more. Counts what it received.
 */
final class ResponseCollector implements Response.Listener {
  record Collected(int status, List<Header> headers, byte[] body) {}

  private final long maxBytes;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final CompletableFuture<Collected> result = new CompletableFuture<>();
  private volatile boolean aborted;

  ResponseCollector(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  CompletableFuture<Collected> result() {
    return result;
  }

  @Override
  public void onHeaders(Response response) {
    long announced = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    if (announced > maxBytes) {
      tooLarge(response);
    }
  }

  @Override
  public void onContent(Response response, ByteBuffer content) {
    if (aborted) {
      return;
    }
    if ((long) body.size() + content.remaining() > maxBytes) {
      tooLarge(response);
      return;
    }
    byte[] chunk = new byte[content.remaining()];
    content.get(chunk);
    body.writeBytes(chunk);
  }

  @Override
  public void onComplete(Result r) {
    if (r.isFailed()) {
      result.completeExceptionally(r.getFailure());
      return;
    }
    Response response = r.getResponse();
    List<Header> headers = new ArrayList<>();
    for (HttpField f : response.getHeaders()) {
      headers.add(new Header(f.getName(), f.getValue()));
    }
    result.complete(new Collected(response.getStatus(), headers, body.toByteArray()));
  }

  private void tooLarge(Response response) {
    aborted = true;
    response.abort(new EgressDeniedException("response-too-large", "response larger than " + maxBytes + " bytes; aborted"));
  }
}

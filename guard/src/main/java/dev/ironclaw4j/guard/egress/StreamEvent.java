package dev.ironclaw4j.guard.egress;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;

/**
 * What the network thread hands to the caller's thread during a streamed exchange: the head, body
 * chunks in order, then exactly one end (with the failure, if any). Everything the caller's listener
 * sees is processed on the caller's thread, so a slow or throwing listener never runs on Jetty's threads.
 */
sealed interface StreamEvent {
  record Head(int status, List<Header> headers) implements StreamEvent {}

  record Bytes(byte[] chunk) implements StreamEvent {}

  record End(Throwable failure) implements StreamEvent {}

  /** The Jetty listener that turns a response into events, aborting past the byte cap. */
  final class Forwarder implements Response.Listener {
    private final long maxBytes;
    private final BlockingQueue<StreamEvent> events;
    private long received;
    private volatile boolean aborted;

    Forwarder(long maxBytes, BlockingQueue<StreamEvent> events) {
      this.maxBytes = maxBytes;
      this.events = events;
    }

    @Override
    public void onHeaders(Response response) {
      long announced = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
      if (announced > maxBytes) {
        tooLarge(response);
        return;
      }
      List<Header> headers = new ArrayList<>();
      for (HttpField f : response.getHeaders()) {
        headers.add(new Header(f.getName(), f.getValue()));
      }
      events.add(new Head(response.getStatus(), headers));
    }

    @Override
    public void onContent(Response response, ByteBuffer content) {
      if (aborted) {
        return;
      }
      if (received + content.remaining() > maxBytes) {
        tooLarge(response);
        return;
      }
      byte[] chunk = new byte[content.remaining()];
      content.get(chunk);
      received += chunk.length;
      events.add(new Bytes(chunk));
    }

    @Override
    public void onComplete(Result r) {
      events.add(new End(r.isFailed() ? r.getFailure() : null));
    }

    private void tooLarge(Response response) {
      aborted = true;
      response.abort(new EgressDeniedException("response-too-large", "response larger than " + maxBytes + " bytes; aborted"));
    }
  }
}

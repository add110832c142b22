package dev.ironclaw4j.server.channels.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.json.ConcurrentMessageProcessor;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageConsumer;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;

/**
 * One LSP connection: lsp4j's endpoint and JSON handling, with this package's reader (size caps,
 * errors for malformed input), exception handler (no stack traces to the client) and ordered output.
 * Assembled by hand instead of through lsp4j's {@code Launcher}, whose reader and exception handler are
 * what is replaced.
 */
public final class LspConnection implements AutoCloseable {
  private final LspServer server;
  private final FramedMessageProducer reader;
  private final ExecutorService executor;
  /** Completes when the reader ends or the connection is closed (e.g. because the editor died). */
  private final java.util.concurrent.CompletableFuture<Void> ended = new java.util.concurrent.CompletableFuture<>();

  private LspConnection(LspServer server, FramedMessageProducer reader, Future<Void> listening, ExecutorService executor) {
    this.server = server;
    this.reader = reader;
    this.executor = executor;
    Thread.ofVirtual().start(() -> {
      try {
        listening.get();
      } catch (Exception e) {
        // ended either way
      }
      ended.complete(null);
    });
  }

  /** Starts reading {@code in} on a background thread; answers go to {@code out}. */
  public static LspConnection start(LspServer server, InputStream in, OutputStream out) {
    Map<String, JsonRpcMethod> methods = new LinkedHashMap<>();
    methods.putAll(ServiceEndpoints.getSupportedMethods(IronclawClient.class));
    methods.putAll(ServiceEndpoints.getSupportedMethods(LspServer.class));
    MessageJsonHandler json = new MessageJsonHandler(methods);
    MessageConsumer ordered = server.ordered(new StreamMessageConsumer(out, json));
    RemoteEndpoint remote = new RemoteEndpoint(ordered, ServiceEndpoints.toEndpoint(server), LspErrors::toResponseError);
    json.setMethodProvider(remote);
    remote.setJsonHandler(json);
    IronclawClient client = ServiceEndpoints.toServiceObject(remote, IronclawClient.class);
    FramedMessageProducer reader = new FramedMessageProducer(in, json, remote, ordered, server.options().maxMessageBytes());
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ironclaw4j-lsp-reader");
      t.setDaemon(true);
      return t;
    });
    server.connect(client, reader::close);
    Future<Void> listening = new ConcurrentMessageProcessor(reader, remote).beginProcessing(executor);
    return new LspConnection(server, reader, listening, executor);
  }

  /** Waits until the client closes the input or sends {@code exit}. */
  public void awaitEnd() throws InterruptedException {
    try {
      ended.get();
    } catch (java.util.concurrent.ExecutionException e) {
      // cannot happen: completed normally only
    }
  }

  /** As {@link #awaitEnd()}, at most {@code millis}; true if it ended. */
  public boolean awaitEnd(long millis) throws InterruptedException {
    try {
      ended.get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return true;
    }
  }

  /** Whether the client asked for {@code shutdown} before the connection ended (LSP's clean exit). */
  public boolean cleanExit() {
    return server.wasShutDown();
  }

  @Override
  public void close() {
    reader.close();
    server.close();
    executor.shutdownNow();
    ended.complete(null);
  }
}

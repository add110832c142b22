package dev.ironclaw4j.bench;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressPolicy;
import dev.ironclaw4j.guard.egress.EgressRequest;
import dev.ironclaw4j.guard.egress.RateLimit;
import dev.ironclaw4j.guard.leak.LeakDetector;
import dev.ironclaw4j.guard.vault.KnownSecrets;
import dev.ironclaw4j.guard.vault.Injection;
import dev.ironclaw4j.guard.vault.SecretBinding;
import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.guard.vault.SecretValue;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Added latency of egress per request: a 10 KB POST to a Jetty server on loopback, sent by the bare
 * Jetty client (baseline), by egress, and by egress injecting a bound bearer token. Both clients keep
 * connections alive, so the difference is the guard's own work (parse, policy, leak scan of the
 * request and response, injection, resolution and classification, audit), not connection setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EgressLatencyBenchmark {
  static final int BODY_BYTES = 10 * 1024;
  private static final String TOKEN = "ghp_BENCHMARKTOKEN0123456789abcdefABCD";

  private Server server;
  private HttpClient bare;
  private Egress egress;
  private byte[] body;
  private String bareUrl;
  private String guardedUrl;

  @Setup(Level.Trial)
  public void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        int received = Content.Source.asByteBuffer(request).remaining();
        Content.Sink.write(response, true, "{\"received\":" + received + "}", callback);
        return true;
      }
    });
    server.start();
    int port = connector.getLocalPort();
    bareUrl = "http://127.0.0.1:" + port + "/api/upload";
    guardedUrl = "http://bench.test:" + port + "/api/upload";
    body = new byte[BODY_BYTES];
    Arrays.fill(body, (byte) 'a');

    bare = new HttpClient();
    bare.start();

    InetAddress loopback = InetAddress.getByAddress("bench.test", new byte[] {127, 0, 0, 1});
    SecretLookup secrets = new SecretLookup() {
      private final SecretValue value = SecretValue.of("BENCH_TOKEN", TOKEN.getBytes(StandardCharsets.UTF_8));

      @Override
      public Optional<Resolved> resolve(String name) {
        return name.equals("BENCH_TOKEN")
            ? Optional.of(new Resolved(value, List.of(SecretBinding.parse("http://bench.test:" + port + "/api/*", new Injection.Bearer()))))
            : Optional.empty();
      }

      @Override
      public List<String> names() {
        return List.of("BENCH_TOKEN");
      }
    };
    egress = Egress.builder()
        .policy(EgressPolicy.parse(List.of("http://bench.test:" + port + "/api/* POST allow-private")))
        .secrets(secrets)
        .leakScanner(new LeakDetector(new KnownSecrets() {
          @Override
          public List<SecretValue> current() {
            return List.of(SecretValue.of("BENCH_TOKEN", TOKEN.getBytes(StandardCharsets.UTF_8)));
          }

          @Override
          public long version() {
            return 1;
          }
        }))
        .resolver(host -> List.of(loopback))
        .audit(e -> {})
        .rateLimit(new RateLimit(Integer.MAX_VALUE, Duration.ofSeconds(1)))
        .build();
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    egress.close();
    bare.stop();
    server.stop();
  }

  @Benchmark
  public int bareJetty() throws Exception {
    ContentResponse r = bare.newRequest(bareUrl).method("POST").body(new BytesRequestContent(body)).send();
    return r.getStatus();
  }

  @Benchmark
  public int guarded() {
    return egress.send(EgressRequest.builder("bench", "POST", guardedUrl).body(body).build()).status();
  }

  @Benchmark
  public int guardedWithSecret() {
    return egress.send(EgressRequest.builder("bench", "POST", guardedUrl)
        .header("Authorization", "Bearer {{secret:BENCH_TOKEN}}").body(body).build()).status();
  }
}

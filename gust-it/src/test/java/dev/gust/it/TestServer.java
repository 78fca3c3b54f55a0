package dev.gust.it;

import dev.gust.server.GustServer;
import dev.gust.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A real Gust server on a free loopback port with its own data directory, and a real AWS SDK
 * client pointed at it.
 */
final class TestServer implements AutoCloseable {
  final Path dataDir;
  final GustServer server;
  final LambdaClient lambda;

  private TestServer(Path dataDir, GustServer server) {
    this.dataDir = dataDir;
    this.server = server;
    this.lambda = client(server);
  }

  static TestServer start() throws IOException {
    return start(UnaryOperator.identity());
  }

  static TestServer start(UnaryOperator<ServerConfig> customize) throws IOException {
    Path dir = Files.createTempDirectory("gust-it-");
    return start(dir, customize);
  }

  static TestServer start(Path dataDir, UnaryOperator<ServerConfig> customize) throws IOException {
    ServerConfig config = customize.apply(ServerConfig.defaults(dataDir, 0));
    return new TestServer(dataDir, GustServer.start(config));
  }

  /** A server whose schedules follow {@code scheduleClock}. */
  static TestServer start(Path dataDir, dev.gust.core.Clock scheduleClock) throws IOException {
    return new TestServer(dataDir, GustServer.start(ServerConfig.defaults(dataDir, 0), scheduleClock));
  }

  static LambdaClient client(GustServer server) {
    return client(server.endpoint());
  }

  /** A Lambda client for a server at {@code endpoint}, e.g. one running as its own process. */
  static LambdaClient client(java.net.URI endpoint) {
    return LambdaClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
        .httpClient(
            UrlConnectionHttpClient.builder()
                .socketTimeout(Duration.ofMinutes(3))
                .connectionTimeout(Duration.ofSeconds(10))
                .build())
        .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
        .build();
  }

  /** A real SQS client pointed at the server's main port. */
  SqsClient sqs() {
    return SqsClient.builder()
        .endpointOverride(server.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
        .httpClient(
            UrlConnectionHttpClient.builder()
                .socketTimeout(Duration.ofMinutes(1))
                .connectionTimeout(Duration.ofSeconds(10))
                .build())
        .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
        .build();
  }

  String endpoint() {
    return server.endpoint().toString();
  }

  /** Stops the server but keeps its data directory (for restart tests). */
  void stop() {
    lambda.close();
    server.close();
  }

  @Override
  public void close() {
    stop();
    try (var files = Files.walk(dataDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        p.toFile().setWritable(true);
        p.toFile().delete();
      });
    } catch (IOException ignored) {
      // temp dir; best effort
    }
  }
}

package dev.gust.server;

import dev.gust.core.FunctionUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gust server}: runs a server in the foreground until interrupted. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = "Start a Gust server on the embedded default (SQLite, local disk).")
public final class ServerCommand implements Callable<Integer> {

  @Option(names = "--data-dir", defaultValue = "./.gust", description = "Data directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on; loopback only until Gust has authentication (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--port", defaultValue = "9000", description = "Port of the Lambda API and function URLs (default: ${DEFAULT-VALUE}; 0 picks a free port).")
  int port;

  @Option(names = "--http-port", defaultValue = "9001", description = "Port of the HTTP API's routes (default: ${DEFAULT-VALUE}; 0 picks a free port).")
  int httpPort;

  @Option(names = "--keep-warm", defaultValue = "10m", description = "How long an idle instance is kept warm before it is stopped, e.g. 30s, 10m (default: ${DEFAULT-VALUE}).")
  String keepWarm;

  @Option(names = "--max-concurrency", defaultValue = "1000", description = "Server-wide limit of concurrent executions (default: ${DEFAULT-VALUE}).")
  int maxConcurrency;

  @Option(names = "--region", defaultValue = "us-east-1", description = "Region reported in ARNs and to functions (default: ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--account-id", defaultValue = "000000000000", description = "Account id reported in ARNs (default: ${DEFAULT-VALUE}).")
  String accountId;

  @Option(names = "--runtime", description = "Interpreter for a runtime, e.g. --runtime python3.12=/usr/bin/python3.12 (repeatable).")
  Map<String, String> runtimes = new LinkedHashMap<>();

  @Option(names = "--price-per-request", defaultValue = "0.0000002", description = "Price of one request, for cost estimates (default: ${DEFAULT-VALUE}, Lambda x86).")
  double pricePerRequest;

  @Option(names = "--price-per-gb-second", defaultValue = "0.0000166667", description = "Price of one GB-second, for cost estimates (default: ${DEFAULT-VALUE}, Lambda x86).")
  double pricePerGbSecond;

  @Option(names = "--log-retention-mb", defaultValue = "16", description = "Log kept per function, oldest dropped first (default: ${DEFAULT-VALUE}).")
  long logRetentionMb;

  @Option(names = "--sandbox", defaultValue = "auto", description = "Sandbox: auto, bubblewrap or process (default: ${DEFAULT-VALUE}).")
  String sandbox;

  @Option(names = "--async-retry-delays", defaultValue = "1m,2m", description = "Waits before the first and second retry of a failed asynchronous invocation (default: ${DEFAULT-VALUE}, Lambda's).")
  String asyncRetryDelays;

  ServerConfig config() {
    return new ServerConfig(
        dataDir,
        bind,
        port,
        httpPort,
        parseDuration(keepWarm),
        maxConcurrency,
        region,
        accountId,
        runtimes,
        new FunctionUsage.Prices(pricePerRequest, pricePerGbSecond),
        logRetentionMb * 1024 * 1024,
        sandbox,
        java.util.Arrays.stream(asyncRetryDelays.split(",")).map(String::strip)
            .map(ServerCommand::parseDuration).toList());
  }

  /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, or an ISO-8601 duration. */
  static Duration parseDuration(String s) {
    try {
      if (s.startsWith("P") || s.startsWith("p")) {
        return Duration.parse(s);
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      long n = Long.parseLong(s.substring(0, s.length() - 1));
      return switch (s.charAt(s.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new IllegalArgumentException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + s + "' is not a duration; use e.g. 500ms, 30s, 10m or 2h");
    }
  }

  @Override
  public Integer call() throws Exception {
    ServerConfig config;
    try {
      config = config();
      config.bindAddress();
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    GustServer server;
    try {
      server = GustServer.start(config);
    } catch (java.net.BindException e) {
      System.err.println(
          "error: cannot listen on " + config.bind() + " ports " + config.port() + "/"
              + config.httpPort() + " (" + e.getMessage()
              + "); is another server running? Choose another --port or --http-port.");
      return 1;
    } catch (java.io.IOException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                }));
    System.out.println(
        "Gust listening on "
            + server.endpoint()
            + ", HTTP API routes on "
            + server.gatewayEndpoint()
            + " (data: "
            + config.dataDir().toAbsolutePath().normalize()
            + ", started in "
            + server.startupMillis()
            + " ms)");
    System.out.println("sandbox: " + server.sandboxDescription());
    System.out.flush();
    stopped.await();
    return 0;
  }
}

package dev.gust.server;

import dev.gust.core.FunctionUsage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The server's configuration: one typed tree, every key with its default. The command line
 * ({@link ServerCommand}) is its only source, and {@code gust server --help} its documentation.
 *
 * @param dataDir where the registry, code, logs and instance scratch space live
 * @param bind the address to listen on; loopback only until Gust has authentication
 * @param port the port of the Lambda API and function URLs (0 picks a free one)
 * @param httpPort the port of the HTTP API's routes (0 picks a free one)
 * @param keepWarm how long an idle instance is kept before it is stopped
 * @param maxConcurrency server-wide concurrent executions
 * @param region the region reported in ARNs and to functions
 * @param accountId the account id reported in ARNs
 * @param runtimeOverrides runtime identifier to interpreter path
 * @param prices prices for cost estimates
 * @param logBytesPerFunction log retention per function
 * @param sandbox which sandbox to use: auto, bubblewrap or process
 */
public record ServerConfig(
    Path dataDir,
    String bind,
    int port,
    int httpPort,
    Duration keepWarm,
    int maxConcurrency,
    String region,
    String accountId,
    Map<String, String> runtimeOverrides,
    FunctionUsage.Prices prices,
    long logBytesPerFunction,
    String sandbox,
    java.util.List<Duration> asyncRetryDelays) {

  public ServerConfig {
    runtimeOverrides = Map.copyOf(runtimeOverrides);
    asyncRetryDelays = java.util.List.copyOf(asyncRetryDelays);
    if (asyncRetryDelays.size() != 2 || asyncRetryDelays.stream().anyMatch(d -> d.isNegative())) {
      throw new IllegalArgumentException(
          "--async-retry-delays must be two durations, such as 1m,2m (Lambda's), not "
              + asyncRetryDelays);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, not " + port);
    }
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("--http-port must be between 0 and 65535, not " + httpPort);
    }
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("--max-concurrency must be at least 1");
    }
    if (!accountId.matches("\\d{12}")) {
      throw new IllegalArgumentException("--account-id must be twelve digits");
    }
    if (!sandbox.equals("auto") && !sandbox.equals("bubblewrap") && !sandbox.equals("process")) {
      throw new IllegalArgumentException("--sandbox must be auto, bubblewrap or process");
    }
  }

  /** The defaults, with a given data directory and port (0 also picks the HTTP API's port). */
  public static ServerConfig defaults(Path dataDir, int port) {
    return new ServerConfig(
        dataDir,
        "127.0.0.1",
        port,
        port == 0 ? 0 : 9001,
        Duration.ofMinutes(10),
        1000,
        "us-east-1",
        "000000000000",
        Map.of(),
        FunctionUsage.Prices.LAMBDA_X86,
        16L * 1024 * 1024,
        "auto",
        DEFAULT_ASYNC_RETRY_DELAYS);
  }

  public ServerConfig withKeepWarm(Duration value) {
    return new ServerConfig(
        dataDir, bind, port, httpPort, value, maxConcurrency, region, accountId, runtimeOverrides, prices,
        logBytesPerFunction, sandbox, asyncRetryDelays);
  }

  public ServerConfig withMaxConcurrency(int value) {
    return new ServerConfig(
        dataDir, bind, port, httpPort, keepWarm, value, region, accountId, runtimeOverrides, prices,
        logBytesPerFunction, sandbox, asyncRetryDelays);
  }

  public ServerConfig withSandbox(String value) {
    return new ServerConfig(
        dataDir, bind, port, httpPort, keepWarm, maxConcurrency, region, accountId, runtimeOverrides,
        prices, logBytesPerFunction, value, asyncRetryDelays);
  }

  public ServerConfig withAsyncRetryDelays(Duration first, Duration second) {
    return new ServerConfig(
        dataDir, bind, port, httpPort, keepWarm, maxConcurrency, region, accountId, runtimeOverrides,
        prices, logBytesPerFunction, sandbox, java.util.List.of(first, second));
  }

  /** Lambda's waits before the first and the second retry of a failed asynchronous invocation. */
  public static final java.util.List<Duration> DEFAULT_ASYNC_RETRY_DELAYS =
      java.util.List.of(Duration.ofMinutes(1), Duration.ofMinutes(2));

  public ServerConfig withBind(String value) {
    return new ServerConfig(
        dataDir, value, port, httpPort, keepWarm, maxConcurrency, region, accountId, runtimeOverrides, prices,
        logBytesPerFunction, sandbox, asyncRetryDelays);
  }

  /**
   * The address to bind, refusing anything but loopback: Gust has no authentication yet, and an
   * open Lambda API runs arbitrary code for whoever reaches it.
   */
  InetAddress bindAddress() {
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--bind " + bind + " is not an address of this host");
    }
    if (!address.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "Refusing to listen on "
              + bind
              + ": Gust has no authentication yet, and anyone who reaches its API can run code"
              + " on this machine. Bind a loopback address (--bind 127.0.0.1 or ::1), and put an"
              + " authenticating reverse proxy in front if others must reach it.");
    }
    return address;
  }
}

package dev.gust.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.CodeStore;
import dev.gust.core.FunctionRegistry;
import dev.gust.core.FunctionUsage;
import dev.gust.core.GustException;
import dev.gust.core.InvocationLedger;
import dev.gust.core.LogStore;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/** Gust's own endpoints: logs, usage, code downloads and health, under {@code /gust/v1}. */
final class GustApi {
  static final int MAX_LOG_WAIT_SECONDS = 60;

  private final FunctionRegistry registry;
  private final LogStore logs;
  private final LogStore accessLog;
  private final InvocationLedger ledger;
  private final CodeStore code;
  private final FunctionUsage.Prices prices;
  private final Supplier<ObjectNode> health;
  private final LambdaShapes shapes;

  GustApi(
      FunctionRegistry registry,
      LogStore logs,
      LogStore accessLog,
      InvocationLedger ledger,
      CodeStore code,
      FunctionUsage.Prices prices,
      Supplier<ObjectNode> health,
      LambdaShapes shapes) {
    this.registry = registry;
    this.logs = logs;
    this.accessLog = accessLog;
    this.ledger = ledger;
    this.code = code;
    this.prices = prices;
    this.health = health;
    this.shapes = shapes;
  }

  void register(Router router) {
    router
        .add("GET", "/gust/v1/functions/{FunctionName}/logs", this::logs)
        .add("GET", "/gust/v1/access-logs", this::accessLogs)
        .add("GET", "/gust/v1/usage", this::usage)
        .add("GET", "/gust/v1/code/{Key}", this::code)
        .add("GET", "/gust/v1/health", r -> shapes.ok(200, health.get()));
  }

  Response logs(Request r) throws Exception {
    String fn = registry.arns().parseFunctionName(r.path("FunctionName")).name();
    registry.function(fn);
    long cursor = r.query("cursor").map(GustApi::parseCursor).orElse(-1L);
    int wait = r.queryInt("wait", 0, MAX_LOG_WAIT_SECONDS).orElse(0);
    int maxBytes = r.queryInt("maxBytes", 1, 1 << 20).orElse(64 * 1024);
    LogStore.LogChunk chunk = logs.read(fn, cursor, maxBytes, Duration.ofSeconds(wait));
    ObjectNode out = shapes.object();
    out.put("text", chunk.text());
    out.put("nextCursor", chunk.nextCursor());
    return shapes.ok(200, out);
  }

  /** The gateway's access log: one line per request to a function URL or route. */
  Response accessLogs(Request r) throws Exception {
    long cursor = r.query("cursor").map(GustApi::parseCursor).orElse(-1L);
    int wait = r.queryInt("wait", 0, MAX_LOG_WAIT_SECONDS).orElse(0);
    int maxBytes = r.queryInt("maxBytes", 1, 1 << 20).orElse(64 * 1024);
    LogStore.LogChunk chunk =
        accessLog.read(GatewayFront.ACCESS_LOG, cursor, maxBytes, Duration.ofSeconds(wait));
    ObjectNode out = shapes.object();
    out.put("text", chunk.text());
    out.put("nextCursor", chunk.nextCursor());
    return shapes.ok(200, out);
  }

  private static long parseCursor(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw GustException.invalidParameter("cursor must be an integer returned as nextCursor.");
    }
  }

  Response usage(Request r) throws Exception {
    Instant since;
    try {
      since = r.query("since").map(Instant::parse).orElse(Instant.EPOCH);
    } catch (DateTimeParseException e) {
      throw GustException.invalidParameter(
          "since must be an ISO-8601 instant such as 2026-11-26T00:00:00Z.");
    }
    ledger.flush();
    ObjectNode out = shapes.object();
    out.put("since", since.toString());
    ObjectNode p = out.putObject("prices");
    p.put("perRequest", prices.perRequest());
    p.put("perGbSecond", prices.perGbSecond());
    ArrayNode functions = out.putArray("functions");
    for (FunctionUsage u : ledger.usage(since)) {
      ObjectNode f = functions.addObject();
      f.put("FunctionName", u.functionName());
      f.put("Invocations", u.invocations());
      f.put("Errors", u.errors());
      f.put("Throttles", u.throttles());
      f.put("ColdStarts", u.coldStarts());
      f.put("P50DurationMs", u.p50DurationMs());
      f.put("P99DurationMs", u.p99DurationMs());
      f.put("GbSeconds", u.gbSeconds());
      f.put("EstimatedCost", u.cost(prices));
    }
    return shapes.ok(200, out);
  }

  Response code(Request r) throws Exception {
    String key = r.path("Key");
    if (!key.matches("[0-9a-f]{64}")) {
      throw GustException.notFound("No code package " + key);
    }
    try (InputStream in = code.open(key)) {
      return new Response(200, java.util.Map.of("Content-Type", "application/zip"), in.readAllBytes());
    }
  }
}

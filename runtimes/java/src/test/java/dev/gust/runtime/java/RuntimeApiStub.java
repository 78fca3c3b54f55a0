package dev.gust.runtime.java;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Gust's Runtime API: events are queued by the test, {@code GET /next} long-polls
 * for them, and every POST is recorded with a snapshot of the instance's log file taken when it
 * arrived, which is when the platform collects an invocation's output.
 */
final class RuntimeApiStub implements AutoCloseable {
  static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:test";
  private static final String PREFIX = "/2018-06-01/runtime/";

  /** One POST: kind is "response", "error" or "init_error". */
  record Result(String kind, String body, Map<String, String> headers, String logSnapshot) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private record Event(String requestId, byte[] body, Map<String, String> headers) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Map<String, CompletableFuture<Result>> results = new ConcurrentHashMap<>();
  private final AtomicInteger nextCalls = new AtomicInteger();
  private final Path logFile;

  RuntimeApiStub(Path logFile) throws IOException {
    this.logFile = logFile;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  int nextCalls() {
    return nextCalls.get();
  }

  /** Queues an event; returns its request id. */
  String addEvent(String json, Map<String, String> extraHeaders) {
    String requestId = UUID.randomUUID().toString();
    Map<String, String> headers = new HashMap<>();
    headers.put("Lambda-Runtime-Aws-Request-Id", requestId);
    headers.put("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 30_000));
    headers.put("Lambda-Runtime-Invoked-Function-Arn", ARN);
    headers.put("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
    headers.putAll(extraHeaders);
    events.add(new Event(requestId, json.getBytes(StandardCharsets.UTF_8), headers));
    return requestId;
  }

  Result result(String key, Duration timeout) throws Exception {
    return future(key).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private CompletableFuture<Result> future(String key) {
    return results.computeIfAbsent(key, k -> new CompletableFuture<>());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (exchange.getRequestMethod().equals("GET") && path.equals(PREFIX + "invocation/next")) {
        nextCalls.incrementAndGet();
        Event event;
        try {
          event = events.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        event.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        send(exchange, 200, event.body());
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      String snapshot = Files.exists(logFile) ? Files.readString(logFile) : "";
      Map<String, String> headers = new HashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      String key;
      String kind;
      if (path.equals(PREFIX + "init/error")) {
        key = "init";
        kind = "init_error";
      } else if (path.startsWith(PREFIX + "invocation/")) {
        String rest = path.substring((PREFIX + "invocation/").length());
        int slash = rest.lastIndexOf('/');
        key = rest.substring(0, slash);
        kind = rest.substring(slash + 1);
      } else {
        send(exchange, 404, new byte[0]);
        return;
      }
      send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
      future(key)
          .complete(new Result(kind, new String(body, StandardCharsets.UTF_8), headers, snapshot));
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

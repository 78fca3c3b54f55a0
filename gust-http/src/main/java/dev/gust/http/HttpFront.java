package dev.gust.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gust.core.CodeStore;
import dev.gust.core.FunctionRegistry;
import dev.gust.core.FunctionUsage;
import dev.gust.core.ApiKeyRegistry;
import dev.gust.core.Clock;
import dev.gust.core.EventInvokeConfigs;
import dev.gust.core.EventStore;
import dev.gust.gateway.ApiKeys;
import dev.gust.schedule.Scheduler;
import dev.gust.gateway.DoorPolicy;
import dev.gust.gateway.HttpJwksSource;
import dev.gust.core.GatewayRegistry;
import dev.gust.core.InvocationLedger;
import dev.gust.core.LogStore;
import dev.gust.invoke.InvocationService;
import dev.gust.queue.QueueService;
import dev.gust.triggers.EventSourceMappings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The public HTTP server: routes every request to one operation handler. */
public final class HttpFront implements AutoCloseable {

  /** What the front serves. */
  public record Services(
      FunctionRegistry registry,
      GatewayRegistry gateway,
      ApiKeyRegistry apiKeys,
      EventInvokeConfigs eventConfigs,
      EventStore events,
      Runnable wakeAsync,
      Scheduler scheduler,
      InvocationService invocations,
      LogStore logs,
      LogStore accessLog,
      InvocationLedger ledger,
      CodeStore code,
      FunctionUsage.Prices prices,
      Supplier<ObjectNode> health,
      QueueService queues,
      EventSourceMappings eventSourceMappings) {}

  private static final Pattern URL_HOST =
      Pattern.compile("([a-z0-9]{32})\\.lambda-url\\.localhost(:\\d+)?", Pattern.CASE_INSENSITIVE);

  private final HttpServer server;
  private final HttpServer gatewayServer;
  private final ExecutorService executor;
  private final Router router = new Router();
  private GatewayFront gateway;

  private HttpFront(HttpServer server, HttpServer gatewayServer, ExecutorService executor) {
    this.server = server;
    this.gatewayServer = gatewayServer;
    this.executor = executor;
  }

  /**
   * Binds and starts serving: the Lambda API and function URLs on {@code address}, the HTTP API's
   * routes on {@code gatewayAddress}.
   */
  public static HttpFront start(
      InetSocketAddress address, InetSocketAddress gatewayAddress, Services services)
      throws IOException {
    HttpServer server = HttpServer.create(address, 1024);
    HttpServer gatewayServer;
    try {
      gatewayServer = HttpServer.create(gatewayAddress, 1024);
    } catch (IOException e) {
      server.stop(0);
      throw e;
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    HttpFront front = new HttpFront(server, gatewayServer, executor);
    // A base64 zip of up to 50 MB is one JSON string: lift Jackson's 20 MB default.
    ObjectMapper mapper =
        new ObjectMapper(
            com.fasterxml.jackson.core.JsonFactory.builder()
                .streamReadConstraints(
                    com.fasterxml.jackson.core.StreamReadConstraints.builder()
                        .maxStringLength(FunctionsApi.MAX_CODE_REQUEST_BYTES)
                        .build())
                .build());
    LambdaShapes shapes = new LambdaShapes(mapper, services.registry().arns());
    new FunctionsApi(services.registry(), mapper, shapes).register(front.router);
    new AliasesApi(services.registry(), mapper, shapes).register(front.router);
    new ConcurrencyApi(services.registry(), mapper, shapes).register(front.router);
    new InvokeApi(services.registry(), services.invocations()).register(front.router);
    new FunctionUrlsApi(services.registry(), services.gateway(), mapper, shapes)
        .register(front.router);
    new RoutesApi(services.registry(), services.gateway(), mapper, shapes, front::gatewayEndpoint)
        .register(front.router);
    new ApiKeysApi(services.apiKeys(), mapper, shapes).register(front.router);
    new SchedulesApi(services.registry(), services.scheduler(), mapper, shapes).register(front.router);
    new AsyncInvocationsApi(services.registry(), services.eventConfigs(), services.events(),
            services.wakeAsync(), mapper, shapes)
        .register(front.router);
    new EventSourceMappingsApi(services.registry().arns(), services.eventSourceMappings(), mapper,
            shapes)
        .register(front.router);
    // SQS (AWS JSON 1.0) shares the main port: POST / is no Lambda operation.
    new SqsApi(services.queues(), mapper, front::endpoint).register(front.router);
    front.gateway =
        new GatewayFront(
            services.gateway(),
            services.invocations(),
            executor,
            services.accessLog(),
            services.registry().arns(),
            new DoorPolicy(
                value -> services.apiKeys().find(value)
                    .map(s -> new ApiKeys.Subscription(s.key(), s.plan())),
                new HttpJwksSource(),
                Clock.SYSTEM));
    new GustApi(
            services.registry(),
            services.logs(),
            services.accessLog(),
            services.ledger(),
            services.code(),
            services.prices(),
            services.health(),
            shapes)
        .register(front.router);
    server.createContext("/", front::serve);
    server.setExecutor(executor);
    gatewayServer.createContext("/", front::serveRoute);
    gatewayServer.setExecutor(executor);
    server.start();
    gatewayServer.start();
    return front;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  public InetSocketAddress gatewayAddress() {
    return gatewayServer.getAddress();
  }

  /** The base URL of the main port, for queue URLs when a request has no Host header. */
  String endpoint() {
    InetSocketAddress a = server.getAddress();
    return "http://" + a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /** The base URL of the HTTP API's routes. */
  String gatewayEndpoint() {
    InetSocketAddress a = gatewayServer.getAddress();
    return "http://" + a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  private void serveRoute(HttpExchange exchange) throws IOException {
    Response response;
    try {
      response = gateway.route(exchange);
    } catch (Throwable t) {
      response = Errors.toResponse(t);
    }
    write(exchange, response);
  }

  /** A function URL request, if this is one: host-based or path-based. */
  private Response functionUrl(HttpExchange exchange, String rawPath) throws IOException {
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (host != null) {
      Matcher m = URL_HOST.matcher(host.trim());
      if (m.matches()) {
        return gateway.functionUrl(exchange, m.group(1).toLowerCase(java.util.Locale.ROOT), rawPath);
      }
    }
    if (rawPath.startsWith(FunctionUrlsApi.PATH_PREFIX)) {
      String rest = rawPath.substring(FunctionUrlsApi.PATH_PREFIX.length());
      int slash = rest.indexOf('/');
      String id = slash < 0 ? rest : rest.substring(0, slash);
      return gateway.functionUrl(exchange, id, slash < 0 ? "/" : rest.substring(slash));
    }
    return null;
  }

  private void serve(HttpExchange exchange) throws IOException {
    Response response;
    String method = exchange.getRequestMethod();
    String rawPath = exchange.getRequestURI().getRawPath();
    try {
      // Function URLs are for anyone, browsers included; the API behind the guard is not.
      Response url = functionUrl(exchange, rawPath);
      Response refused = url == null ? BrowserGuard.check(exchange, server.getAddress().getPort()) : null;
      Router.Match match = router.match(method, Request.segments(rawPath));
      if (url != null) {
        response = url;
      } else if (refused != null) {
        response = refused;
      } else if (match.handler() == null) {
        response =
            match.pathKnown()
                ? Errors.methodNotAllowed(method, rawPath)
                : Errors.unknownOperation(method, rawPath);
      } else {
        response = match.handler().handle(new Request(exchange, match.params()));
      }
    } catch (Throwable t) {
      response = Errors.toResponse(t);
    }
    write(exchange, response);
  }

  private static void write(HttpExchange exchange, Response response) throws IOException {
    if (response == Response.SENT) {
      return;
    }
    var headers = exchange.getResponseHeaders();
    for (Map.Entry<String, String> h : response.repeated()) {
      headers.add(h.getKey(), h.getValue());
    }
    for (Map.Entry<String, String> h : response.headers().entrySet()) {
      headers.set(h.getKey(), h.getValue());
    }
    if (!headers.containsKey("x-amzn-RequestId")) {
      headers.set("x-amzn-RequestId", UUID.randomUUID().toString());
    }
    byte[] body = response.body();
    boolean noBody =
        response.status() == 204
            || response.status() == 304
            || body.length == 0
            || exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    gatewayServer.stop(0);
    executor.shutdownNow();
  }
}

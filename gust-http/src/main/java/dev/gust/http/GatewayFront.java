package dev.gust.http;

import com.sun.net.httpserver.HttpExchange;
import dev.gust.core.Arns;
import dev.gust.core.Cors;
import dev.gust.core.ErrorType;
import dev.gust.core.FunctionUrlConfig;
import dev.gust.core.GatewayRegistry;
import dev.gust.core.GustException;
import dev.gust.core.Limits;
import dev.gust.core.LogStore;
import dev.gust.core.Route;
import dev.gust.gateway.CorsPolicy;
import dev.gust.gateway.DoorDecision;
import dev.gust.gateway.DoorPolicy;
import dev.gust.gateway.EventContext;
import dev.gust.gateway.GatewayRequest;
import dev.gust.gateway.GatewayResponse;
import dev.gust.gateway.HttpApiEvents;
import dev.gust.gateway.HttpApiResponses;
import dev.gust.gateway.RouteMatch;
import dev.gust.gateway.RouteProtection;
import dev.gust.gateway.RouteTable;
import dev.gust.invoke.InvocationService;
import dev.gust.invoke.InvocationType;
import dev.gust.invoke.InvokeRequest;
import dev.gust.invoke.InvokeResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP front door for functions: function URLs (on the main port, path- or host-based) and
 * the HTTP API's routes (on the gateway port). A request becomes an API Gateway event (payload
 * format 2.0, or 1.0 per route), the function's answer becomes the HTTP response, as API Gateway
 * and Lambda function URLs define them. Every request gets a request id, echoed in {@code
 * apigw-requestid} and {@code x-amzn-RequestId}, and one access-log line.
 */
final class GatewayFront {
  private final GatewayRegistry gateway;
  private final InvocationService invocations;
  private final ExecutorService executor;
  private final LogStore accessLog;
  private final Arns arns;
  private final DoorPolicy door;
  private volatile RouteTableCache routes =
      new RouteTableCache(List.of(), new RouteTable(List.of()), Map.of());

  /** The route table and each route's parsed protection, rebuilt when the routes change. */
  private record RouteTableCache(
      List<Route> source, RouteTable table, Map<String, RouteProtection> protection) {}

  GatewayFront(
      GatewayRegistry gateway,
      InvocationService invocations,
      ExecutorService executor,
      LogStore accessLog,
      Arns arns,
      DoorPolicy door) {
    this.gateway = gateway;
    this.door = door;
    this.invocations = invocations;
    this.executor = executor;
    this.accessLog = accessLog;
    this.arns = arns;
  }

  /** The name under which access-log lines are kept in the access {@link LogStore}. */
  static final String ACCESS_LOG = "gateway";

  // ---- function URLs -----------------------------------------------------------------------

  /** Serves a request to a function URL; {@code rawPath} is the path after the URL's prefix. */
  Response functionUrl(HttpExchange exchange, String urlId, String rawPath) throws IOException {
    long start = System.nanoTime();
    Optional<FunctionUrlConfig> found = gateway.urlById(urlId);
    String requestId = UUID.randomUUID().toString();
    if (found.isEmpty()) {
      return finish(exchange, requestId, start, "-", "-", Optional.empty(),
          message(404, "Message", "Not Found"));
    }
    FunctionUrlConfig url = found.get();
    if (url.authType().equals("AWS_IAM") && !signed(exchange)) {
      return finish(exchange, requestId, start, "$default", url.functionName(), Optional.empty(),
          message(403, "Message", "Forbidden"));
    }
    GatewayRequest request;
    try {
      request = request(exchange, rawPath, requestId);
    } catch (GustException tooLarge) {
      return finish(exchange, requestId, start, "$default", url.functionName(), Optional.empty(),
          message(413, "Message", "Request Entity Too Large"));
    }
    Optional<GatewayResponse> preflight = url.cors().flatMap(c -> CorsPolicy.preflight(c, request));
    if (preflight.isPresent()) {
      return finish(exchange, requestId, start, "$default", url.functionName(), Optional.empty(),
          preflight.get());
    }
    byte[] event = HttpApiEvents.v2(request, EventContext.forFunctionUrl(urlId, arns.account()));
    if (url.invokeMode().equals("RESPONSE_STREAM")) {
      return stream(exchange, url, request, event, start);
    }
    Invoked invoked = invoke(url.target(), event, 0);
    GatewayResponse response = invoked.toGateway("2.0");
    return finish(exchange, requestId, start, "$default", url.functionName(), invoked.cold(),
        withCors(response, url.cors(), request));
  }

  /**
   * A function URL in RESPONSE_STREAM mode: the body reaches the client chunk by chunk as the
   * function writes it. A function that streams with Lambda's HTTP integration content type
   * starts with a JSON prelude (status, headers, cookies) and eight NUL bytes.
   */
  private Response stream(
      HttpExchange exchange,
      FunctionUrlConfig url,
      GatewayRequest request,
      byte[] event,
      long start)
      throws IOException {
    StreamRelay relay = new StreamRelay();
    InvokeRequest invoke =
        new InvokeRequest(
            url.target(), event, InvocationType.REQUEST_RESPONSE, false, Optional.empty(),
            Optional.of(relay));
    Future<InvokeResponse> running =
        executor.submit(
            () -> {
              try {
                return invocations.invoke(invoke);
              } finally {
                relay.end(); // whatever happened, the client side stops waiting
              }
            });
    try {
      relay.awaitStart(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!relay.started()) {
      // The function answered without streaming (or failed first): a buffered response.
      Invoked invoked = collect(running);
      return finish(exchange, request.requestId(), start, "$default", url.functionName(),
          invoked.cold(), withCors(invoked.toGateway("2.0"), url.cors(), request));
    }
    StreamedHead head;
    try {
      head = StreamedHead.read(relay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Response.empty(500);
    }
    GatewayResponse headers = withCors(head.response(), url.cors(), request);
    for (var h : withoutFraming(headers.headers(), exchange.getRequestMethod(), headers.status())) {
      exchange.getResponseHeaders().add(h.getKey(), h.getValue());
    }
    exchange.getResponseHeaders().set("apigw-requestid", request.requestId());
    exchange.getResponseHeaders().set("x-amzn-RequestId", request.requestId());
    exchange.sendResponseHeaders(headers.status(), 0); // chunked
    try (var out = exchange.getResponseBody()) {
      if (head.rest().length > 0) {
        out.write(head.rest());
        out.flush();
      }
      for (byte[] chunk = relay.take(); chunk != null; chunk = relay.take()) {
        out.write(chunk);
        out.flush(); // one chunk on the wire per chunk the function wrote
      }
    } catch (IOException e) {
      relay.abandon(); // the client left; the function runs to its end regardless
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Invoked invoked = collect(running);
    finish(exchange, request.requestId(), start, "$default", url.functionName(), invoked.cold(),
        new GatewayResponse(headers.status(), List.of(), new byte[0]));
    exchange.close();
    return Response.SENT;
  }

  private static Invoked collect(Future<InvokeResponse> running) {
    return await(running, 0);
  }

  // ---- routes --------------------------------------------------------------------------------

  /** Serves a request on the gateway port through the route table. */
  Response route(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    String requestId = UUID.randomUUID().toString();
    String rawPath = exchange.getRequestURI().getRawPath();
    String method = exchange.getRequestMethod();
    RouteTableCache cache = table();
    Optional<RouteMatch> match = cache.table().match(method, rawPath);
    GatewayRequest request;
    try {
      request = request(exchange, rawPath, requestId);
    } catch (GustException tooLarge) {
      return finish(exchange, requestId, start, "-", "-", Optional.empty(),
          message(413, "message", "Request Entity Too Large"));
    }
    if (match.isEmpty()) {
      Optional<GatewayResponse> preflight = anyCorsPreflight(request);
      if (preflight.isPresent()) {
        return finish(exchange, requestId, start, "-", "-", Optional.empty(), preflight.get());
      }
      return finish(exchange, requestId, start, "-", "-", Optional.empty(),
          HttpApiResponses.notFound());
    }
    Route route = match.get().route();
    Optional<GatewayResponse> preflight = route.cors().flatMap(c -> CorsPolicy.preflight(c, request));
    if (preflight.isPresent()) {
      return finish(exchange, requestId, start, route.routeKey(), route.functionName(),
          Optional.empty(), preflight.get());
    }
    EventContext context =
        EventContext.forRoute(
            match.get(), EventContext.DEFAULT_STAGE, "gust", arns.account(),
            request.domainName().split("\\.")[0]);
    RouteProtection protection = cache.protection().getOrDefault(route.routeId(), RouteProtection.NONE);
    if (!protection.isNone()) {
      DoorDecision decision = door.admit(route.routeId(), protection, request);
      if (decision instanceof DoorDecision.Deny deny) {
        // The function never runs; the reason goes to the access log, never to the client.
        return finish(exchange, requestId, start, route.routeKey(), route.functionName(),
            Optional.empty(), withCors(deny.response(), route.cors(), request), deny.reason());
      }
      context = ((DoorDecision.Allow) decision).applyTo(context);
    }
    byte[] event =
        route.payloadFormatVersion().equals("1.0")
            ? HttpApiEvents.v1(request, context)
            : HttpApiEvents.v2(request, context);
    Invoked invoked = invoke(route.target(), event, route.timeoutMillis());
    GatewayResponse response = invoked.toGateway(route.payloadFormatVersion());
    return finish(exchange, requestId, start, route.routeKey(), route.functionName(),
        invoked.cold(), withCors(response, route.cors(), request));
  }

  /** A preflight for a path no route serves: answered from the $default route's CORS, if any. */
  private Optional<GatewayResponse> anyCorsPreflight(GatewayRequest request) {
    return gateway.routes().stream()
        .filter(r -> r.routeKey().equals(Route.DEFAULT_KEY))
        .findFirst()
        .flatMap(Route::cors)
        .flatMap(c -> CorsPolicy.preflight(c, request));
  }

  private RouteTableCache table() {
    List<Route> current = gateway.routes();
    RouteTableCache cache = routes;
    if (cache.source() != current) {
      Map<String, RouteProtection> protection = new java.util.HashMap<>();
      for (Route r : current) {
        if (!r.protection().equals(Route.NO_PROTECTION)) {
          protection.put(r.routeId(), RouteProtection.fromJson(r.protection()));
        }
      }
      cache = new RouteTableCache(current, new RouteTable(current), Map.copyOf(protection));
      routes = cache;
    }
    return cache;
  }

  // ---- invoking ------------------------------------------------------------------------------

  /** How an invocation through the gateway ended. */
  private record Invoked(Optional<InvokeResponse> response, int failureStatus, String failure) {
    Optional<InvokeResponse> cold() {
      return response;
    }

    GatewayResponse toGateway(String payloadVersion) {
      if (response.isEmpty()) {
        return gatewayMessage(failureStatus, failure);
      }
      InvokeResponse r = response.get();
      if (r.functionError().isPresent()) {
        return HttpApiResponses.functionError();
      }
      return payloadVersion.equals("1.0")
          ? HttpApiResponses.fromV1(r.payload())
          : HttpApiResponses.fromV2(r.payload());
    }
  }

  /**
   * Invokes synchronously, waiting at most {@code timeoutMillis} (0: the function's own timeout).
   * An invocation that outlives the integration timeout keeps running to its end on its own
   * thread, and its instance goes back to the pool as usual: nothing leaks.
   */
  private Invoked invoke(Arns.FunctionRef target, byte[] event, int timeoutMillis) {
    InvokeRequest request =
        new InvokeRequest(target, event, InvocationType.REQUEST_RESPONSE, false, Optional.empty());
    return await(executor.submit(() -> invocations.invoke(request)), timeoutMillis);
  }

  /**
   * The invocation's answer, waiting at most {@code timeoutMillis} (0: until it ends); a timeout
   * is a 504 (the invocation finishes on its own), a throttle 429, anything else 500.
   */
  private static Invoked await(Future<InvokeResponse> running, int timeoutMillis) {
    try {
      InvokeResponse r =
          timeoutMillis > 0 ? running.get(timeoutMillis, TimeUnit.MILLISECONDS) : running.get();
      return new Invoked(Optional.of(r), 0, "");
    } catch (TimeoutException e) {
      return new Invoked(Optional.empty(), 504, "Endpoint request timed out");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Invoked(Optional.empty(), 500, "Internal Server Error");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof GustException g && g.type() == ErrorType.TOO_MANY_REQUESTS) {
        return new Invoked(Optional.empty(), 429, "Too Many Requests");
      }
      return new Invoked(Optional.empty(), 500, "Internal Server Error");
    }
  }

  // ---- requests and responses ---------------------------------------------------------------

  private static GatewayRequest request(HttpExchange exchange, String rawPath, String requestId)
      throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(Limits.MAX_SYNC_PAYLOAD_BYTES + 1);
    }
    if (body.length > Limits.MAX_SYNC_PAYLOAD_BYTES) {
      throw GustException.tooLarge("Request Entity Too Large");
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    exchange.getRequestHeaders().forEach(
        (name, values) -> values.forEach(v -> headers.add(new AbstractMap.SimpleImmutableEntry<>(name, v))));
    String host = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Host")).orElse("localhost");
    String domain = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
        : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
    InetSocketAddress remote = exchange.getRemoteAddress();
    String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
    return new GatewayRequest(
        exchange.getRequestMethod(),
        rawPath.isEmpty() ? "/" : rawPath,
        query,
        headers,
        body,
        remote.getAddress().getHostAddress(),
        exchange.getProtocol(),
        requestId,
        Instant.now(),
        domain);
  }

  private static boolean signed(HttpExchange exchange) {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    return auth != null && auth.startsWith("AWS4-HMAC-SHA256 ");
  }

  private static GatewayResponse withCors(GatewayResponse r, Optional<Cors> cors, GatewayRequest request) {
    return cors.map(c -> CorsPolicy.apply(c, request, r)).orElse(r);
  }

  private static GatewayResponse gatewayMessage(int status, String text) {
    return new GatewayResponse(
        status,
        List.of(new AbstractMap.SimpleImmutableEntry<>("Content-Type", "application/json")),
        ("{\"message\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  private static GatewayResponse message(int status, String field, String text) {
    return new GatewayResponse(
        status,
        List.of(new AbstractMap.SimpleImmutableEntry<>("Content-Type", "application/json")),
        ("{\"" + field + "\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  private static Response toResponse(GatewayResponse r, String method) {
    return new Response(
        r.status(), new java.util.LinkedHashMap<>(), r.body(), withoutFraming(r.headers(), method, r.status()));
  }

  /**
   * The function's headers less those that frame the body, which the server sets itself (a
   * Content-Length for a buffered body, chunked for a streamed one). Passed on, they would make
   * a message with both Content-Length and Transfer-Encoding, which clients refuse (Node's parser)
   * or read with the wrong framing (curl waits for chunks that never come): RFC 9112, 6.3. A
   * HEAD or 304 answer keeps the function's Content-Length, which describes the omitted body.
   */
  private static List<Map.Entry<String, String>> withoutFraming(
      List<Map.Entry<String, String>> headers, String method, int status) {
    boolean keepLength = method.equals("HEAD") || status == 304;
    List<Map.Entry<String, String>> kept = new ArrayList<>(headers.size());
    for (Map.Entry<String, String> h : headers) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (!name.equals("transfer-encoding") && (keepLength || !name.equals("content-length"))) {
        kept.add(h);
      }
    }
    return kept;
  }

  private Response finish(
      HttpExchange exchange,
      String requestId,
      long startNanos,
      String routeKey,
      String function,
      Optional<InvokeResponse> invocation,
      GatewayResponse r) {
    return finish(exchange, requestId, startNanos, routeKey, function, invocation, r, null);
  }

  /** Like the above; a request refused at the door logs why ({@code denied}), for the operator. */
  private Response finish(
      HttpExchange exchange,
      String requestId,
      long startNanos,
      String routeKey,
      String function,
      Optional<InvokeResponse> invocation,
      GatewayResponse r,
      String denied) {
    Response response = toResponse(r, exchange.getRequestMethod()).withHeader("apigw-requestid", requestId)
        .withHeader("x-amzn-RequestId", requestId);
    double ms = (System.nanoTime() - startNanos) / 1e6;
    accessLog.append(
        ACCESS_LOG,
        String.format(
            Locale.ROOT,
            "%s %s %s %s route=\"%s\" status=%d latency=%.2fms function=%s requestId=%s"
                + " invocation=%s start=%s",
            Instant.now(),
            exchange.getRemoteAddress().getAddress().getHostAddress(),
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            routeKey,
            r.status(),
            ms,
            function,
            requestId,
            invocation.map(InvokeResponse::requestId).orElse("-"),
            invocation.map(i -> i.coldStart() ? "cold" : "warm").orElse("-"))
            + (denied == null ? "" : " denied=\"" + denied.replace('"', '\'') + "\""));
    return response;
  }
}

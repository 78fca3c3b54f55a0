package dev.gust.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gust.core.CodeStore;
import dev.gust.core.FunctionRegistry;
import dev.gust.core.FunctionUsage;
import dev.gust.core.InvocationLedger;
import dev.gust.core.LogStore;
import dev.gust.invoke.InvocationService;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** The public HTTP server: routes every request to one operation handler. */
public final class HttpFront implements AutoCloseable {

  /** What the front serves. */
  public record Services(
      FunctionRegistry registry,
      InvocationService invocations,
      LogStore logs,
      InvocationLedger ledger,
      CodeStore code,
      FunctionUsage.Prices prices,
      Supplier<ObjectNode> health) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final Router router = new Router();

  private HttpFront(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds and starts serving. */
  public static HttpFront start(InetSocketAddress address, Services services) throws IOException {
    HttpServer server = HttpServer.create(address, 1024);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    HttpFront front = new HttpFront(server, executor);
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
    new GustApi(
            services.registry(),
            services.logs(),
            services.ledger(),
            services.code(),
            services.prices(),
            services.health(),
            shapes)
        .register(front.router);
    server.createContext("/", front::serve);
    server.setExecutor(executor);
    server.start();
    return front;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void serve(HttpExchange exchange) throws IOException {
    Response response;
    String method = exchange.getRequestMethod();
    String rawPath = exchange.getRequestURI().getRawPath();
    try {
      Response refused = BrowserGuard.check(exchange, server.getAddress().getPort());
      if (refused != null) {
        write(exchange, refused);
        return;
      }
      List<String> segments = Request.segments(rawPath);
      Router.Match match = router.match(method, segments);
      if (match.handler() == null) {
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
    var headers = exchange.getResponseHeaders();
    for (Map.Entry<String, String> h : response.headers().entrySet()) {
      headers.set(h.getKey(), h.getValue());
    }
    if (!headers.containsKey("x-amzn-RequestId")) {
      headers.set("x-amzn-RequestId", UUID.randomUUID().toString());
    }
    byte[] body = response.body();
    boolean noBody = response.status() == 204 || response.status() == 304 || body.length == 0;
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
    executor.shutdownNow();
  }
}

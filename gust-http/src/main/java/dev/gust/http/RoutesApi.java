package dev.gust.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.Arns;
import dev.gust.core.FunctionRegistry;
import dev.gust.core.GatewayRegistry;
import dev.gust.core.Route;
import dev.gust.gateway.RouteProtection;
import java.util.function.Supplier;

/**
 * Gust's HTTP API routes under {@code /gust/v1/routes}: list, create, delete. Routes are served
 * on the gateway's own port ({@code endpoint} in the listing).
 */
final class RoutesApi {
  static final int DEFAULT_TIMEOUT_MILLIS = 30_000;

  private final FunctionRegistry functions;
  private final GatewayRegistry gateway;
  private final ObjectMapper mapper;
  private final LambdaShapes shapes;
  private final Supplier<String> gatewayEndpoint;

  RoutesApi(
      FunctionRegistry functions,
      GatewayRegistry gateway,
      ObjectMapper mapper,
      LambdaShapes shapes,
      Supplier<String> gatewayEndpoint) {
    this.functions = functions;
    this.gateway = gateway;
    this.mapper = mapper;
    this.shapes = shapes;
    this.gatewayEndpoint = gatewayEndpoint;
  }

  void register(Router router) {
    router
        .add("GET", "/gust/v1/routes", this::list)
        .add("POST", "/gust/v1/routes", this::create)
        .add("DELETE", "/gust/v1/routes/{Route}", this::delete);
  }

  Response list(Request r) throws Exception {
    ObjectNode out = shapes.object();
    out.put("endpoint", gatewayEndpoint.get());
    ArrayNode routes = out.putArray("routes");
    gateway.routes().forEach(route -> routes.add(shape(route)));
    return shapes.ok(200, out);
  }

  Response create(Request r) throws Exception {
    JsonNode body = r.json(mapper, FunctionsApi.MAX_CONFIG_REQUEST_BYTES, "CreateRoute");
    Arns.FunctionRef target =
        functions.arns().parseFunctionName(Fields.requiredText(body, "FunctionName"))
            .withQualifier(Fields.text(body, "Qualifier").orElse(null));
    Route route =
        gateway.createRoute(
            Fields.requiredText(body, "RouteKey"),
            target,
            Fields.text(body, "PayloadFormatVersion").orElse("2.0"),
            FunctionUrlsApi.cors(body),
            Fields.integer(body, "TimeoutInMillis").orElse(DEFAULT_TIMEOUT_MILLIS),
            Fields.object(body, "Protection")
                .map(p -> RouteProtection.fromJson(p.toString()).toJson())
                .orElse(Route.NO_PROTECTION));
    return shapes.ok(201, shape(route));
  }

  Response delete(Request r) throws Exception {
    gateway.deleteRoute(r.path("Route"));
    return Response.empty(204);
  }

  private ObjectNode shape(Route route) {
    ObjectNode n = shapes.object();
    n.put("RouteId", route.routeId());
    n.put("RouteKey", route.routeKey());
    n.put("FunctionName", route.functionName());
    route.qualifier().ifPresent(q -> n.put("Qualifier", q));
    n.put("PayloadFormatVersion", route.payloadFormatVersion());
    n.put("TimeoutInMillis", route.timeoutMillis());
    route.cors().ifPresent(c -> n.set("Cors", shapes.cors(c)));
    n.put("CreatedDate", route.created().toString());
    if (!route.protection().equals(Route.NO_PROTECTION)) {
      try {
        JsonNode protection = mapper.readTree(route.protection());
        if (protection.get("Webhook") instanceof ObjectNode webhook && webhook.has("Secret")) {
          webhook.put("Secret", "********"); // a secret is written, never read back
        }
        n.set("Protection", protection);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return n;
  }
}

package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * One route of Gust's HTTP API as {@code gust routes add} and {@code gust.yaml}'s {@code http}
 * events describe it. The checks repeat the server's (API Gateway's) rules for route keys, payload
 * versions and timeouts, so that {@code gust deploy} can refuse a bad file before it builds.
 *
 * @param routeKey {@code METHOD /path} (method ANY for every method) or {@code $default}
 * @param qualifier the alias or version the route invokes, or empty for {@code $LATEST}
 * @param payloadFormatVersion {@code 2.0} or {@code 1.0}
 * @param timeoutMillis the integration timeout, 50 to 30,000 ms
 * @param cors CORS answered for the route, if any
 * @param protection what guards the route (the server's {@code Protection} document: {@code Jwt},
 *     {@code ApiKeyRequired}, {@code Webhook}, {@code Throttle}), checked by the server
 */
record RouteSpec(
    String routeKey,
    Optional<String> qualifier,
    String payloadFormatVersion,
    int timeoutMillis,
    Optional<CorsSpec> cors,
    Optional<ObjectNode> protection) {

  RouteSpec(String routeKey, Optional<String> qualifier, String payloadFormatVersion,
      int timeoutMillis, Optional<CorsSpec> cors) {
    this(routeKey, qualifier, payloadFormatVersion, timeoutMillis, cors, Optional.empty());
  }

  static final String DEFAULT_KEY = "$default";
  static final List<String> METHODS =
      List.of("ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
  static final List<String> PAYLOAD_VERSIONS = List.of("2.0", "1.0");
  static final String DEFAULT_PAYLOAD = "2.0";
  static final int MIN_TIMEOUT_MILLIS = 50;
  static final int MAX_TIMEOUT_MILLIS = 30_000;
  static final int DEFAULT_TIMEOUT_MILLIS = MAX_TIMEOUT_MILLIS;

  RouteSpec {
    String problem = keyProblem(routeKey);
    if (problem != null) {
      throw new IllegalArgumentException(
          "route key '"
              + routeKey
              + "' is invalid: "
              + problem
              + "; examples: 'GET /items/{id}', 'ANY /files/{proxy+}', '"
              + DEFAULT_KEY
              + "'");
    }
    if (qualifier.isPresent() && qualifier.get().isBlank()) {
      throw new IllegalArgumentException("the qualifier is empty; give an alias or a version");
    }
    if (!PAYLOAD_VERSIONS.contains(payloadFormatVersion)) {
      throw new IllegalArgumentException(
          "the payload format version must be 2.0 or 1.0, got '" + payloadFormatVersion + "'");
    }
    if (timeoutMillis < MIN_TIMEOUT_MILLIS || timeoutMillis > MAX_TIMEOUT_MILLIS) {
      throw new IllegalArgumentException(
          "the timeout must be from "
              + MIN_TIMEOUT_MILLIS
              + " to "
              + MAX_TIMEOUT_MILLIS
              + " ms, got "
              + timeoutMillis);
    }
  }

  /** What is wrong with a route key, or null when it is valid. */
  private static String keyProblem(String routeKey) {
    if (routeKey.equals(DEFAULT_KEY)) {
      return null;
    }
    int space = routeKey.indexOf(' ');
    if (space < 0) {
      return "it needs a method and a path separated by one space";
    }
    String method = routeKey.substring(0, space);
    String path = routeKey.substring(space + 1);
    if (!METHODS.contains(method)) {
      return "the method must be one of " + String.join(", ", METHODS);
    }
    if (!path.startsWith("/")) {
      return "the path must start with /";
    }
    if (path.equals("/")) {
      return null;
    }
    String[] segments = path.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      if (s.isEmpty()) {
        return "the path has an empty segment";
      }
      if (s.startsWith("{")) {
        if (!s.matches("\\{[A-Za-z0-9._-]+\\+?}")) {
          return "'" + s + "' is not a path variable such as {id} or {proxy+}";
        }
        if (s.endsWith("+}") && i < segments.length - 1) {
          return "a greedy variable such as {proxy+} must be the last segment";
        }
      } else if (!s.matches("[A-Za-z0-9._~!$&'()*,;=:@%-]+")) {
        return "'" + s + "' holds characters a path segment cannot";
      }
    }
    return null;
  }

  /** The body of {@code POST /gust/v1/routes}, defaults spelled out. */
  ObjectNode request(String functionName) {
    ObjectNode request = Json.object().put("RouteKey", routeKey).put("FunctionName", functionName);
    qualifier.ifPresent(q -> request.put("Qualifier", q));
    request.put("PayloadFormatVersion", payloadFormatVersion);
    request.put("TimeoutInMillis", timeoutMillis);
    cors.ifPresent(c -> request.set("Cors", c.json()));
    protection.ifPresent(p -> request.set("Protection", p));
    return request;
  }

  /** Whether a route as {@code GET /gust/v1/routes} lists it has exactly these settings. */
  boolean sameSettingsAs(JsonNode route) {
    return Json.text(route, "Qualifier", "").equals(qualifier.orElse(""))
        && Json.text(route, "PayloadFormatVersion", "").equals(payloadFormatVersion)
        && route.path("TimeoutInMillis").asInt(-1) == timeoutMillis
        && CorsSpec.same(cors, route.path("Cors"))
        && sameProtection(protection, route.path("Protection"));
  }

  /**
   * Whether the local protection matches the server's. The server never reads a webhook secret
   * back, so a changed secret alone is not seen: remove the route to change it.
   */
  static boolean sameProtection(Optional<ObjectNode> local, JsonNode server) {
    if (local.isEmpty() || local.get().isEmpty()) {
      return server.isMissingNode() || server.isNull() || server.isEmpty();
    }
    ObjectNode mine = local.get().deepCopy();
    if (mine.get("Webhook") instanceof ObjectNode webhook && webhook.has("Secret")) {
      webhook.put("Secret", "********");
    }
    // numbers compare by value: 10 in gust.yaml is 10.0 on the server
    return mine.equals(
        (a, b) -> a.isNumber() && b.isNumber()
            ? Double.compare(a.asDouble(), b.asDouble())
            : a.equals(b) ? 0 : 1,
        server);
  }

  /**
   * Where a route answers: {@code GET http://127.0.0.1:9001/items/{id}}, or the bare key when the
   * server named no endpoint.
   */
  static String location(String endpoint, String routeKey) {
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    if (base.isEmpty()) {
      return routeKey;
    }
    if (routeKey.equals(DEFAULT_KEY)) {
      return "ANY " + base + "/* (" + DEFAULT_KEY + ")";
    }
    int space = routeKey.indexOf(' ');
    return space < 0
        ? routeKey
        : routeKey.substring(0, space) + " " + base + routeKey.substring(space + 1);
  }
}

package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The CORS settings a route or a function URL gets from {@code gust.yaml} or the command line: the
 * origins, methods and headers of Lambda's {@code Cors} structure. Checked here so that a typo such
 * as a trailing slash on an origin (which no browser ever sends) fails before anything is deployed.
 *
 * @param origins {@code *} or origins such as {@code https://example.com}; at least one
 * @param methods {@code *} or HTTP methods, upper case
 * @param headers {@code *} or request header names
 */
record CorsSpec(List<String> origins, List<String> methods, List<String> headers) {

  CorsSpec {
    origins = List.copyOf(origins);
    methods = methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).toList();
    headers = List.copyOf(headers);
    if (origins.isEmpty()) {
      throw new IllegalArgumentException(
          "CORS needs at least one origin, such as '*' or 'https://example.com'");
    }
    for (String origin : origins) {
      if (!origin.equals("*") && !origin.matches("[a-z][a-z0-9+.-]*://[^/\\s]+")) {
        throw new IllegalArgumentException(
            "CORS origin '"
                + origin
                + "' must be '*' or a scheme, host and optional port such as"
                + " 'https://example.com' or 'http://localhost:3000', without a path");
      }
    }
    for (String method : methods) {
      if (!method.equals("*") && !method.matches("[A-Z]{1,10}")) {
        throw new IllegalArgumentException(
            "CORS method '" + method + "' must be '*' or an HTTP method such as GET");
      }
    }
    for (String header : headers) {
      if (!header.equals("*") && !header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
        throw new IllegalArgumentException(
            "CORS header '" + header + "' must be '*' or a header name such as Content-Type");
      }
    }
  }

  /** Lambda's {@code Cors} structure. */
  ObjectNode json() {
    ObjectNode cors = Json.object();
    origins.forEach(cors.putArray("AllowOrigins")::add);
    methods.forEach(cors.putArray("AllowMethods")::add);
    headers.forEach(cors.putArray("AllowHeaders")::add);
    return cors;
  }

  /**
   * Whether a {@code Cors} structure from the server (missing when the resource has none) says the
   * same as {@code wanted}. Fields this spec does not set compare as Lambda's defaults, so a CORS
   * setting made elsewhere with credentials or exposed headers counts as different.
   */
  static boolean same(Optional<CorsSpec> wanted, JsonNode actual) {
    JsonNode want =
        wanted.<JsonNode>map(c -> canonical(c.json())).orElse(MissingNode.getInstance());
    JsonNode have =
        actual.isMissingNode() || actual.isNull() ? MissingNode.getInstance() : canonical(actual);
    return want.equals(have);
  }

  private static ObjectNode canonical(JsonNode cors) {
    ObjectNode out = Json.object();
    out.put("AllowCredentials", cors.path("AllowCredentials").asBoolean(false));
    for (String field : List.of("AllowHeaders", "AllowMethods", "AllowOrigins", "ExposeHeaders")) {
      ArrayNode values = out.putArray(field);
      cors.path(field).forEach(values::add);
    }
    out.put("MaxAge", cors.path("MaxAge").asInt(0));
    return out;
  }

  /** One line for {@code gust url get}: {@code origins *; methods GET, POST; headers -}. */
  static String describe(JsonNode cors) {
    if (cors.isMissingNode() || cors.isNull()) {
      return "-";
    }
    List<String> parts = new ArrayList<>();
    parts.add("origins " + list(cors.path("AllowOrigins")));
    parts.add("methods " + list(cors.path("AllowMethods")));
    parts.add("headers " + list(cors.path("AllowHeaders")));
    if (!cors.path("ExposeHeaders").isEmpty()) {
      parts.add("exposes " + list(cors.path("ExposeHeaders")));
    }
    if (cors.path("AllowCredentials").asBoolean(false)) {
      parts.add("with credentials");
    }
    if (cors.path("MaxAge").asInt(0) > 0) {
      parts.add("max age " + cors.path("MaxAge").asInt() + " s");
    }
    return String.join("; ", parts);
  }

  private static String list(JsonNode values) {
    List<String> items = new ArrayList<>();
    values.forEach(v -> items.add(v.asText()));
    return items.isEmpty() ? "-" : String.join(", ", items);
  }
}

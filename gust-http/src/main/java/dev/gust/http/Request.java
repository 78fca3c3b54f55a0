package dev.gust.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.gust.core.GustException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One decoded HTTP request: method, path parameters, query, headers and (bounded) body. */
final class Request {
  private final HttpExchange exchange;
  private final Map<String, String> pathParams;
  private final Map<String, String> query;
  private byte[] body;

  Request(HttpExchange exchange, Map<String, String> pathParams) {
    this.exchange = exchange;
    this.pathParams = pathParams;
    this.query = parseQuery(exchange.getRequestURI().getRawQuery());
  }

  String method() {
    return exchange.getRequestMethod();
  }

  String path(String name) {
    return pathParams.get(name);
  }

  Optional<String> query(String name) {
    return Optional.ofNullable(query.get(name)).filter(s -> !s.isEmpty());
  }

  Optional<Integer> queryInt(String name, int min, int max) {
    Optional<String> raw = query(name);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      int v = Integer.parseInt(raw.get());
      if (v < min || v > max) {
        throw new NumberFormatException();
      }
      return Optional.of(v);
    } catch (NumberFormatException e) {
      throw GustException.invalidParameter(
          "1 validation error detected: Value '" + raw.get() + "' at '" + name
              + "' failed to satisfy constraint: Member must be an integer between " + min
              + " and " + max);
    }
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
  }

  /** The body, read once, refusing more than {@code limit} bytes with a 413. */
  byte[] body(int limit, String operation) throws IOException {
    if (body == null) {
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(limit + 1);
        if (body.length > limit) {
          throw GustException.tooLarge(
              "Request must be smaller than " + limit + " bytes for the " + operation
                  + " operation");
        }
      }
    }
    return body;
  }

  /** The body as a JSON object; malformed JSON is an InvalidRequestContentException. */
  JsonNode json(ObjectMapper mapper, int limit, String operation) throws IOException {
    byte[] raw = body(limit, operation);
    if (raw.length == 0) {
      return mapper.createObjectNode();
    }
    try {
      JsonNode node = mapper.readTree(raw);
      if (node == null || !node.isObject()) {
        throw GustException.invalidContent("Could not parse request body into json: expected a JSON object.");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw GustException.invalidContent(
          "Could not parse request body into json: " + e.getOriginalMessage());
    }
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      q.put(decode(k), decode(v));
    }
    return q;
  }

  static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  static List<String> segments(String rawPath) {
    List<String> out = new java.util.ArrayList<>();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) {
        out.add(decode(s));
      }
    }
    return out;
  }
}

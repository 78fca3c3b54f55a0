package dev.gust.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a handler answers: status, headers and body bytes. {@code headers} holds single-valued
 * headers; {@code repeated} holds headers sent once per entry (such as several {@code
 * Set-Cookie}), in order.
 */
record Response(
    int status, Map<String, String> headers, byte[] body, List<Map.Entry<String, String>> repeated) {

  /** Marks a response the handler already wrote to the exchange itself (a stream). */
  static final Response SENT = new Response(-1, Map.of(), new byte[0], List.of());

  Response(int status, Map<String, String> headers, byte[] body) {
    this(status, headers, body, List.of());
  }

  static Response json(int status, String json) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    return new Response(status, h, json.getBytes(StandardCharsets.UTF_8));
  }

  static Response empty(int status) {
    return new Response(status, new LinkedHashMap<>(), new byte[0]);
  }

  Response withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Response(status, h, body, repeated);
  }
}

package dev.gust.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gust.core.Route;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builders shared by the tests. */
final class Fixtures {
  static final Instant TIME = Instant.parse("2020-03-12T19:03:58.390Z");

  private Fixtures() {}

  static Route route(String routeKey) {
    return new Route("r" + Math.abs(routeKey.hashCode() % 1000), routeKey, "fn", Optional.empty(),
        "2.0", Optional.empty(), 30_000, TIME);
  }

  /** A request; {@code headers} alternate name, value. */
  static GatewayRequest request(String method, String target, byte[] body, String... headers) {
    int q = target.indexOf('?');
    List<Map.Entry<String, String>> list = new ArrayList<>();
    for (int i = 0; i < headers.length; i += 2) {
      list.add(Map.entry(headers[i], headers[i + 1]));
    }
    return new GatewayRequest(method, q < 0 ? target : target.substring(0, q),
        q < 0 ? "" : target.substring(q + 1), list, body, "203.0.113.7", "HTTP/1.1", "req-1", TIME,
        "abc123.example.com");
  }

  static GatewayRequest request(String method, String target, String... headers) {
    return request(method, target, new byte[0], headers);
  }

  static JsonNode json(String text) {
    return json(text.getBytes(StandardCharsets.UTF_8));
  }

  static JsonNode json(byte[] bytes) {
    try {
      return Bodies.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void assertJson(String expected, byte[] actual) {
    assertEquals(json(expected), json(actual), () -> new String(actual, StandardCharsets.UTF_8));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

package dev.gust.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP response the gateway sends to the client.
 *
 * @param status the status code
 * @param headers every header in the order to send them; a name may repeat (e.g. {@code
 *     Set-Cookie})
 * @param body the body; empty when there is none
 */
public record GatewayResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

  public GatewayResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100..599, not " + status);
    }
    headers = List.copyOf(headers);
    Objects.requireNonNull(body, "body: use an empty array when there is none");
  }

  /** A JSON response, e.g. API Gateway's own {@code {"message":"Not Found"}}. */
  static GatewayResponse json(int status, String json) {
    return new GatewayResponse(
        status,
        List.of(Map.entry("Content-Type", "application/json")),
        json.getBytes(StandardCharsets.UTF_8));
  }

  /** The first value of header {@code name} (any case). */
  public Optional<String> header(String name) {
    return headerValues(name).stream().findFirst();
  }

  /** Every value of header {@code name} (any case), in order. */
  public List<String> headerValues(String name) {
    List<String> values = new ArrayList<>();
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        values.add(h.getValue());
      }
    }
    return values;
  }

  /** The body as UTF-8 text, for tests and logs. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "GatewayResponse[" + status + ", " + headers + ", " + body.length + " body bytes]";
  }
}

package dev.gust.gateway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request as the gateway received it, before any Lambda mapping.
 *
 * @param method the request method, e.g. {@code GET}
 * @param rawPath the path as received, still percent-encoded, starting with {@code /}
 * @param rawQuery the query string without {@code ?}; empty when there is none
 * @param headers every header in arrival order, names spelled as received
 * @param body the request body; empty when there is none
 * @param sourceIp the address of the immediate TCP peer
 * @param protocol e.g. {@code HTTP/1.1}
 * @param requestId the id the gateway gave this request
 * @param time when the gateway received it
 * @param domainName the {@code Host} the client used, without the port
 */
public record GatewayRequest(
    String method,
    String rawPath,
    String rawQuery,
    List<Map.Entry<String, String>> headers,
    byte[] body,
    String sourceIp,
    String protocol,
    String requestId,
    Instant time,
    String domainName) {

  public GatewayRequest {
    if (method == null || method.isEmpty()) {
      throw new IllegalArgumentException("method is required, e.g. GET");
    }
    if (rawPath == null || !rawPath.startsWith("/")) {
      throw new IllegalArgumentException("rawPath must start with '/', not " + rawPath);
    }
    Objects.requireNonNull(rawQuery, "rawQuery: use \"\" when there is no query");
    if (rawQuery.startsWith("?")) {
      throw new IllegalArgumentException("rawQuery must not include the leading '?'");
    }
    headers = List.copyOf(headers);
    Objects.requireNonNull(body, "body: use an empty array when there is none");
    Objects.requireNonNull(sourceIp, "sourceIp");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(domainName, "domainName");
  }

  /** Every value of header {@code name} (any case), in arrival order. */
  public List<String> headerValues(String name) {
    List<String> values = new ArrayList<>();
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        values.add(h.getValue());
      }
    }
    return values;
  }

  /** The first value of header {@code name} (any case). */
  public Optional<String> header(String name) {
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return Optional.of(h.getValue());
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "GatewayRequest[" + method + " " + rawPath + (rawQuery.isEmpty() ? "" : "?" + rawQuery)
        + ", " + headers.size() + " headers, " + body.length + " body bytes, id " + requestId + "]";
  }
}

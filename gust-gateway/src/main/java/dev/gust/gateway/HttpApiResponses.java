package dev.gust.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a function's response payload into the HTTP response, as API Gateway and function URLs do.
 *
 * <p>Format 2.0: a JSON object with {@code statusCode} is a response description: {@code headers}
 * (string, number or boolean values), {@code cookies} (each its own {@code Set-Cookie}), {@code
 * body} (a string; base64-decoded when {@code isBase64Encoded} is true). Any other valid JSON,
 * strings, numbers, arrays and objects without {@code statusCode} alike, is inferred as a 200 with
 * {@code content-type: application/json} and the payload itself as the body.
 *
 * <p>Format 1.0: {@code statusCode} is required; {@code headers} and {@code multiValueHeaders} are
 * merged (values from {@code multiValueHeaders} first; a {@code headers} value already among them
 * is not repeated, AWS's rule for REST proxy responses); {@code cookies} means nothing.
 *
 * <p>A payload that does not fit its format is the function's fault: 502 {@code {"message":
 * "Internal Server Error"}}, the same answer as a function error. Decided here where AWS is
 * silent: a description without a content type gets none (inference applies only without {@code
 * statusCode}); {@code statusCode} may be a JSON integer or a string of digits but must lie in
 * 100..599; a non-string {@code body} is sent as its JSON text; a header whose value is {@code
 * null} is skipped, one whose value is an array or object makes the payload malformed.
 */
public final class HttpApiResponses {
  private static final String INTERNAL_ERROR = "{\"message\":\"Internal Server Error\"}";

  private HttpApiResponses() {}

  /** Maps a payload format 2.0 response. */
  public static GatewayResponse fromV2(byte[] functionPayload) {
    Optional<JsonNode> parsed = parse(functionPayload);
    if (parsed.isEmpty()) {
      return functionError();
    }
    JsonNode payload = parsed.get();
    if (!payload.isObject() || !payload.has("statusCode")) {
      return new GatewayResponse(
          200, List.of(Map.entry("content-type", "application/json")), functionPayload);
    }
    try {
      List<Map.Entry<String, String>> headers = new ArrayList<>();
      putHeaders(payload.get("headers"), headers);
      JsonNode cookies = payload.get("cookies");
      if (cookies != null && !cookies.isNull()) {
        if (!cookies.isArray()) {
          throw new Malformed("cookies must be an array of strings");
        }
        cookies.forEach(c -> headers.add(Map.entry("set-cookie", scalar(c))));
      }
      return new GatewayResponse(status(payload), headers, body(payload));
    } catch (Malformed | IllegalArgumentException e) {
      return functionError();
    }
  }

  /** Maps a payload format 1.0 response. */
  public static GatewayResponse fromV1(byte[] functionPayload) {
    Optional<JsonNode> parsed = parse(functionPayload);
    if (parsed.isEmpty() || !parsed.get().isObject() || !parsed.get().has("statusCode")) {
      return functionError();
    }
    JsonNode payload = parsed.get();
    try {
      List<Map.Entry<String, String>> headers = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      JsonNode multi = payload.get("multiValueHeaders");
      if (multi != null && !multi.isNull()) {
        if (!multi.isObject()) {
          throw new Malformed("multiValueHeaders must be an object of string arrays");
        }
        for (Map.Entry<String, JsonNode> h : multi.properties()) {
          if (!h.getValue().isArray()) {
            throw new Malformed("multiValueHeaders." + h.getKey() + " must be an array");
          }
          for (JsonNode v : h.getValue()) {
            headers.add(Map.entry(h.getKey(), scalar(v)));
            seen.add(h.getKey().toLowerCase(Locale.ROOT) + "\n" + scalar(v));
          }
        }
      }
      List<Map.Entry<String, String>> single = new ArrayList<>();
      putHeaders(payload.get("headers"), single);
      for (Map.Entry<String, String> h : single) {
        if (!seen.contains(h.getKey().toLowerCase(Locale.ROOT) + "\n" + h.getValue())) {
          headers.add(h);
        }
      }
      return new GatewayResponse(status(payload), headers, body(payload));
    } catch (Malformed | IllegalArgumentException e) {
      return functionError();
    }
  }

  /** API Gateway's answer when the function failed or its response was malformed. */
  public static GatewayResponse functionError() {
    return GatewayResponse.json(502, INTERNAL_ERROR);
  }

  /** API Gateway's answer when no route matches: 404 {@code {"message":"Not Found"}}. */
  public static GatewayResponse notFound() {
    return GatewayResponse.json(404, "{\"message\":\"Not Found\"}");
  }

  private static final class Malformed extends Exception {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  private static Optional<JsonNode> parse(byte[] payload) {
    try {
      return Optional.ofNullable(Bodies.MAPPER.readTree(payload))
          .filter(n -> !n.isMissingNode());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int status(JsonNode payload) throws Malformed {
    JsonNode s = payload.get("statusCode");
    int status;
    if (s.isIntegralNumber() && s.canConvertToInt()) {
      status = s.intValue();
    } else if (s.isTextual() && s.textValue().matches("[0-9]{3}")) {
      status = Integer.parseInt(s.textValue());
    } else {
      throw new Malformed("statusCode must be an integer, not " + s);
    }
    if (status < 100 || status > 599) {
      throw new Malformed("statusCode must be 100..599, not " + status);
    }
    return status;
  }

  private static void putHeaders(JsonNode node, List<Map.Entry<String, String>> out)
      throws Malformed {
    if (node == null || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      throw new Malformed("headers must be an object");
    }
    for (Map.Entry<String, JsonNode> h : node.properties()) {
      if (!h.getValue().isNull()) {
        out.add(Map.entry(h.getKey(), scalar(h.getValue())));
      }
    }
  }

  private static String scalar(JsonNode v) {
    if (!v.isValueNode() || v.isNull()) {
      throw new IllegalArgumentException("header and cookie values must be strings, not " + v);
    }
    return v.asText();
  }

  private static byte[] body(JsonNode payload) throws Malformed {
    JsonNode b = payload.get("body");
    if (b == null || b.isNull()) {
      return new byte[0];
    }
    String text;
    try {
      text = b.isTextual() ? b.textValue() : Bodies.MAPPER.writeValueAsString(b);
    } catch (JsonProcessingException e) {
      throw new Malformed("body is not serializable");
    }
    JsonNode base64 = payload.get("isBase64Encoded");
    boolean encoded = base64 != null && base64.asBoolean();
    return encoded ? Bodies.fromBase64(text) : text.getBytes(StandardCharsets.UTF_8);
  }
}

package dev.gust.gateway;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A verified JWT's claims: the checks API Gateway makes on them, and the string form it hands the
 * function.
 *
 * <p>The checks, from "Control access to HTTP APIs with JWT authorizers": {@code iss} equals the
 * authorizer's issuer; {@code aud}, or {@code client_id} only when there is no {@code aud}, is one
 * of its audience entries; {@code exp} is after the current time; {@code nbf} and {@code iat} are
 * before it. AWS grants no clock leeway in its documentation and neither does Gust. Decided here:
 * {@code exp} is required (a token that never expires is refused), {@code nbf} and {@code iat}
 * are optional, and all three must be JSON numbers (RFC 7519 NumericDate, fractions allowed).
 * Duplicate claim names make the token invalid (RFC 7519 section 4 allows refusing them).
 *
 * <p>The string form, as API Gateway's payload shows claims: strings as they are, numbers and
 * booleans as their JSON text ({@code "exp": "1787996002"}), arrays as their elements in brackets
 * separated by spaces ({@code "[admin users]"}, how AWS shows {@code cognito:groups}), objects as
 * JSON text; {@code null} claims are left out.
 */
final class JwtClaims {
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private JwtClaims() {}

  /** The claims object, or empty when the payload is not one JSON object. */
  static Optional<JsonNode> parse(byte[] payload) {
    try {
      JsonNode tree = STRICT.readTree(payload);
      return tree != null && tree.isObject() ? Optional.of(tree) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * What is wrong with the claims, in the words of API Gateway's {@code error_description} (such
   * as "the token does not have a valid audience"); empty when they pass.
   */
  static Optional<String> problem(JwtAuthorizer authorizer, JsonNode claims, Instant now) {
    JsonNode iss = claims.get("iss");
    if (iss == null || !iss.isTextual() || !iss.asText().equals(authorizer.issuer())) {
      return Optional.of("the token does not have a valid issuer");
    }
    JsonNode aud = claims.get("aud");
    List<String> audiences = aud != null ? strings(aud) : strings(claims.get("client_id"));
    if (audiences.stream().noneMatch(authorizer.audience()::contains)) {
      return Optional.of("the token does not have a valid audience");
    }
    BigDecimal nowSeconds = BigDecimal.valueOf(now.getEpochSecond())
        .add(BigDecimal.valueOf(now.getNano(), 9));
    JsonNode exp = claims.get("exp");
    if (exp == null || !exp.isNumber()) {
      return Optional.of("the token does not have a valid exp");
    }
    if (exp.decimalValue().compareTo(nowSeconds) <= 0) {
      return Optional.of("the token has expired");
    }
    JsonNode nbf = claims.get("nbf");
    if (nbf != null && (!nbf.isNumber() || nbf.decimalValue().compareTo(nowSeconds) > 0)) {
      return Optional.of("the token is not valid yet");
    }
    JsonNode iat = claims.get("iat");
    if (iat != null && (!iat.isNumber() || iat.decimalValue().compareTo(nowSeconds) > 0)) {
      return Optional.of("the token was issued in the future");
    }
    return Optional.empty();
  }

  /**
   * The token's scopes: from {@code scope}, or {@code scp} when there is no {@code scope}; either
   * a space-separated string (RFC 8693) or an array of strings (as some issuers write {@code
   * scp}).
   */
  static List<String> scopes(JsonNode claims) {
    JsonNode node = claims.has("scope") ? claims.get("scope") : claims.get("scp");
    List<String> scopes = new ArrayList<>();
    for (String s : strings(node)) {
      for (String part : s.split(" ")) {
        if (!part.isEmpty()) {
          scopes.add(part);
        }
      }
    }
    return scopes;
  }

  /** Every claim as a string, in the token's order (see the class comment). */
  static Map<String, String> asStrings(JsonNode claims) {
    Map<String, String> out = new LinkedHashMap<>();
    claims.properties().forEach(e -> {
      if (!e.getValue().isNull()) {
        out.put(e.getKey(), text(e.getValue()));
      }
    });
    return out;
  }

  private static String text(JsonNode node) {
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isArray()) {
      List<String> parts = new ArrayList<>();
      node.forEach(n -> parts.add(text(n)));
      return "[" + String.join(" ", parts) + "]";
    }
    return node.toString(); // numbers, booleans and objects as JSON text
  }

  /** A string, or the strings of an array; nothing for other types. */
  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (node.isTextual()) {
      out.add(node.asText());
    } else if (node.isArray()) {
      node.forEach(n -> {
        if (n.isTextual()) {
          out.add(n.asText());
        }
      });
    }
    return out;
  }
}

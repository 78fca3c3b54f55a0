package dev.gust.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.GustException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link RouteProtection} to and from its JSON document. Written by hand over Jackson's tree
 * rather than bound by annotations, so that the records stay plain, every error names the member
 * at fault, unknown members are refused, and each webhook scheme accepts only the members that
 * mean something for it.
 */
final class RouteProtectionJson {
  private static final Set<String> TOP = Set.of("Jwt", "ApiKeyRequired", "Webhook", "Throttle");
  private static final Set<String> JWT =
      Set.of("Issuer", "Audience", "JwksUri", "Scopes", "IdentitySource");
  private static final Set<String> THROTTLE = Set.of("RateLimit", "BurstLimit");
  private static final Set<String> GITHUB = Set.of("Scheme", "Secret");
  private static final Set<String> STRIPE = Set.of("Scheme", "Secret", "ToleranceSeconds");
  private static final Set<String> GENERIC = Set.of("Scheme", "Secret", "Header", "Prefix",
      "Encoding", "TimestampHeader", "ToleranceSeconds");

  private RouteProtectionJson() {}

  static String write(RouteProtection p) {
    ObjectNode root = Bodies.MAPPER.createObjectNode();
    p.throttle().ifPresent(t -> root.putObject("Throttle")
        .put("RateLimit", t.rateLimit()).put("BurstLimit", t.burstLimit()));
    if (p.apiKeyRequired()) {
      root.put("ApiKeyRequired", true);
    }
    p.webhook().ifPresent(w -> {
      ObjectNode node = root.putObject("Webhook");
      node.put("Scheme", w.scheme().wireName()).put("Secret", w.secret());
      if (w.scheme() == WebhookSignature.Scheme.HMAC_SHA256) {
        node.put("Header", w.header()).put("Prefix", w.prefix())
            .put("Encoding", w.encoding().wireName());
        w.timestampHeader().ifPresent(h -> node.put("TimestampHeader", h));
      }
      if (w.toleranceSeconds() > 0) {
        node.put("ToleranceSeconds", w.toleranceSeconds());
      }
    });
    p.jwt().ifPresent(j -> {
      ObjectNode node = root.putObject("Jwt");
      node.put("Issuer", j.issuer());
      j.audience().forEach(node.putArray("Audience")::add);
      node.put("JwksUri", j.jwksUri().toString());
      j.scopes().forEach(node.putArray("Scopes")::add);
      node.put("IdentitySource", j.identitySource());
    });
    try {
      return Bodies.MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  static RouteProtection read(String json) {
    JsonNode root;
    try {
      root = Bodies.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw GustException.invalidParameter("Route protection is not valid JSON: "
          + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw GustException.invalidParameter("Route protection must be a JSON object such as"
          + " {\"ApiKeyRequired\": true}.");
    }
    onlyMembers(root, TOP, "Route protection");
    RouteProtection p = RouteProtection.NONE;
    JsonNode key = present(root, "ApiKeyRequired");
    if (key != null) {
      if (!key.isBoolean()) {
        throw GustException.invalidParameter("ApiKeyRequired must be true or false.");
      }
      p = p.withApiKeyRequired(key.booleanValue());
    }
    JsonNode throttle = object(root, "Throttle");
    if (throttle != null) {
      onlyMembers(throttle, THROTTLE, "Throttle");
      p = p.withThrottle(new Throttle(number(throttle, "Throttle.RateLimit", "RateLimit"),
          integer(throttle, "Throttle.BurstLimit", "BurstLimit")));
    }
    JsonNode webhook = object(root, "Webhook");
    if (webhook != null) {
      p = p.withWebhook(webhook(webhook));
    }
    JsonNode jwt = object(root, "Jwt");
    if (jwt != null) {
      onlyMembers(jwt, JWT, "Jwt");
      p = p.withJwt(new JwtAuthorizer(
          text(jwt, "Jwt.Issuer", "Issuer").orElse(null),
          strings(jwt, "Jwt.Audience", "Audience"),
          uri(text(jwt, "Jwt.JwksUri", "JwksUri").orElse(null)),
          strings(jwt, "Jwt.Scopes", "Scopes"),
          text(jwt, "Jwt.IdentitySource", "IdentitySource")
              .orElse(JwtAuthorizer.DEFAULT_IDENTITY_SOURCE)));
    }
    return p;
  }

  private static WebhookSignature webhook(JsonNode node) {
    String scheme = text(node, "Webhook.Scheme", "Scheme").orElseThrow(() ->
        GustException.invalidParameter("Webhook.Scheme is required: github, stripe or"
            + " hmac-sha256."));
    String secret = text(node, "Webhook.Secret", "Secret").orElse(null);
    return switch (WebhookSignature.Scheme.fromWireName(scheme)) {
      case GITHUB -> {
        onlyMembers(node, GITHUB, "Webhook (scheme github)");
        yield WebhookSignature.github(secret);
      }
      case STRIPE -> {
        onlyMembers(node, STRIPE, "Webhook (scheme stripe)");
        yield WebhookSignature.stripe(secret, present(node, "ToleranceSeconds") == null
            ? WebhookSignature.STRIPE_DEFAULT_TOLERANCE_SECONDS
            : integer(node, "Webhook.ToleranceSeconds", "ToleranceSeconds"));
      }
      case HMAC_SHA256 -> {
        onlyMembers(node, GENERIC, "Webhook (scheme hmac-sha256)");
        Optional<String> tsHeader = text(node, "Webhook.TimestampHeader", "TimestampHeader");
        int tolerance = present(node, "ToleranceSeconds") != null
            ? integer(node, "Webhook.ToleranceSeconds", "ToleranceSeconds")
            : tsHeader.isPresent() ? WebhookSignature.STRIPE_DEFAULT_TOLERANCE_SECONDS : 0;
        yield WebhookSignature.hmacSha256(secret,
            text(node, "Webhook.Header", "Header").orElse(null),
            text(node, "Webhook.Prefix", "Prefix").orElse(""),
            WebhookSignature.Encoding.fromWireName(
                text(node, "Webhook.Encoding", "Encoding").orElse("hex")),
            tsHeader, tolerance);
      }
    };
  }

  private static void onlyMembers(JsonNode node, Set<String> allowed, String where) {
    node.fieldNames().forEachRemaining(name -> {
      if (!allowed.contains(name)) {
        throw GustException.invalidParameter(where + " has no member '" + name + "'; its members"
            + " are " + String.join(", ", allowed.stream().sorted().toList()) + ".");
      }
    });
  }

  /** The member, or null when it is absent or JSON null. */
  private static JsonNode present(JsonNode node, String name) {
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v;
  }

  private static JsonNode object(JsonNode node, String name) {
    JsonNode v = present(node, name);
    if (v != null && !v.isObject()) {
      throw GustException.invalidParameter(name + " must be a JSON object.");
    }
    return v;
  }

  private static Optional<String> text(JsonNode node, String path, String name) {
    JsonNode v = present(node, name);
    if (v != null && !v.isTextual()) {
      throw GustException.invalidParameter(path + " must be a string.");
    }
    return Optional.ofNullable(v).map(JsonNode::textValue);
  }

  private static List<String> strings(JsonNode node, String path, String name) {
    JsonNode v = present(node, name);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!v.isArray()) {
      throw GustException.invalidParameter(path + " must be an array of strings.");
    }
    for (JsonNode item : (ArrayNode) v) {
      if (!item.isTextual()) {
        throw GustException.invalidParameter(path + " must be an array of strings.");
      }
      out.add(item.textValue());
    }
    return out;
  }

  private static double number(JsonNode node, String path, String name) {
    JsonNode v = present(node, name);
    if (v == null || !v.isNumber()) {
      throw GustException.invalidParameter(path + " is required and must be a number.");
    }
    return v.doubleValue();
  }

  private static int integer(JsonNode node, String path, String name) {
    JsonNode v = present(node, name);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
      throw GustException.invalidParameter(path + " is required and must be an integer.");
    }
    return v.intValue();
  }

  private static URI uri(String text) {
    if (text == null) {
      return null; // JwtAuthorizer says it is required
    }
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw GustException.invalidParameter("Jwt.JwksUri is not a URL: '" + text + "'.");
    }
  }
}

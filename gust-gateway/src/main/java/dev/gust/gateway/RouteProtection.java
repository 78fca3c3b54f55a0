package dev.gust.gateway;

import java.util.Objects;
import java.util.Optional;

/**
 * What guards one route, checked by {@link DoorPolicy} before the function runs. Stored as one
 * JSON document ({@link #toJson()}, {@link #fromJson(String)}) in API Gateway's spelling:
 *
 * <pre>{@code
 * {
 *   "Throttle": {"RateLimit": 50, "BurstLimit": 100},
 *   "ApiKeyRequired": true,
 *   "Webhook": {"Scheme": "stripe", "Secret": "whsec_...", "ToleranceSeconds": 300},
 *   "Jwt": {
 *     "Issuer": "https://login.example.com/",
 *     "Audience": ["orders-api"],
 *     "JwksUri": "https://login.example.com/.well-known/jwks.json",
 *     "Scopes": ["orders/read"],
 *     "IdentitySource": "$request.header.Authorization"
 *   }
 * }
 * }</pre>
 *
 * <p>Every member is optional; {@code {}} is an unprotected route. {@code Webhook} is {@code
 * {"Scheme": "github", "Secret": ...}}, {@code {"Scheme": "stripe", "Secret": ...,
 * "ToleranceSeconds": ...}} or {@code {"Scheme": "hmac-sha256", "Secret": ..., "Header": ...,
 * "Prefix": ..., "Encoding": "hex"|"base64", "TimestampHeader": ..., "ToleranceSeconds": ...}}
 * (see {@link WebhookSignature}). Unknown members are refused, so a misspelt {@code
 * "ApiKeyRequred"} cannot leave a route open. The document holds the webhook secret: store it as
 * you store other secrets.
 *
 * @param jwt a JWT authorizer, if the route has one
 * @param apiKeyRequired whether a request needs an API key ({@code x-api-key}) in a usage plan
 * @param webhook the webhook signature to check, if the route receives signed webhooks
 * @param throttle the route's own throttle, if it has one
 */
public record RouteProtection(
    Optional<JwtAuthorizer> jwt,
    boolean apiKeyRequired,
    Optional<WebhookSignature> webhook,
    Optional<Throttle> throttle) {

  /** No protection: every request reaches the function. */
  public static final RouteProtection NONE =
      new RouteProtection(Optional.empty(), false, Optional.empty(), Optional.empty());

  public RouteProtection {
    Objects.requireNonNull(jwt, "jwt");
    Objects.requireNonNull(webhook, "webhook");
    Objects.requireNonNull(throttle, "throttle");
  }

  /** Whether nothing is checked. */
  public boolean isNone() {
    return jwt.isEmpty() && !apiKeyRequired && webhook.isEmpty() && throttle.isEmpty();
  }

  public RouteProtection withJwt(JwtAuthorizer authorizer) {
    return new RouteProtection(Optional.of(authorizer), apiKeyRequired, webhook, throttle);
  }

  public RouteProtection withApiKeyRequired(boolean required) {
    return new RouteProtection(jwt, required, webhook, throttle);
  }

  public RouteProtection withWebhook(WebhookSignature signature) {
    return new RouteProtection(jwt, apiKeyRequired, Optional.of(signature), throttle);
  }

  public RouteProtection withThrottle(Throttle limits) {
    return new RouteProtection(jwt, apiKeyRequired, webhook, Optional.of(limits));
  }

  /** The JSON document, members that are not set left out; {@code {}} for {@link #NONE}. */
  public String toJson() {
    return RouteProtectionJson.write(this);
  }

  /**
   * Reads the JSON document. Throws GustException (InvalidParameterValueException) naming the
   * member that is wrong and what it should be.
   */
  public static RouteProtection fromJson(String json) {
    return RouteProtectionJson.read(json);
  }

  @Override
  public String toString() {
    return "RouteProtection[jwt=" + jwt.map(JwtAuthorizer::issuer).orElse("none")
        + ", apiKeyRequired=" + apiKeyRequired + ", webhook=" + webhook.map(Object::toString)
        .orElse("none") + ", throttle=" + throttle.map(Object::toString).orElse("none") + "]";
  }
}

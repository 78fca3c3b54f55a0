package dev.gust.gateway;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The gateway's own refusals, with API Gateway's status codes and bodies: {@code 401
 * {"message":"Unauthorized"}}, {@code 403 {"message":"Forbidden"}}, {@code 429
 * {"message":"Too Many Requests"}} for throttling, {@code 429 {"message":"Limit Exceeded"}} for an
 * exhausted usage plan quota, and {@code 503 {"message":"Service Unavailable"}}.
 */
final class Denials {
  private Denials() {}

  static DoorDecision.Deny unauthorized(String reason) {
    return new DoorDecision.Deny(json(401, "Unauthorized"), reason);
  }

  /** A 401 with a {@code WWW-Authenticate} challenge, as JWT authorizers answer. */
  static DoorDecision.Deny unauthorized(String wwwAuthenticate, String reason) {
    return new DoorDecision.Deny(json(401, "Unauthorized", "WWW-Authenticate", wwwAuthenticate),
        reason);
  }

  static DoorDecision.Deny forbidden(String reason) {
    return new DoorDecision.Deny(json(403, "Forbidden"), reason);
  }

  /** A 403 with a {@code WWW-Authenticate} challenge (a JWT without the route's scopes). */
  static DoorDecision.Deny forbidden(String wwwAuthenticate, String reason) {
    return new DoorDecision.Deny(json(403, "Forbidden", "WWW-Authenticate", wwwAuthenticate),
        reason);
  }

  static DoorDecision.Deny tooManyRequests(long retryAfterSeconds, String reason) {
    return new DoorDecision.Deny(
        json(429, "Too Many Requests", "Retry-After", Long.toString(retryAfterSeconds)), reason);
  }

  static DoorDecision.Deny limitExceeded(long retryAfterSeconds, String reason) {
    return new DoorDecision.Deny(
        json(429, "Limit Exceeded", "Retry-After", Long.toString(retryAfterSeconds)), reason);
  }

  static DoorDecision.Deny unavailable(String reason) {
    return new DoorDecision.Deny(json(503, "Service Unavailable"), reason);
  }

  /**
   * Whole seconds a client should wait for something {@code nanos} away: rounded up, and at least
   * 1 (a {@code Retry-After: 0} invites an immediate retry that would fail again).
   */
  static long retryAfterSeconds(long nanos) {
    long seconds = nanos / 1_000_000_000L + (nanos % 1_000_000_000L > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }

  private static GatewayResponse json(int status, String message, String... extraHeader) {
    byte[] body = ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    return extraHeader.length == 0
        ? new GatewayResponse(status, List.of(Map.entry("Content-Type", "application/json")), body)
        : new GatewayResponse(status, List.of(Map.entry("Content-Type", "application/json"),
            Map.entry(extraHeader[0], extraHeader[1])), body);
  }
}

package dev.gust.gateway;

import dev.gust.core.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Protection at the door: everything a route demands of a request before its function may run,
 * checked in one call.
 *
 * <p>The checks run in this order, cheapest and least revealing first, and the first refusal is
 * the answer:
 *
 * <ol>
 *   <li>the route's throttle ({@link RouteThrottler}): 429 {@code Too Many Requests};
 *   <li>the API key and its usage plan ({@link KeyedRateLimiter}): 403 {@code Forbidden}, 429
 *       {@code Too Many Requests} or 429 {@code Limit Exceeded};
 *   <li>the webhook signature ({@link WebhookVerifier}): 401 {@code Unauthorized};
 *   <li>the JWT authorizer ({@link JwtVerifier}): 401 {@code Unauthorized}, 403 {@code Forbidden},
 *       or 503 when the issuer's keys cannot be had.
 * </ol>
 *
 * <p>Throttling first is what API Gateway does: a flood is turned away before any key lookup,
 * HMAC or signature check is spent on it. The API key comes before the authorizers here, as the
 * platform's brief orders it; API Gateway REST APIs run their authorizer before the usage plan,
 * which differs only in which refusal a request with both a bad key and a bad token gets. A
 * request refused at one step has spent what the steps before it took: a route token, and an API
 * key's token and quota when a later step refuses it. The function never runs on a refusal; the
 * caller must invoke it only on {@link DoorDecision.Allow}, and answer CORS preflights before
 * calling this (preflights carry no credentials, and API Gateway answers them without
 * authorizing).
 *
 * <p>Thread-safe; one instance serves the whole gateway, since its throttles and key counters must
 * be shared by every request.
 */
public final class DoorPolicy {
  private final RouteThrottler throttler;
  private final KeyedRateLimiter apiKeys;
  private final JwtVerifier jwt;
  private final Clock clock;

  /** A policy with its own throttler, key limiter and JWT verifier (default key caching). */
  public DoorPolicy(ApiKeys keys, JwksSource jwks, Clock clock) {
    this(new RouteThrottler(clock), new KeyedRateLimiter(keys, clock), new JwtVerifier(jwks, clock),
        clock);
  }

  public DoorPolicy(RouteThrottler throttler, KeyedRateLimiter apiKeys, JwtVerifier jwt,
      Clock clock) {
    this.throttler = Objects.requireNonNull(throttler, "throttler");
    this.apiKeys = Objects.requireNonNull(apiKeys, "apiKeys");
    this.jwt = Objects.requireNonNull(jwt, "jwt");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Decides whether {@code request} may reach the function behind a route.
   *
   * @param routeId the route (or function URL) id, which keys the route's throttle bucket
   * @param protection the route's settings
   * @param request the request as received, body included (webhook signatures cover it)
   * @return {@link DoorDecision.Allow}, carrying the JWT authorizer's context and the API key's id
   *     when there were such checks, or {@link DoorDecision.Deny} with the response to send
   */
  public DoorDecision admit(String routeId, RouteProtection protection, GatewayRequest request) {
    if (protection.throttle().isPresent()) {
      DoorDecision d = throttler.check(routeId, protection.throttle().get());
      if (!d.allowed()) {
        return d;
      }
    }
    Optional<String> apiKeyId = Optional.empty();
    if (protection.apiKeyRequired()) {
      DoorDecision d = apiKeys.check(request);
      if (!(d instanceof DoorDecision.Allow allow)) {
        return d;
      }
      apiKeyId = allow.apiKeyId();
    }
    if (protection.webhook().isPresent()) {
      DoorDecision d = WebhookVerifier.check(protection.webhook().get(), request, clock.now());
      if (!d.allowed()) {
        return d;
      }
    }
    if (protection.jwt().isPresent()) {
      DoorDecision d = jwt.verify(protection.jwt().get(), request);
      if (!(d instanceof DoorDecision.Allow allow)) {
        return d;
      }
      return new DoorDecision.Allow(allow.authorizer(), apiKeyId);
    }
    return apiKeyId.isEmpty()
        ? DoorDecision.Allow.plain()
        : new DoorDecision.Allow(Optional.empty(), apiKeyId);
  }
}

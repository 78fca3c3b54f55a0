package dev.gust.gateway;

import dev.gust.core.Clock;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-route throttling, as API Gateway's route-level {@code ThrottlingRateLimit} and {@code
 * ThrottlingBurstLimit} do: one token bucket per route, shared by every client of the route. A
 * request over the limit gets {@code 429 {"message":"Too Many Requests"}} with a {@code
 * Retry-After} of the whole seconds until the next token (at least 1); API Gateway sends no
 * Retry-After, Gust does because it costs nothing and helps clients back off.
 *
 * <p>Thread-safe. Holds one bucket per route it has seen; call {@link #forget} when a route is
 * deleted.
 */
public final class RouteThrottler {
  private final Clock clock;
  private final ConcurrentMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  public RouteThrottler(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Takes a token from the route's bucket, or denies the request when there is none. */
  public DoorDecision check(String routeId, Throttle throttle) {
    long now = clock.nanoTime();
    TokenBucket bucket = buckets.computeIfAbsent(
        routeId, id -> new TokenBucket(throttle.rateLimit(), throttle.burstLimit(), now));
    long wait = bucket.tryTake(throttle.rateLimit(), throttle.burstLimit(), now);
    if (wait == 0) {
      return DoorDecision.Allow.plain();
    }
    return Denials.tooManyRequests(Denials.retryAfterSeconds(wait),
        "Route " + routeId + " is over its throttle of " + throttle.rateLimit()
            + " requests a second (burst " + throttle.burstLimit() + ").");
  }

  /** Drops the bucket of a deleted route. */
  public void forget(String routeId) {
    buckets.remove(routeId);
  }
}

package dev.gust.gateway;

import dev.gust.core.ApiKey;
import dev.gust.core.UsagePlan;
import dev.gust.core.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * API keys with usage plans, as API Gateway enforces them for a route that requires a key.
 *
 * <p>A request is decided in this order:
 *
 * <ol>
 *   <li>no {@code x-api-key} header, or a value no key has: {@code 403 {"message":"Forbidden"}}
 *       (API Gateway does not say which of the two it was, and neither does Gust);
 *   <li>the key's daily quota is spent: {@code 429 {"message":"Limit Exceeded"}}, API Gateway's
 *       body for an exhausted quota, with {@code Retry-After} the seconds until the next midnight
 *       UTC;
 *   <li>the key's token bucket is empty: {@code 429 {"message":"Too Many Requests"}} with {@code
 *       Retry-After} the whole seconds until its next token (at least 1);
 *   <li>otherwise the request takes a token and counts against the day's quota.
 * </ol>
 *
 * <p>A refused request costs neither a token nor quota. Buckets and counters are kept per key id,
 * so two routes in one plan share a key's limits, as they share a stage in API Gateway. Counters
 * live in memory: a restart forgets the day's count (one server; a cluster would count in the
 * store). Time comes from the {@link Clock}: the bucket from {@code nanoTime()}, the UTC day from
 * {@code now()}. Thread-safe: one lock per key, held only for arithmetic.
 */
public final class KeyedRateLimiter {
  /** The header clients send their key in, as API Gateway reads it (any case). */
  public static final String HEADER = "x-api-key";

  private final ApiKeys keys;
  private final Clock clock;
  private final ConcurrentMap<String, Usage> usageByKeyId = new ConcurrentHashMap<>();

  public KeyedRateLimiter(ApiKeys keys, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Decides for a request by its {@code x-api-key} header. */
  public DoorDecision check(GatewayRequest request) {
    return check(request.header(HEADER));
  }

  /**
   * Decides for a key value; empty when the request carried none. An allowed request's {@link
   * DoorDecision.Allow#apiKeyId()} names the key.
   */
  public DoorDecision check(Optional<String> apiKeyValue) {
    if (apiKeyValue.isEmpty() || apiKeyValue.get().isEmpty()) {
      return Denials.forbidden("The route requires an API key and the request has no x-api-key.");
    }
    Optional<ApiKeys.Subscription> found = keys.find(apiKeyValue.get());
    if (found.isEmpty()) {
      return Denials.forbidden("The request's x-api-key matches no API key.");
    }
    ApiKey key = found.get().key();
    UsagePlan plan = found.get().plan();
    long nanos = clock.nanoTime();
    Instant now = clock.now();
    Usage usage = usageByKeyId.computeIfAbsent(
        key.id(), id -> new Usage(new TokenBucket(plan.ratePerSecond(), plan.burst(), nanos)));
    return usage.admit(key, plan, nanos, now);
  }

  /** Drops the counters of a deleted key. */
  public void forget(String keyId) {
    usageByKeyId.remove(keyId);
  }

  /** One key's bucket and today's count. */
  private static final class Usage {
    private final ReentrantLock lock = new ReentrantLock();
    private final TokenBucket bucket;
    private LocalDate day = LocalDate.MIN;
    private long usedToday;

    Usage(TokenBucket bucket) {
      this.bucket = bucket;
    }

    DoorDecision admit(ApiKey key, UsagePlan plan, long nanos, Instant now) {
      lock.lock();
      try {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (!today.equals(day)) {
          day = today;
          usedToday = 0;
        }
        if (plan.dailyQuota().isPresent() && usedToday >= plan.dailyQuota().getAsLong()) {
          Instant midnight = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
          long wait = Duration.between(now, midnight).toNanos();
          return Denials.limitExceeded(Denials.retryAfterSeconds(wait),
              "API key " + key.id() + " has used its daily quota of "
                  + plan.dailyQuota().getAsLong() + " requests in usage plan " + plan.id() + ".");
        }
        long wait = bucket.tryTake(plan.ratePerSecond(), plan.burst(), nanos);
        if (wait > 0) {
          return Denials.tooManyRequests(Denials.retryAfterSeconds(wait),
              "API key " + key.id() + " is over the throttle of usage plan " + plan.id() + " ("
                  + plan.ratePerSecond() + " requests a second, burst " + plan.burst() + ").");
        }
        usedToday++;
        return new DoorDecision.Allow(Optional.empty(), Optional.of(key.id()));
      } finally {
        lock.unlock();
      }
    }
  }
}

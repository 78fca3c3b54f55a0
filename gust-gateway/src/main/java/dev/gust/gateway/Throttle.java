package dev.gust.gateway;

import dev.gust.core.UsagePlan;

/**
 * Throttling limits, as API Gateway's route settings and usage plans spell them: a steady rate and
 * a burst, enforced with a token bucket ({@link TokenBucket}).
 *
 * @param rateLimit requests a second, steady state (a fraction such as 0.5 is allowed); above 0
 * @param burstLimit the most requests served at once after a quiet spell; at least 1
 */
public record Throttle(double rateLimit, int burstLimit) {
  public Throttle {
    UsagePlan.requireLimits("Throttle", rateLimit, burstLimit);
  }
}

package dev.gust.gateway;

import dev.gust.core.GustException;

/**
 * Throttling limits, as API Gateway's route settings and usage plans spell them: a steady rate and
 * a burst, enforced with a token bucket ({@link TokenBucket}).
 *
 * @param rateLimit requests a second, steady state (a fraction such as 0.5 is allowed); above 0
 * @param burstLimit the most requests served at once after a quiet spell; at least 1
 */
public record Throttle(double rateLimit, int burstLimit) {
  /** Far above anything one Gust server can serve; a guard against typos such as 1e12. */
  static final double MAX_RATE = 1_000_000;

  static final int MAX_BURST = 1_000_000;

  public Throttle {
    requireLimits("Throttle", rateLimit, burstLimit);
  }

  /** Checks a rate and burst pair; {@code what} names the setting in the error message. */
  static void requireLimits(String what, double rate, long burst) {
    if (!(rate > 0) || rate > MAX_RATE) {
      throw GustException.invalidParameter(what + ".RateLimit must be above 0 and at most "
          + (long) MAX_RATE + " requests a second, not " + rate + ".");
    }
    if (burst < 1 || burst > MAX_BURST) {
      throw GustException.invalidParameter(what + ".BurstLimit must be between 1 and "
          + MAX_BURST + ", not " + burst + ".");
    }
  }
}

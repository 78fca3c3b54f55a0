package dev.gust.core;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A usage plan, as API Gateway defines them for API keys: each key in the plan gets its own token
 * bucket ({@code ratePerSecond}, {@code burst}) and, optionally, a number of requests per day.
 *
 * <p>Days are UTC days, from midnight to midnight; API Gateway also offers weekly and monthly
 * quotas, which Gust does not (yet).
 *
 * @param id a stable id
 * @param name a human name
 * @param ratePerSecond each key's steady rate; above 0
 * @param burst each key's burst; at least 1
 * @param dailyQuota requests each key may make per UTC day; empty for no quota, 0 to suspend
 */
public record UsagePlan(
    String id, String name, double ratePerSecond, int burst, OptionalLong dailyQuota) {

  public UsagePlan {
    if (id == null || id.isBlank()) {
      throw GustException.invalidParameter("UsagePlan.Id is required.");
    }
    Objects.requireNonNull(name, "name");
    requireLimits("UsagePlan.Throttle", ratePerSecond, burst);
    Objects.requireNonNull(dailyQuota, "dailyQuota: use OptionalLong.empty() for no quota");
    if (dailyQuota.isPresent() && dailyQuota.getAsLong() < 0) {
      throw GustException.invalidParameter(
          "UsagePlan.Quota.Limit must be 0 or more, not " + dailyQuota.getAsLong() + ".");
    }
  }

  /** Far above anything one Gust server can serve; a guard against typos such as 1e12. */
  static final double MAX_RATE = 1_000_000;

  static final int MAX_BURST = 1_000_000;

  /**
   * Checks a rate and burst pair, as usage plans and route throttles spell them; {@code what} names
   * the setting in the error message.
   */
  public static void requireLimits(String what, double rate, long burst) {
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

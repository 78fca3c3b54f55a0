package dev.gust.gateway;

import dev.gust.core.GustException;
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
    Throttle.requireLimits("UsagePlan.Throttle", ratePerSecond, burst);
    Objects.requireNonNull(dailyQuota, "dailyQuota: use OptionalLong.empty() for no quota");
    if (dailyQuota.isPresent() && dailyQuota.getAsLong() < 0) {
      throw GustException.invalidParameter(
          "UsagePlan.Quota.Limit must be 0 or more, not " + dailyQuota.getAsLong() + ".");
    }
  }
}

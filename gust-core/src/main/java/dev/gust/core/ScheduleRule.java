package dev.gust.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A schedule that invokes a function, as stored: EventBridge Scheduler's fields, kept as text
 * (the schedule module parses and checks them).
 *
 * @param name unique, 1 to 64 letters, digits, '.', '_' or '-'
 * @param functionName the target function
 * @param qualifier its alias or version, or empty for $LATEST
 * @param expression {@code rate(...)}, {@code cron(...)} or {@code at(...)}
 * @param timezone an IANA zone name ({@code UTC} by default)
 * @param missedRuns what to do with runs missed while the server was down: {@code FIRE_ONCE} or
 *     {@code SKIP}
 * @param input the event to send instead of EventBridge's Scheduled Event, if any (JSON)
 * @param enabled whether it fires
 * @param created when it was created (a rate schedule counts from here)
 * @param lastFired the last scheduled time that was fired (or skipped), if any
 */
public record ScheduleRule(
    String name,
    String functionName,
    Optional<String> qualifier,
    String expression,
    String timezone,
    String missedRuns,
    Optional<String> input,
    boolean enabled,
    Instant created,
    Optional<Instant> lastFired) {

  public ScheduleRule {
    if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw GustException.invalidParameter(
          "The schedule name must be 1 to 64 letters, digits, '.', '_' or '-', not '" + name + "'.");
    }
    Objects.requireNonNull(functionName);
    Objects.requireNonNull(qualifier);
    Objects.requireNonNull(expression);
    Objects.requireNonNull(timezone);
    if (!missedRuns.equals("FIRE_ONCE") && !missedRuns.equals("SKIP")) {
      throw GustException.invalidParameter(
          "MissedRuns must be FIRE_ONCE or SKIP, not '" + missedRuns + "'.");
    }
    Objects.requireNonNull(input);
    Objects.requireNonNull(created);
    Objects.requireNonNull(lastFired);
  }

  public Arns.FunctionRef target() {
    return new Arns.FunctionRef(functionName, qualifier);
  }

  public ScheduleRule withLastFired(Instant at) {
    return new ScheduleRule(name, functionName, qualifier, expression, timezone, missedRuns, input,
        enabled, created, Optional.of(at));
  }
}

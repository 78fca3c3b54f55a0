package dev.gust.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a schedule owes at start-up: the scheduled times to fire now, the span of times that were
 * missed, and when it fires next. A pure function of the schedule, the last scheduled time the
 * caller recorded as fired, and the current time.
 *
 * <p>No scheduled time is ever returned twice: everything returned lies strictly after {@code
 * lastFired}, and the caller stores {@link #checkpoint()} as its new {@code lastFired} once the
 * runs in {@link #due()} have been handed over (also under {@link MissedRunPolicy#SKIP}, so that
 * skipped times are not reconsidered at the next start-up). A clock that went backwards (now before
 * {@code lastFired}) owes nothing.
 *
 * @param due the scheduled times to fire now, oldest first: one or none
 * @param firstMissed the earliest scheduled time in ({@code lastFired}, now], if any
 * @param lastMissed the latest scheduled time in ({@code lastFired}, now], if any
 * @param next the first scheduled time after now, if the schedule has not ended
 */
public record Catchup(
    List<Instant> due,
    Optional<Instant> firstMissed,
    Optional<Instant> lastMissed,
    Optional<Instant> next) {

  public Catchup {
    due = List.copyOf(due);
    Objects.requireNonNull(firstMissed, "firstMissed");
    Objects.requireNonNull(lastMissed, "lastMissed");
    Objects.requireNonNull(next, "next");
  }

  /**
   * Plans start-up for one schedule.
   *
   * @param lastFired the last scheduled time fired before the server stopped; empty if the schedule
   *     never fired, in which case its first time counts (see {@link Schedule#first()})
   * @param now the current time, from the injected clock
   */
  public static Catchup plan(
      Schedule schedule, Optional<Instant> lastFired, Instant now, MissedRunPolicy policy) {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(lastFired, "lastFired");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(policy, "policy");
    Optional<Instant> next = schedule.nextAfter(lastFired.filter(now::isBefore).orElse(now));
    Optional<Instant> first =
        lastFired.isPresent() ? schedule.nextAfter(lastFired.get()) : schedule.first();
    if (first.isEmpty() || first.get().isAfter(now)) {
      return new Catchup(List.of(), Optional.empty(), Optional.empty(), next);
    }
    Instant last = schedule.latestAtOrBefore(now).orElseThrow();
    List<Instant> due = policy == MissedRunPolicy.FIRE_ONCE ? List.of(last) : List.of();
    return new Catchup(due, first, Optional.of(last), next);
  }

  /** The scheduled time to record as last fired after this plan, if it changes anything. */
  public Optional<Instant> checkpoint() {
    return lastMissed;
  }
}

package dev.gust.schedule;

import dev.gust.core.GustException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRulesException;
import java.util.Objects;
import java.util.Optional;

/**
 * A schedule expression evaluated in a time zone, between optional start and end dates: the fire
 * times of one EventBridge Scheduler schedule.
 *
 * <h2>What fires when</h2>
 *
 * <ul>
 *   <li><b>cron</b>: every wall-clock minute in {@link #zone} that the fields match, at or after
 *       {@link #anchor} and {@link #start}, up to {@link #end} (both inclusive: AWS says runs
 *       "might occur on, or after, the StartDate" and "might stop on, or before, the EndDate").
 *   <li><b>rate</b>: every {@link ScheduleExpression.Rate#period() period}, counted from the first
 *       occurrence, which is {@link #start} when given and {@link #anchor} otherwise. AWS: "you use
 *       the StartDate property to set the first occurrence of the schedule. If you do not provide a
 *       StartDate for a rate-based schedule, your schedule starts invoking its target immediately"
 *       (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html). Pass the
 *       schedule's creation time as the anchor. A start date before the anchor keeps the grid it
 *       defines but drops its occurrences before the anchor.
 *   <li><b>at</b>: once, at that wall-clock time in {@link #zone}, if that is not before the anchor
 *       (a one-time schedule created after its time never fires). Start and end dates do not apply:
 *       "EventBridge Scheduler ignores StartDate for one-time schedules" (CreateSchedule,
 *       https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html).
 * </ul>
 *
 * <h2>Daylight saving time</h2>
 *
 * <p>AWS documents the rule in "How can I adjust my Amazon EventBridge schedule for daylight
 * saving?" (https://repost.aws/knowledge-center/eventbridge-scheduler-adjust-dst, marked AWS
 * Official); the EventBridge Scheduler User Guide covers the same ground in its section
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#daylist-savings-time.
 * The words quoted here are the article's:
 *
 * <blockquote>
 *
 * When the time shifts forward in Spring, your schedule invocation gets skipped if the cron
 * expression falls on a non-existent date and time. When the time shifts back in the Fall, your
 * schedule runs only once and doesn't repeat its invocation. [...] in a rate-based schedule that
 * uses days as the unit, days represents a 24-hour duration on the clock. [...] the EventBridge
 * Scheduler evaluates the rate expression 24 hours after the schedule's last invocation.
 *
 * </blockquote>
 *
 * <p>So, here:
 *
 * <ol>
 *   <li><b>cron, spring forward</b>: a matching time inside the gap is skipped; nothing fires in
 *       its place ({@code cron(30 2 * * ? *)} in New York does not run on the night clocks jump
 *       from 02:00 to 03:00).
 *   <li><b>cron, fall back</b>: each matching wall-clock time fires once, at its first occurrence
 *       (the one before the transition; the documentation says "only once" without saying which,
 *       Gust picks the first). A consequence worth knowing: {@code cron(0 * * * ? *)} in New York
 *       fires at 01:00 EDT and next at 02:00 EST, two hours later, because 01:00 EST is the same
 *       wall-clock time again.
 *   <li><b>rate</b>: fixed durations (a day is 24 hours), unaffected by the zone.
 *   <li><b>at, in a gap</b> (the documentation is silent): the run moves later by the length of the
 *       gap ({@code at(2025-03-09T02:30:00)} in New York fires at 03:30 EDT, which is the instant
 *       02:30 EST would have been). Skipping it, as for cron, would mean a one-time schedule that
 *       silently never runs.
 *   <li><b>at, in an overlap</b> (silent too): the first occurrence, as for cron.
 * </ol>
 *
 * <p>Zones whose daylight saving shift is not an hour work the same way: on Lord Howe Island
 * ({@code Australia/Lord_Howe}) the gap and the overlap last 30 minutes.
 *
 * @param expression when it fires
 * @param zone the IANA time zone cron and at expressions are read in; UTC by default
 * @param anchor when the schedule began (its creation time): nothing fires before it
 * @param start the optional StartDate: nothing fires before it; a rate's first occurrence
 * @param end the optional EndDate: nothing recurring fires after it
 */
public record Schedule(
    ScheduleExpression expression,
    ZoneId zone,
    Instant anchor,
    Optional<Instant> start,
    Optional<Instant> end) {

  /** The last instant any cron expression can match: 2199-12-31T23:59 in the furthest zone. */
  private static final Instant LAST_CRON_INSTANT =
      LocalDateTime.of(CronParser.MAX_YEAR, 12, 31, 23, 59).toInstant(ZoneOffset.MIN);

  public Schedule {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(anchor, "anchor");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
      throw GustException.invalidParameter(
          "The schedule's EndDate ("
              + end.get()
              + ") is before its StartDate ("
              + start.get()
              + "). Example: StartDate 2030-01-01T00:00:00Z, EndDate 2030-12-31T23:59:59Z.");
    }
  }

  /** A schedule in {@code zone} with no start or end date. */
  public static Schedule of(ScheduleExpression expression, ZoneId zone, Instant anchor) {
    return new Schedule(expression, zone, anchor, Optional.empty(), Optional.empty());
  }

  /** A schedule in UTC, EventBridge Scheduler's default zone, with no start or end date. */
  public static Schedule utc(ScheduleExpression expression, Instant anchor) {
    return of(expression, ZoneOffset.UTC, anchor);
  }

  public Schedule withStart(Instant start) {
    return new Schedule(expression, zone, anchor, Optional.of(start), end);
  }

  public Schedule withEnd(Instant end) {
    return new Schedule(expression, zone, anchor, start, Optional.of(end));
  }

  /**
   * Reads a {@code ScheduleExpressionTimezone}: an IANA name such as {@code America/New_York}, or
   * {@code UTC}. Fixed offsets such as {@code +02:00} are refused: they have no daylight saving
   * time and AWS does not take them.
   */
  public static ZoneId parseZone(String name) {
    String example = " Example: America/New_York, Europe/Berlin or UTC.";
    if (name == null || name.isBlank()) {
      throw GustException.invalidParameter("The time zone is empty." + example);
    }
    if (name.equals("UTC")) {
      return ZoneOffset.UTC;
    }
    if (!name.contains("/") && !ZoneId.getAvailableZoneIds().contains(name)) {
      throw GustException.invalidParameter(
          "The time zone '" + name + "' is not an IANA time zone name." + example);
    }
    try {
      return ZoneId.of(name);
    } catch (ZoneRulesException e) {
      throw GustException.invalidParameter(
          "The time zone '" + name + "' is not a known IANA time zone." + example);
    } catch (DateTimeException e) {
      throw GustException.invalidParameter(
          "The time zone '" + name + "' is not an IANA time zone name." + example);
    }
  }

  /** The first fire time: the earliest at or after the anchor (and the start date, if any). */
  public Optional<Instant> first() {
    return firstAtOrAfter(begin());
  }

  /** The next fire time strictly after {@code after}; empty when the schedule has ended. */
  public Optional<Instant> nextAfter(Instant after) {
    Objects.requireNonNull(after, "after");
    if (after.equals(Instant.MAX)) {
      return Optional.empty();
    }
    return firstAtOrAfter(after.plusNanos(1));
  }

  /** The latest fire time at or before {@code time}; empty when none is. */
  Optional<Instant> latestAtOrBefore(Instant time) {
    Instant cap = recurring() && end.isPresent() && end.get().isBefore(time) ? end.get() : time;
    if (cap.isBefore(begin())) {
      return Optional.empty();
    }
    return switch (expression) {
      case ScheduleExpression.At at -> {
        Instant once = WallClock.oneTime(at.time(), zone);
        yield once.isAfter(cap) || once.isBefore(anchor) ? Optional.empty() : Optional.of(once);
      }
      case ScheduleExpression.Rate rate -> {
        Instant origin = start.orElse(anchor);
        if (cap.isBefore(origin)) {
          yield Optional.empty();
        }
        long periods = Duration.between(origin, cap).getSeconds() / rate.period().getSeconds();
        Instant last = origin.plusSeconds(periods * rate.period().getSeconds());
        yield last.isBefore(begin()) ? Optional.empty() : Optional.of(last);
      }
      case ScheduleExpression.Cron cron -> latestCronAtOrBefore(cap);
    };
  }

  /**
   * Binary search over seconds, since cron times fall on whole seconds: keep {@code low} a fire
   * time at or before {@code cap}, and {@code high} a second with no fire time from it to {@code
   * cap}. About 33 probes cover two centuries.
   */
  private Optional<Instant> latestCronAtOrBefore(Instant cap) {
    Optional<Instant> first = firstAtOrAfter(begin());
    if (first.isEmpty() || first.get().isAfter(cap)) {
      return Optional.empty();
    }
    long low = first.get().getEpochSecond();
    long high = cap.getEpochSecond() + 1;
    while (high - low > 1) {
      long mid = low + (high - low) / 2;
      Optional<Instant> next = firstAtOrAfter(Instant.ofEpochSecond(mid));
      if (next.isPresent() && !next.get().isAfter(cap)) {
        low = next.get().getEpochSecond();
      } else {
        high = mid;
      }
    }
    return Optional.of(Instant.ofEpochSecond(low));
  }

  private boolean recurring() {
    return !(expression instanceof ScheduleExpression.At);
  }

  /** Nothing fires before this: the anchor, or the start date when later (not for at()). */
  private Instant begin() {
    if (recurring() && start.isPresent() && start.get().isAfter(anchor)) {
      return start.get();
    }
    return anchor;
  }

  private Optional<Instant> firstAtOrAfter(Instant lowerBound) {
    Instant from = lowerBound.isBefore(begin()) ? begin() : lowerBound;
    Optional<Instant> found =
        switch (expression) {
          case ScheduleExpression.At at -> {
            Instant once = WallClock.oneTime(at.time(), zone);
            yield once.isBefore(from) ? Optional.empty() : Optional.of(once);
          }
          case ScheduleExpression.Rate rate -> Optional.of(rateAtOrAfter(rate, from));
          case ScheduleExpression.Cron cron -> cronAtOrAfter(cron, from);
        };
    return recurring() && end.isPresent() ? found.filter(t -> !t.isAfter(end.get())) : found;
  }

  private Instant rateAtOrAfter(ScheduleExpression.Rate rate, Instant from) {
    Instant origin = start.orElse(anchor);
    if (!from.isAfter(origin)) {
      return origin;
    }
    long period = rate.period().getSeconds();
    Duration since = Duration.between(origin, from);
    long periods = since.getSeconds() / period;
    if (since.getSeconds() % period != 0 || since.getNano() != 0) {
      periods++;
    }
    return origin.plusSeconds(periods * period);
  }

  /**
   * Walks matching wall-clock minutes from the one {@code from} falls in. Mapping wall-clock
   * minutes to instants with {@link WallClock#recurring} never goes backwards in time (gaps have no
   * instant, overlaps keep their first), so the first mapped match at or after {@code from} is the
   * answer; the loop only steps over matches inside a gap or before {@code from} within a repeated
   * hour.
   */
  private Optional<Instant> cronAtOrAfter(ScheduleExpression.Cron cron, Instant from) {
    if (from.isAfter(LAST_CRON_INSTANT)) {
      return Optional.empty();
    }
    LocalDateTime candidate = LocalDateTime.ofInstant(from, zone);
    while (true) {
      Optional<LocalDateTime> match = cron.nextMatch(candidate);
      if (match.isEmpty()) {
        return Optional.empty();
      }
      Optional<Instant> instant = WallClock.recurring(match.get(), zone);
      if (instant.isPresent() && !instant.get().isBefore(from)) {
        return instant;
      }
      candidate = match.get().plusMinutes(1);
    }
  }
}

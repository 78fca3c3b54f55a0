package dev.gust.schedule;

import static dev.gust.schedule.Fixtures.in;
import static dev.gust.schedule.Fixtures.instants;
import static dev.gust.schedule.Fixtures.t;
import static dev.gust.schedule.Fixtures.utc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatchupTest {
  private static final Schedule HOURLY =
      Schedule.utc(ScheduleExpression.parse("rate(1 hour)"), t("2025-01-01T00:00:00Z"));

  @Test
  void fireOnceFiresTheLatestMissedTimeForAllOfThem() {
    Catchup c =
        Catchup.plan(
            HOURLY,
            Optional.of(t("2025-01-01T03:00:00Z")),
            t("2025-01-01T07:30:00Z"),
            MissedRunPolicy.FIRE_ONCE);
    assertEquals(instants("2025-01-01T07:00:00Z"), c.due());
    assertEquals(Optional.of(t("2025-01-01T04:00:00Z")), c.firstMissed());
    assertEquals(Optional.of(t("2025-01-01T07:00:00Z")), c.lastMissed());
    assertEquals(Optional.of(t("2025-01-01T07:00:00Z")), c.checkpoint());
    assertEquals(Optional.of(t("2025-01-01T08:00:00Z")), c.next());
  }

  @Test
  void skipFiresNothingButStillMovesTheCheckpoint() {
    Catchup c =
        Catchup.plan(
            HOURLY,
            Optional.of(t("2025-01-01T03:00:00Z")),
            t("2025-01-01T07:30:00Z"),
            MissedRunPolicy.SKIP);
    assertEquals(List.of(), c.due());
    assertEquals(Optional.of(t("2025-01-01T04:00:00Z")), c.firstMissed());
    assertEquals(Optional.of(t("2025-01-01T07:00:00Z")), c.checkpoint());
    assertEquals(Optional.of(t("2025-01-01T08:00:00Z")), c.next());
  }

  @Test
  void fireOnceIsTheDefault() {
    assertEquals(MissedRunPolicy.FIRE_ONCE, MissedRunPolicy.DEFAULT);
  }

  @Test
  void nothingMissedMeansNothingDue() {
    Catchup c =
        Catchup.plan(
            HOURLY,
            Optional.of(t("2025-01-01T07:00:00Z")),
            t("2025-01-01T07:30:00Z"),
            MissedRunPolicy.FIRE_ONCE);
    assertEquals(List.of(), c.due());
    assertEquals(Optional.empty(), c.firstMissed());
    assertEquals(Optional.empty(), c.checkpoint());
    assertEquals(Optional.of(t("2025-01-01T08:00:00Z")), c.next());
  }

  @Test
  void aTimeEqualToNowIsDueNowAndNotNext() {
    Catchup c =
        Catchup.plan(
            HOURLY,
            Optional.of(t("2025-01-01T06:00:00Z")),
            t("2025-01-01T07:00:00Z"),
            MissedRunPolicy.FIRE_ONCE);
    assertEquals(instants("2025-01-01T07:00:00Z"), c.due());
    assertEquals(Optional.of(t("2025-01-01T08:00:00Z")), c.next());
  }

  @Test
  void planningAgainAfterTheCheckpointFiresNothingTwice() {
    Instant now = t("2025-01-01T07:30:00Z");
    Catchup first =
        Catchup.plan(
            HOURLY, Optional.of(t("2025-01-01T03:00:00Z")), now, MissedRunPolicy.FIRE_ONCE);
    Catchup again = Catchup.plan(HOURLY, first.checkpoint(), now, MissedRunPolicy.FIRE_ONCE);
    assertEquals(List.of(), again.due());
    assertEquals(first.next(), again.next());
  }

  @Test
  void manyRestartsNeverFireAScheduledTimeTwiceNorOutOfOrder() {
    Schedule s = in("Europe/Berlin", "cron(0/20 * * * ? *)");
    List<Instant> fired = new ArrayList<>();
    Optional<Instant> lastFired = Optional.empty();
    Instant now = t("2025-10-25T22:05:00Z");
    Duration[] steps = {
      Duration.ofMinutes(7),
      Duration.ofMinutes(45),
      Duration.ZERO,
      Duration.ofHours(3),
      Duration.ofMinutes(1),
      Duration.ofMinutes(20),
      Duration.ofHours(26)
    };
    for (int round = 0; round < 40; round++) {
      MissedRunPolicy policy = round % 3 == 0 ? MissedRunPolicy.SKIP : MissedRunPolicy.FIRE_ONCE;
      Catchup c = Catchup.plan(s, lastFired, now, policy);
      fired.addAll(c.due());
      if (c.checkpoint().isPresent()) {
        lastFired = c.checkpoint();
      }
      c.next().ifPresent(n -> assertTrue(n.isAfter(t("2025-10-25T22:05:00Z"))));
      now = now.plus(steps[round % steps.length]);
    }
    assertTrue(fired.size() > 10, fired.toString());
    for (int i = 1; i < fired.size(); i++) {
      assertTrue(fired.get(i).isAfter(fired.get(i - 1)), fired.toString());
    }
  }

  @Test
  void aScheduleThatNeverFiredCatchesUpFromItsFirstTime() {
    Schedule s =
        Schedule.utc(ScheduleExpression.parse("cron(0 12 * * ? *)"), t("2025-01-01T00:00:00Z"));
    Catchup c =
        Catchup.plan(s, Optional.empty(), t("2025-01-03T13:00:00Z"), MissedRunPolicy.FIRE_ONCE);
    assertEquals(instants("2025-01-03T12:00:00Z"), c.due());
    assertEquals(Optional.of(t("2025-01-01T12:00:00Z")), c.firstMissed());
    assertEquals(Optional.of(t("2025-01-04T12:00:00Z")), c.next());
  }

  @Test
  void aRateThatNeverFiredOwesItsImmediateFirstRun() {
    Catchup c =
        Catchup.plan(
            HOURLY, Optional.empty(), t("2025-01-01T00:00:00Z"), MissedRunPolicy.FIRE_ONCE);
    assertEquals(instants("2025-01-01T00:00:00Z"), c.due());
  }

  @Test
  void aClockThatWentBackwardsOwesNothingAndWaitsPastTheLastFiredTime() {
    Catchup c =
        Catchup.plan(
            HOURLY,
            Optional.of(t("2025-01-01T07:00:00Z")),
            t("2025-01-01T05:00:00Z"),
            MissedRunPolicy.FIRE_ONCE);
    assertEquals(List.of(), c.due());
    assertEquals(Optional.of(t("2025-01-01T08:00:00Z")), c.next());
  }

  @Test
  void aMissedOneTimeScheduleFiresOnceAndThenIsDone() {
    Schedule s =
        Schedule.utc(
            ScheduleExpression.parse("at(2025-01-01T09:00:00)"), t("2024-12-01T00:00:00Z"));
    Catchup c =
        Catchup.plan(s, Optional.empty(), t("2025-01-02T00:00:00Z"), MissedRunPolicy.FIRE_ONCE);
    assertEquals(instants("2025-01-01T09:00:00Z"), c.due());
    assertEquals(Optional.empty(), c.next());
    assertEquals(
        List.of(),
        Catchup.plan(s, c.checkpoint(), t("2025-01-03T00:00:00Z"), MissedRunPolicy.FIRE_ONCE)
            .due());
  }

  @Test
  void aScheduleThatEndedDuringTheDowntimeFiresItsLastTime() {
    Schedule s = HOURLY.withEnd(t("2025-01-01T05:00:00Z"));
    Catchup c =
        Catchup.plan(
            s,
            Optional.of(t("2025-01-01T03:00:00Z")),
            t("2025-01-01T07:30:00Z"),
            MissedRunPolicy.FIRE_ONCE);
    assertEquals(instants("2025-01-01T05:00:00Z"), c.due());
    assertEquals(Optional.empty(), c.next());
  }

  @Test
  void aLongDowntimeFindsTheLatestCronTimeWithoutWalkingEveryOne() {
    Catchup daily =
        Catchup.plan(
            utc("cron(0 12 * * ? *)"),
            Optional.of(t("2025-01-01T12:00:00Z")),
            t("2027-06-15T11:00:00Z"),
            MissedRunPolicy.FIRE_ONCE);
    assertEquals(instants("2027-06-14T12:00:00Z"), daily.due());
    assertEquals(Optional.of(t("2025-01-02T12:00:00Z")), daily.firstMissed());

    Catchup minutely =
        Catchup.plan(
            utc("cron(* * * * ? *)"),
            Optional.of(t("2025-01-01T00:00:00Z")),
            t("2026-01-01T00:00:30Z"),
            MissedRunPolicy.FIRE_ONCE);
    assertEquals(instants("2026-01-01T00:00:00Z"), minutely.due());
    assertEquals(Optional.of(t("2025-01-01T00:01:00Z")), minutely.firstMissed());
    assertEquals(Optional.of(t("2026-01-01T00:01:00Z")), minutely.next());

    Catchup lastFriday =
        Catchup.plan(
            utc("cron(0 10 ? * 6L *)"),
            Optional.of(t("2025-01-31T10:00:00Z")),
            t("2025-12-31T00:00:00Z"),
            MissedRunPolicy.FIRE_ONCE);
    assertEquals(instants("2025-12-26T10:00:00Z"), lastFriday.due());
  }

  @Test
  void aTimeSkippedBySpringForwardWasNeverMissed() {
    Schedule s = in("America/New_York", "cron(30 2 * * ? *)");
    Catchup c =
        Catchup.plan(
            s,
            Optional.of(t("2025-03-08T07:30:00Z")),
            t("2025-03-09T12:00:00Z"),
            MissedRunPolicy.FIRE_ONCE);
    assertEquals(List.of(), c.due());
    assertEquals(Optional.of(t("2025-03-10T06:30:00Z")), c.next());
  }

  @Test
  void theRepeatedHourIsNotMissedAgainAfterARestartInsideIt() {
    Schedule s = in("America/New_York", "cron(30 1 * * ? *)");
    // Fired at 01:30 EDT (05:30Z); the server restarts at 01:45 EST (06:45Z).
    Catchup c =
        Catchup.plan(
            s,
            Optional.of(t("2025-11-02T05:30:00Z")),
            t("2025-11-02T06:45:00Z"),
            MissedRunPolicy.FIRE_ONCE);
    assertEquals(List.of(), c.due());
    assertEquals(Optional.of(t("2025-11-03T06:30:00Z")), c.next());
  }
}

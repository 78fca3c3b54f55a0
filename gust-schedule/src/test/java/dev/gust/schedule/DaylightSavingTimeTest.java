package dev.gust.schedule;

import static dev.gust.schedule.Fixtures.CREATED;
import static dev.gust.schedule.Fixtures.fires;
import static dev.gust.schedule.Fixtures.in;
import static dev.gust.schedule.Fixtures.instants;
import static dev.gust.schedule.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Wall-clock schedules across daylight saving time, as AWS documents it: a time skipped by
 * spring-forward does not run, a time repeated by fall-back runs once. Transitions used (from the
 * IANA database):
 *
 * <ul>
 *   <li>America/New_York 2025: 03-09 02:00 EST -> 03:00 EDT (07:00Z); 11-02 02:00 EDT -> 01:00 EST
 *       (06:00Z).
 *   <li>Europe/Berlin 2025: 03-30 02:00 CET -> 03:00 CEST (01:00Z); 10-26 03:00 CEST -> 02:00 CET
 *       (01:00Z).
 *   <li>Australia/Lord_Howe 2025, a 30-minute shift: 04-06 02:00 +11:00 -> 01:30 +10:30
 *       (2025-04-05T15:00Z); 10-05 02:00 +10:30 -> 02:30 +11:00 (2025-10-04T15:30Z).
 * </ul>
 */
class DaylightSavingTimeTest {
  private static final String NEW_YORK = "America/New_York";
  private static final String BERLIN = "Europe/Berlin";
  private static final String LORD_HOWE = "Australia/Lord_Howe";

  @Test
  void wallClockTimeStaysPutWhileTheUtcTimeMoves() {
    assertEquals(
        instants("2025-03-08T14:00:00Z", "2025-03-09T13:00:00Z", "2025-03-10T13:00:00Z"),
        fires(in(NEW_YORK, "cron(0 9 * * ? *)"), t("2025-03-08T00:00:00Z"), 3));
    assertEquals(
        instants("2025-03-29T11:00:00Z", "2025-03-30T10:00:00Z"),
        fires(in(BERLIN, "cron(0 12 * * ? *)"), t("2025-03-29T00:00:00Z"), 2));
    assertEquals(
        instants("2025-10-25T10:00:00Z", "2025-10-26T11:00:00Z"),
        fires(in(BERLIN, "cron(0 12 * * ? *)"), t("2025-10-25T00:00:00Z"), 2));
  }

  @Test
  void springForwardSkipsATimeInsideTheGap() {
    // 02:30 does not exist in New York on 2025-03-09: that day has no run.
    assertEquals(
        instants("2025-03-08T07:30:00Z", "2025-03-10T06:30:00Z"),
        fires(in(NEW_YORK, "cron(30 2 * * ? *)"), t("2025-03-08T00:00:00Z"), 2));
    // Nor does 02:30 in Berlin on 2025-03-30.
    assertEquals(
        instants("2025-03-29T01:30:00Z", "2025-03-31T00:30:00Z"),
        fires(in(BERLIN, "cron(30 2 * * ? *)"), t("2025-03-29T00:00:00Z"), 2));
  }

  @Test
  void springForwardLeavesNoRunsInTheMissingHour() {
    assertEquals(
        instants("2025-03-09T06:00:00Z", "2025-03-09T07:00:00Z", "2025-03-09T08:00:00Z"),
        fires(in(NEW_YORK, "cron(0 * * * ? *)"), t("2025-03-09T05:30:00Z"), 3));
    assertEquals(
        instants("2025-03-09T06:30:00Z", "2025-03-09T07:00:00Z", "2025-03-09T07:30:00Z"),
        fires(in(NEW_YORK, "cron(0/30 * * * ? *)"), t("2025-03-09T06:00:00Z"), 3));
  }

  @Test
  void fallBackRunsARepeatedTimeOnceAtItsFirstOccurrence() {
    // 01:30 happens twice in New York on 2025-11-02 (05:30Z EDT, 06:30Z EST): one run, the first.
    assertEquals(
        instants("2025-11-02T05:30:00Z", "2025-11-03T06:30:00Z"),
        fires(in(NEW_YORK, "cron(30 1 * * ? *)"), t("2025-11-01T12:00:00Z"), 2));
    // 02:30 happens twice in Berlin on 2025-10-26 (00:30Z CEST, 01:30Z CET).
    assertEquals(
        instants("2025-10-26T00:30:00Z", "2025-10-27T01:30:00Z"),
        fires(in(BERLIN, "cron(30 2 * * ? *)"), t("2025-10-25T12:00:00Z"), 2));
  }

  @Test
  void fallBackMakesAnHourlyScheduleWaitTwoHours() {
    // 01:00 EDT runs; 01:00 EST is the same wall-clock time again and does not; 02:00 EST does.
    assertEquals(
        instants("2025-11-02T05:00:00Z", "2025-11-02T07:00:00Z", "2025-11-02T08:00:00Z"),
        fires(in(NEW_YORK, "cron(0 * * * ? *)"), t("2025-11-02T04:30:00Z"), 3));
  }

  @Test
  void askingFromInsideTheRepeatedHourDoesNotRunItAgain() {
    Schedule hourly = in(NEW_YORK, "cron(0 * * * ? *)");
    // 06:30Z is 01:30 EST, the second pass through the repeated hour.
    assertEquals(
        Optional.of(t("2025-11-02T07:00:00Z")), hourly.nextAfter(t("2025-11-02T06:30:00Z")));
    assertEquals(
        Optional.of(t("2025-11-02T07:00:00Z")), hourly.nextAfter(t("2025-11-02T05:00:00Z")));
  }

  @Test
  void lordHoweSkipsOnlyHalfAnHourInSpring() {
    // 02:15 falls in the 02:00-02:30 gap of 2025-10-05; 02:45 exists.
    assertEquals(
        instants("2025-10-03T15:45:00Z", "2025-10-05T15:15:00Z"),
        fires(in(LORD_HOWE, "cron(15 2 * * ? *)"), t("2025-10-03T00:00:00Z"), 2));
    assertEquals(
        instants("2025-10-03T16:15:00Z", "2025-10-04T15:45:00Z"),
        fires(in(LORD_HOWE, "cron(45 2 * * ? *)"), t("2025-10-03T00:00:00Z"), 2));
  }

  @Test
  void lordHoweRepeatsOnlyHalfAnHourInAutumn() {
    // 01:45 on 2025-04-06 happens at 14:45Z (+11:00) and at 15:15Z (+10:30): one run.
    assertEquals(
        instants("2025-04-05T14:45:00Z", "2025-04-06T15:15:00Z"),
        fires(in(LORD_HOWE, "cron(45 1 * * ? *)"), t("2025-04-05T00:00:00Z"), 2));
    // Every quarter hour: 01:30 and 01:45 run once, then 02:00 at +10:30.
    assertEquals(
        instants("2025-04-05T14:45:00Z", "2025-04-05T15:30:00Z", "2025-04-05T15:45:00Z"),
        fires(in(LORD_HOWE, "cron(0/15 * * * ? *)"), t("2025-04-05T14:30:00Z"), 3));
  }

  @Test
  void atIsReadInTheScheduleZone() {
    var at = ScheduleExpression.parse("at(2025-06-01T09:00:00)");
    assertEquals(
        Optional.of(t("2025-06-01T13:00:00Z")),
        Schedule.of(at, ZoneId.of(NEW_YORK), CREATED).first());
    assertEquals(
        Optional.of(t("2025-06-01T07:00:00Z")),
        Schedule.of(at, ZoneId.of(BERLIN), CREATED).first());
    assertEquals(
        Optional.of(t("2025-05-31T22:30:00Z")),
        Schedule.of(at, ZoneId.of(LORD_HOWE), CREATED).first());
    assertEquals(Optional.of(t("2025-06-01T09:00:00Z")), Schedule.utc(at, CREATED).first());
  }

  @Test
  void atInsideASpringForwardGapMovesLaterByTheGap() {
    assertEquals(
        Optional.of(t("2025-03-09T07:30:00Z")), in(NEW_YORK, "at(2025-03-09T02:30:00)").first());
    assertEquals(
        Optional.of(t("2025-10-04T15:45:00Z")), // 02:15 +10:30 moved to 02:45 +11:00
        in(LORD_HOWE, "at(2025-10-05T02:15:00)").first());
  }

  @Test
  void atInsideAFallBackOverlapRunsAtTheFirstOccurrence() {
    Schedule s = in(NEW_YORK, "at(2025-11-02T01:30:00)");
    assertEquals(Optional.of(t("2025-11-02T05:30:00Z")), s.first());
    assertEquals(Optional.empty(), s.nextAfter(t("2025-11-02T05:30:00Z")));
  }

  @Test
  void rateIgnoresDaylightSavingTime() {
    // rate(1 day) is 24 hours: 09:00 EST, then 10:00 EDT.
    Schedule daily =
        Schedule.of(
            ScheduleExpression.parse("rate(1 day)"),
            ZoneId.of(NEW_YORK),
            t("2025-03-08T14:00:00Z"));
    assertEquals(
        instants("2025-03-09T14:00:00Z", "2025-03-10T14:00:00Z"),
        fires(daily, t("2025-03-08T14:00:00Z"), 2));
    Schedule hourly =
        Schedule.of(
            ScheduleExpression.parse("rate(1 hour)"),
            ZoneId.of(NEW_YORK),
            t("2025-11-02T04:00:00Z"));
    assertEquals(
        Duration.ofHours(1),
        Duration.between(
            hourly.nextAfter(t("2025-11-02T05:00:00Z")).orElseThrow(),
            hourly.nextAfter(t("2025-11-02T06:00:00Z")).orElseThrow()));
  }

  @Test
  void theSameCronInDifferentZonesFiresAtDifferentInstants() {
    Instant after = t("2025-07-01T00:00:00Z");
    assertEquals(
        Optional.of(t("2025-07-01T12:00:00Z")), in("UTC", "cron(0 12 * * ? *)").nextAfter(after));
    assertEquals(
        Optional.of(t("2025-07-01T16:00:00Z")),
        in(NEW_YORK, "cron(0 12 * * ? *)").nextAfter(after));
    assertEquals(
        Optional.of(t("2025-07-01T10:00:00Z")), in(BERLIN, "cron(0 12 * * ? *)").nextAfter(after));
    assertEquals(
        Optional.of(t("2025-07-01T01:30:00Z")),
        in(LORD_HOWE, "cron(0 12 * * ? *)").nextAfter(after));
  }
}

package dev.gust.schedule;

import static dev.gust.schedule.Fixtures.fires;
import static dev.gust.schedule.Fixtures.instants;
import static dev.gust.schedule.Fixtures.t;
import static dev.gust.schedule.Fixtures.utc;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Next fire times in UTC; calendar facts checked against a calendar (2025-01-01 is a Wednesday).
 */
class CronScheduleTest {

  @ParameterizedTest(name = "{0} after {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          cron(0 12 * * ? *)              | 2025-01-01T12:00:00Z | 2025-01-02T12:00:00Z 2025-01-03T12:00:00Z
          cron(0 12 * * ? *)              | 2025-01-01T11:59:59Z | 2025-01-01T12:00:00Z 2025-01-02T12:00:00Z
          cron(0/15 * * * ? *)            | 2025-01-01T10:07:00Z | 2025-01-01T10:15:00Z 2025-01-01T10:30:00Z 2025-01-01T10:45:00Z 2025-01-01T11:00:00Z
          cron(1/10 * * * ? *)            | 2025-01-01T10:00:00Z | 2025-01-01T10:01:00Z 2025-01-01T10:11:00Z 2025-01-01T10:21:00Z
          cron(*/20 * * * ? *)            | 2025-01-01T10:00:00Z | 2025-01-01T10:20:00Z 2025-01-01T10:40:00Z 2025-01-01T11:00:00Z
          cron(10-40/15 * * * ? *)        | 2025-01-01T10:00:00Z | 2025-01-01T10:10:00Z 2025-01-01T10:25:00Z 2025-01-01T10:40:00Z 2025-01-01T11:10:00Z
          cron(0 8-18/4 * * ? *)          | 2025-01-01T07:00:00Z | 2025-01-01T08:00:00Z 2025-01-01T12:00:00Z 2025-01-01T16:00:00Z 2025-01-02T08:00:00Z
          cron(0 18 ? * MON-FRI *)        | 2025-01-03T18:00:00Z | 2025-01-06T18:00:00Z 2025-01-07T18:00:00Z
          cron(0/5 8-17 ? * MON-FRI *)    | 2025-01-03T17:50:00Z | 2025-01-03T17:55:00Z 2025-01-06T08:00:00Z 2025-01-06T08:05:00Z
          cron(0 8 1 * ? *)               | 2025-01-15T00:00:00Z | 2025-02-01T08:00:00Z 2025-03-01T08:00:00Z
          cron(0 12 1 JAN,JUL ? *)        | 2025-01-01T12:00:00Z | 2025-07-01T12:00:00Z 2026-01-01T12:00:00Z
          cron(0 0 1 JAN-DEC/3 ? *)       | 2025-01-01T00:00:00Z | 2025-04-01T00:00:00Z 2025-07-01T00:00:00Z 2025-10-01T00:00:00Z 2026-01-01T00:00:00Z
          cron(0 0 1-15/7 * ? *)          | 2025-01-01T00:00:00Z | 2025-01-08T00:00:00Z 2025-01-15T00:00:00Z 2025-02-01T00:00:00Z
          cron(0 0 1 1 ? 2025/2)          | 2025-01-01T00:00:00Z | 2027-01-01T00:00:00Z 2029-01-01T00:00:00Z
          cron(59 23 31 12 ? *)           | 2025-06-01T00:00:00Z | 2025-12-31T23:59:00Z 2026-12-31T23:59:00Z
          cron(0 12 ? * SUN,SAT *)        | 2025-01-01T00:00:00Z | 2025-01-04T12:00:00Z 2025-01-05T12:00:00Z 2025-01-11T12:00:00Z
          cron(0 12 ? * 1 *)              | 2025-01-01T00:00:00Z | 2025-01-05T12:00:00Z 2025-01-12T12:00:00Z
          cron(0 12 ? * 7 *)              | 2025-01-01T00:00:00Z | 2025-01-04T12:00:00Z 2025-01-11T12:00:00Z
          """)
  void firesAtTheNextMatchingMinutes(String expression, String after, String expected) {
    assertEquals(times(expected), fires(utc(expression), t(after), expected.split(" ").length));
  }

  @ParameterizedTest(name = "{0} after {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          cron(0 12 L * ? *)       | 2025-01-31T12:00:00Z | 2025-02-28T12:00:00Z 2025-03-31T12:00:00Z 2025-04-30T12:00:00Z
          cron(0 12 L * ? *)       | 2024-02-01T00:00:00Z | 2024-02-29T12:00:00Z 2024-03-31T12:00:00Z
          cron(0 12 LW * ? *)      | 2025-05-01T00:00:00Z | 2025-05-30T12:00:00Z 2025-06-30T12:00:00Z 2025-07-31T12:00:00Z 2025-08-29T12:00:00Z
          cron(0 12 15W * ? *)     | 2025-02-01T00:00:00Z | 2025-02-14T12:00:00Z 2025-03-14T12:00:00Z 2025-04-15T12:00:00Z
          cron(0 12 15W * ? *)     | 2025-06-01T00:00:00Z | 2025-06-16T12:00:00Z
          cron(0 12 1W * ? *)      | 2025-01-15T00:00:00Z | 2025-02-03T12:00:00Z 2025-03-03T12:00:00Z 2025-04-01T12:00:00Z
          cron(0 12 1W * ? *)      | 2025-05-15T00:00:00Z | 2025-06-02T12:00:00Z
          cron(0 12 31W * ? *)     | 2025-08-01T00:00:00Z | 2025-08-29T12:00:00Z
          cron(0 12 31W * ? *)     | 2025-04-01T00:00:00Z | 2025-05-30T12:00:00Z 2025-07-31T12:00:00Z
          cron(0 10 ? * 6L *)      | 2025-01-01T00:00:00Z | 2025-01-31T10:00:00Z 2025-02-28T10:00:00Z 2025-03-28T10:00:00Z
          cron(0 10 ? * FRIL *)    | 2025-01-01T00:00:00Z | 2025-01-31T10:00:00Z 2025-02-28T10:00:00Z 2025-03-28T10:00:00Z
          cron(0 10 ? * 3#2 *)     | 2025-01-01T00:00:00Z | 2025-01-14T10:00:00Z 2025-02-11T10:00:00Z
          cron(0 10 ? * TUE#2 *)   | 2025-01-01T00:00:00Z | 2025-01-14T10:00:00Z 2025-02-11T10:00:00Z
          cron(0 10 ? * 2#5 *)     | 2025-01-01T00:00:00Z | 2025-03-31T10:00:00Z 2025-06-30T10:00:00Z
          cron(0 9 ? * 2#1 *)      | 2025-01-01T00:00:00Z | 2025-01-06T09:00:00Z 2025-02-03T09:00:00Z
          cron(0 12 ? * L *)       | 2025-01-01T00:00:00Z | 2025-01-04T12:00:00Z 2025-01-11T12:00:00Z
          cron(0 0 29 2 ? *)       | 2025-01-01T00:00:00Z | 2028-02-29T00:00:00Z 2032-02-29T00:00:00Z
          cron(0 12 31 * ? *)      | 2025-01-31T12:00:00Z | 2025-03-31T12:00:00Z 2025-05-31T12:00:00Z
          cron(0 12 30 * ? *)      | 2025-01-30T12:00:00Z | 2025-03-30T12:00:00Z
          """)
  void firesOnSpecialDays(String expression, String after, String expected) {
    assertEquals(times(expected), fires(utc(expression), t(after), expected.split(" ").length));
  }

  @Test
  void yearsEndTheSchedule() {
    assertEquals(
        instants("2199-01-01T00:00:00Z"),
        fires(utc("cron(0 0 1 1 ? 2199)"), t("2025-01-01T00:00:00Z"), 3));
    assertEquals(
        Optional.empty(), utc("cron(0 0 1 1 ? 2030-2032)").nextAfter(t("2032-01-01T00:00:00Z")));
    assertEquals(
        instants("2199-12-31T00:00:00Z"),
        fires(utc("cron(0 0 31 12 ? *)"), t("2199-01-01T00:00:00Z"), 3));
    assertEquals(Optional.empty(), utc("cron(* * * * ? *)").nextAfter(t("2199-12-31T23:59:00Z")));
    assertEquals(Optional.empty(), utc("cron(* * * * ? *)").nextAfter(t("2500-01-01T00:00:00Z")));
  }

  @Test
  void aScheduleBeforeItsFirstYearWaitsForIt() {
    Schedule s = Schedule.utc(ScheduleExpression.parse("cron(0 0 1 1 ? 1970)"), Instant.EPOCH);
    assertEquals(Optional.of(Instant.EPOCH), s.first());
    assertEquals(Optional.empty(), s.nextAfter(Instant.EPOCH));
  }

  @Test
  void aDayThatNeverComesNeverFires() {
    assertEquals(Optional.empty(), utc("cron(0 0 30 2 ? *)").nextAfter(t("2025-01-01T00:00:00Z")));
    assertEquals(Optional.empty(), utc("cron(0 0 31 4 ? *)").first());
  }

  @Test
  void nothingFiresBeforeTheAnchorOrTheStartDate() {
    Schedule s =
        Schedule.utc(ScheduleExpression.parse("cron(0 12 * * ? *)"), t("2025-01-01T12:00:30Z"));
    assertEquals(Optional.of(t("2025-01-02T12:00:00Z")), s.first());
    assertEquals(Optional.of(t("2025-01-02T12:00:00Z")), s.nextAfter(t("2024-06-01T00:00:00Z")));

    Schedule started = s.withStart(t("2025-02-01T12:00:00Z"));
    assertEquals(Optional.of(t("2025-02-01T12:00:00Z")), started.first());
  }

  @Test
  void theEndDateIsTheLastPossibleFireTime() {
    Schedule s = utc("cron(0 12 * * ? *)").withEnd(t("2025-01-03T12:00:00Z"));
    assertEquals(
        instants("2025-01-02T12:00:00Z", "2025-01-03T12:00:00Z"),
        fires(s, t("2025-01-01T12:00:00Z"), 5));
  }

  @Test
  void aMinuteCronWalksEveryMinuteAcrossAYearBoundary() {
    assertEquals(
        instants("2025-12-31T23:59:00Z", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z"),
        fires(utc("cron(* * * * ? *)"), t("2025-12-31T23:58:30Z"), 3));
  }

  private static List<Instant> times(String spaceSeparated) {
    return Arrays.stream(spaceSeparated.split(" ")).map(Instant::parse).toList();
  }
}

package dev.gust.schedule;

import static dev.gust.schedule.Fixtures.CREATED;
import static dev.gust.schedule.Fixtures.fires;
import static dev.gust.schedule.Fixtures.instants;
import static dev.gust.schedule.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gust.core.GustException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateAndAtScheduleTest {
  private static Schedule rate(String expression, String anchor) {
    return Schedule.utc(ScheduleExpression.parse(expression), t(anchor));
  }

  @Test
  void rateStartsAtItsAnchorAndCountsFromIt() {
    Schedule s = rate("rate(5 minutes)", "2025-01-01T10:00:30Z");
    assertEquals(Optional.of(t("2025-01-01T10:00:30Z")), s.first());
    assertEquals(
        instants("2025-01-01T10:05:30Z", "2025-01-01T10:10:30Z"),
        fires(s, t("2025-01-01T10:00:30Z"), 2));
    assertEquals(Optional.of(t("2025-01-01T10:10:30Z")), s.nextAfter(t("2025-01-01T10:07:00Z")));
    assertEquals(
        Optional.of(t("2025-01-01T10:10:30Z")), s.nextAfter(t("2025-01-01T10:05:30.000000001Z")));
    assertEquals(Optional.of(t("2025-01-01T10:00:30Z")), s.nextAfter(t("2024-12-31T00:00:00Z")));
  }

  @Test
  void rateKeepsTheAnchorsFractionOfASecond() {
    Schedule s = rate("rate(1 minute)", "2025-01-01T10:00:00.250Z");
    assertEquals(
        Optional.of(t("2025-01-01T10:01:00.250Z")), s.nextAfter(t("2025-01-01T10:00:00.250Z")));
  }

  @Test
  void aStartDateIsTheFirstOccurrenceOfARate() {
    Schedule s = rate("rate(2 hours)", "2025-01-01T00:00:00Z").withStart(t("2025-02-01T06:00:00Z"));
    assertEquals(Optional.of(t("2025-02-01T06:00:00Z")), s.first());
    assertEquals(Optional.of(t("2025-02-01T06:00:00Z")), s.nextAfter(t("2025-01-15T00:00:00Z")));
    assertEquals(Optional.of(t("2025-02-01T08:00:00Z")), s.nextAfter(t("2025-02-01T06:00:00Z")));
  }

  @Test
  void aStartDateBeforeTheAnchorKeepsItsGridButNotItsPast() {
    Schedule s = rate("rate(1 hour)", "2025-01-01T01:00:00Z").withStart(t("2025-01-01T00:10:00Z"));
    assertEquals(Optional.of(t("2025-01-01T01:10:00Z")), s.first());
  }

  @Test
  void theEndDateIsInclusive() {
    Schedule s = rate("rate(1 hour)", "2025-01-01T00:00:00Z").withEnd(t("2025-01-01T02:00:00Z"));
    assertEquals(
        instants("2025-01-01T01:00:00Z", "2025-01-01T02:00:00Z"),
        fires(s, t("2025-01-01T00:00:00Z"), 5));
    assertEquals(Optional.empty(), s.nextAfter(t("2025-01-01T02:00:00Z")));
  }

  @Test
  void longRatesCountInFixedDays() {
    Schedule s = rate("rate(1000 days)", "2025-01-01T00:00:00Z");
    assertEquals(Optional.of(t("2027-09-28T00:00:00Z")), s.nextAfter(t("2025-01-01T00:00:00Z")));
  }

  @Test
  void atFiresOnceAndIgnoresStartAndEndDates() {
    Schedule s =
        Schedule.utc(ScheduleExpression.parse("at(2030-01-01T09:00:00)"), CREATED)
            .withStart(t("2031-01-01T00:00:00Z"))
            .withEnd(t("2031-02-01T00:00:00Z"));
    assertEquals(Optional.of(t("2030-01-01T09:00:00Z")), s.first());
    assertEquals(Optional.of(t("2030-01-01T09:00:00Z")), s.nextAfter(t("2029-12-31T00:00:00Z")));
    assertEquals(Optional.empty(), s.nextAfter(t("2030-01-01T09:00:00Z")));
  }

  @Test
  void anAtTimeBeforeTheScheduleExistedNeverFires() {
    Schedule s =
        Schedule.utc(
            ScheduleExpression.parse("at(2025-01-01T09:00:00)"), t("2025-01-01T09:00:01Z"));
    assertEquals(Optional.empty(), s.first());
    assertEquals(Optional.empty(), s.nextAfter(t("2020-01-01T00:00:00Z")));
  }

  @Test
  void anEndDateBeforeTheStartDateIsRefused() {
    Schedule s = rate("rate(1 hour)", "2025-01-01T00:00:00Z").withStart(t("2025-02-01T00:00:00Z"));
    GustException e = assertThrows(GustException.class, () -> s.withEnd(t("2025-01-31T00:00:00Z")));
    assertTrue(
        e.getMessage().contains("EndDate (2025-01-31T00:00:00Z) is before its StartDate"),
        e.getMessage());
  }

  @Test
  void theDefaultZoneIsUtc() {
    assertEquals(
        ZoneOffset.UTC, Schedule.utc(ScheduleExpression.parse("rate(1 hour)"), CREATED).zone());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "America/New_York",
        "Europe/Berlin",
        "Australia/Lord_Howe",
        "UTC",
        "Asia/Kolkata",
        "Etc/GMT+2"
      })
  void ianaZoneNamesAreAccepted(String name) {
    ZoneId zone = Schedule.parseZone(name);
    assertEquals(name.equals("UTC") ? "Z" : name, zone.getId());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"+02:00", "GMT+2", "Mars/Olympus_Mons", "America/New York", "", " "})
  void otherZonesAreRefusedWithAnExample(String name) {
    GustException e = assertThrows(GustException.class, () -> Schedule.parseZone(name));
    assertTrue(e.getMessage().contains("Example: America/New_York"), e.getMessage());
  }

  @Test
  void nextAfterTheEndOfTimeIsEmpty() {
    assertEquals(
        Optional.empty(), rate("rate(1 minute)", "2025-01-01T00:00:00Z").nextAfter(Instant.MAX));
  }
}

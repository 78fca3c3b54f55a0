package dev.gust.schedule;

import static dev.gust.schedule.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gust.core.Arns;
import dev.gust.core.GustException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ScheduledEventTest {
  private static final Arns ARNS = new Arns("us-east-1", "123456789012");

  @Test
  void matchesTheDocumentedExample() {
    ScheduledEvent e =
        new ScheduledEvent(
            "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
            "123456789012",
            "us-east-1",
            "arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule",
            t("2015-10-08T16:53:06Z"));
    assertEquals(
        "{\"version\":\"0\",\"id\":\"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa\","
            + "\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
            + "\"account\":\"123456789012\",\"time\":\"2015-10-08T16:53:06Z\","
            + "\"region\":\"us-east-1\","
            + "\"resources\":[\"arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule\"],"
            + "\"detail\":{}}",
        e.toJson());
  }

  @Test
  void forRuleBuildsTheRuleArnAndKeepsTheScheduledTimeToTheSecond() {
    ScheduledEvent e =
        ScheduledEvent.forRule(ARNS, "my-scheduled-rule", t("2015-10-08T16:53:06.789Z"));
    assertEquals("arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule", e.ruleArn());
    assertEquals(t("2015-10-08T16:53:06Z"), e.time());
    assertTrue(e.toJson().contains("\"time\":\"2015-10-08T16:53:06Z\""), e.toJson());
    assertTrue(e.toJson().contains("\"account\":\"123456789012\",\"time\""), e.toJson());
  }

  @Test
  void theTimeAlwaysShowsSecondsAndNoFraction() {
    assertTrue(
        ScheduledEvent.forRule(ARNS, "r", t("2025-01-01T00:00:00Z"))
            .toJson()
            .contains("\"time\":\"2025-01-01T00:00:00Z\""));
    assertTrue(
        ScheduledEvent.forRule(ARNS, "r", t("2025-01-01T10:00:00.999999999Z"))
            .toJson()
            .contains("\"time\":\"2025-01-01T10:00:00Z\""));
  }

  @Test
  void theIdIsAUuidThatIsTheSameForTheSameRun() {
    ScheduledEvent a = ScheduledEvent.forRule(ARNS, "nightly", t("2025-01-01T02:00:00Z"));
    ScheduledEvent again = ScheduledEvent.forRule(ARNS, "nightly", t("2025-01-01T02:00:00.5Z"));
    ScheduledEvent tomorrow = ScheduledEvent.forRule(ARNS, "nightly", t("2025-01-02T02:00:00Z"));
    ScheduledEvent otherRule = ScheduledEvent.forRule(ARNS, "hourly", t("2025-01-01T02:00:00Z"));
    assertEquals(a.id(), UUID.fromString(a.id()).toString());
    assertEquals(a.id(), again.id());
    assertEquals(a.toJson(), again.toJson());
    assertNotEquals(a.id(), tomorrow.id());
    assertNotEquals(a.id(), otherRule.id());
  }

  @Test
  void stringsAreJsonEscaped() {
    ScheduledEvent e =
        new ScheduledEvent(
            "id\"with\\quote",
            "123456789012",
            "eu-west-1",
            "arn:aws:events:eu-west-1:123456789012:rule/r",
            t("2025-01-01T00:00:00Z"));
    assertTrue(e.toJson().contains("\"id\":\"id\\\"with\\\\quote\""), e.toJson());
  }

  @Test
  void refusesABadRuleNameAccountOrRegion() {
    assertTrue(
        assertThrows(
                GustException.class,
                () -> ScheduledEvent.forRule(ARNS, "has space", t("2025-01-01T00:00:00Z")))
            .getMessage()
            .contains("Example: nightly-report"));
    assertTrue(
        assertThrows(
                GustException.class,
                () -> ScheduledEvent.forRule(ARNS, "x".repeat(65), t("2025-01-01T00:00:00Z")))
            .getMessage()
            .contains("1 to 64"));
    assertTrue(
        assertThrows(
                GustException.class,
                () ->
                    new ScheduledEvent(
                        "id", "12345", "us-east-1", "arn", t("2025-01-01T00:00:00Z")))
            .getMessage()
            .contains("is not twelve digits"));
    assertTrue(
        assertThrows(
                GustException.class,
                () ->
                    new ScheduledEvent(
                        "id", "123456789012", "USEAST", "arn", t("2025-01-01T00:00:00Z")))
            .getMessage()
            .contains("is not a region name"));
  }
}

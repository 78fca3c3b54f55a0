package dev.gust.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gust.core.ErrorType;
import dev.gust.core.GustException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleExpressionTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "rate(1 minute)",
        "rate(5 minutes)",
        "rate(1 hour)",
        "rate(12 hours)",
        "rate(1 day)",
        "rate(7 days)",
        "rate(2147483647 minutes)",
        // the examples of AWS's cron reference
        "cron(0 10 * * ? *)",
        "cron(15 12 * * ? *)",
        "cron(0 18 ? * MON-FRI *)",
        "cron(0 8 1 * ? *)",
        "cron(0/15 * * * ? *)",
        "cron(0/10 * ? * MON-FRI *)",
        "cron(0/5 8-17 ? * MON-FRI *)",
        "cron(0 9 ? * 2#1 *)",
        // every wildcard in its field
        "cron(0 12 L * ? *)",
        "cron(0 12 LW * ? *)",
        "cron(0 12 15W * ? *)",
        "cron(0 12 1W * ? *)",
        "cron(0 12 ? * 6L *)",
        "cron(0 12 ? * FRIL *)",
        "cron(0 12 ? * L *)",
        "cron(0 12 ? * TUE#2 *)",
        "cron(0 12 1 JAN,JUL ? 2030-2035)",
        "cron(*/20 * * * ? *)",
        "cron(10-40/15 8-18/4 1-15/7 JAN-DEC/3 ? 2025/2)",
        "cron(0 0 1 1 ? 1970)",
        "cron(0 0 1 1 ? 2199)",
        "cron(0 12 * * ? *)",
        "cron(0 12 ? * * *)",
        "cron(59 23 31 12 ? *)",
        "cron(0 12 ? * SUN,SAT *)",
        "cron(0 12 ? * 1-7 *)",
        "at(2030-01-01T09:00:00)",
        "at(2024-02-29T23:59:59)",
        "at(1999-12-31T00:00:00)"
      })
  void acceptsAwsSyntaxAndWritesItBack(String expression) {
    assertEquals(expression, ScheduleExpression.parse(expression).text());
  }

  @Test
  void parsesEachKindIntoItsType() {
    var rate =
        assertInstanceOf(
            ScheduleExpression.Rate.class, ScheduleExpression.parse("rate(5 minutes)"));
    assertEquals(5, rate.value());
    assertEquals(ScheduleExpression.RateUnit.MINUTE, rate.unit());
    assertEquals(Duration.ofMinutes(5), rate.period());
    assertEquals(
        Duration.ofHours(48),
        ((ScheduleExpression.Rate) ScheduleExpression.parse("rate(2 days)")).period());

    var cron =
        assertInstanceOf(
            ScheduleExpression.Cron.class, ScheduleExpression.parse("cron(0 18 ? * MON-FRI *)"));
    assertEquals(List.of("0", "18", "?", "*", "MON-FRI", "*"), cron.fields());

    var at =
        assertInstanceOf(
            ScheduleExpression.At.class, ScheduleExpression.parse("at(2030-01-01T09:00:05)"));
    assertEquals(LocalDateTime.of(2030, 1, 1, 9, 0, 5), at.time());
  }

  @Test
  void toleratesOuterWhitespaceAndRunsOfSpacesBetweenFields() {
    assertEquals("cron(0 12 * * ? *)", ScheduleExpression.parse("  cron(0  12 *\t* ? *) ").text());
    assertEquals("rate(5 minutes)", ScheduleExpression.parse(" rate(5   minutes)").text());
  }

  @Test
  void namesAreReadInAnyCase() {
    assertEquals(
        ScheduleExpression.parse("cron(0 12 ? jan mon-fri *)").text(),
        "cron(0 12 ? jan mon-fri *)");
    Schedule lower = Fixtures.utc("cron(0 12 ? jan mon-fri *)");
    Schedule upper = Fixtures.utc("cron(0 12 ? JAN MON-FRI *)");
    assertEquals(
        Fixtures.fires(upper, Fixtures.t("2025-01-01T00:00:00Z"), 5),
        Fixtures.fires(lower, Fixtures.t("2025-01-01T00:00:00Z"), 5));
  }

  @Test
  void equalExpressionsAreEqual() {
    assertEquals(
        ScheduleExpression.parse("cron(0 12 * * ? *)"),
        ScheduleExpression.parse("cron(0  12 * * ? *)"));
    assertEquals(
        ScheduleExpression.parse("rate(1 hour)"),
        new ScheduleExpression.Rate(1, ScheduleExpression.RateUnit.HOUR));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          ""                                | a schedule expression is required
          every 5 minutes                   | it must start with rate(, cron( or at(
          Rate(5 minutes)                   | it must start with rate(, cron( or at(
          rate(5)                           | a rate needs a value and a unit
          rate(five minutes)                | the value 'five' is not a positive integer
          rate(-5 minutes)                  | the value '-5' is not a positive integer
          rate(1.5 hours)                   | the value '1.5' is not a positive integer
          rate(0 minutes)                   | the value must be at least 1
          rate(99999999999 minutes)         | the value must be at most 2147483647
          rate(1 hours)                     | with the value 1 the unit must be singular ('hour')
          rate(5 hour)                      | with a value above 1 the unit must be plural ('hours')
          rate(1 days)                      | with the value 1 the unit must be singular ('day')
          rate(5 weeks)                     | the unit 'weeks' is not one of minute, minutes, hour, hours, day, days
          rate(5 Minutes)                   | the unit 'Minutes' is not one of
          cron(0 12 * * ? *                 | the expression must end with ')'
          cron(0 12 * * ?)                  | this one has 5; unlike Unix cron, AWS adds a year
          cron(0 0 12 * * ? *)              | a cron expression has six fields (minutes hours day-of-month month day-of-week year), this one has 7
          cron()                            | this one has 0
          cron(0 12 * * * *)                | one of day-of-month and day-of-week must be ?
          cron(0 12 1 * MON *)              | one of day-of-month and day-of-week must be ?
          cron(0 12 ? * ? *)                | day-of-month and day-of-week cannot both be ?
          cron(60 12 * * ? *)               | minutes value 60 is out of range 0-59
          cron(0 24 * * ? *)                | hours value 24 is out of range 0-23
          cron(0 12 32 * ? *)               | day-of-month value 32 is out of range 1-31
          cron(0 12 0 * ? *)                | day-of-month value 0 is out of range 1-31
          cron(0 12 1 13 ? *)               | month value 13 is out of range 1-12 or JAN-DEC
          cron(0 12 1 FOO ? *)              | 'FOO' is not a valid month value (1-12 or JAN-DEC)
          cron(0 12 ? * 8 *)                | day-of-week value 8 is out of range 1-7 or SUN-SAT
          cron(0 12 ? * 0 *)                | day-of-week value 0 is out of range 1-7 or SUN-SAT
          cron(0 12 ? * MONDAY *)           | 'MONDAY' is not a valid day-of-week value
          cron(0 12 * * ? 1969)             | year value 1969 is out of range 1970-2199
          cron(0 12 * * ? 2200)             | year value 2200 is out of range 1970-2199
          cron(0 12 ? * 3#1,6#3 *)          | with # the day-of-week field holds one expression only (AWS refuses 3#1,6#3)
          cron(0 12 ? * 3#6 *)              | '3#6' must be a day, #, and which occurrence in the month, 1 to 5
          cron(0 12 ? * 3#0 *)              | which occurrence in the month, 1 to 5
          cron(0 12 ? * 9#2 *)              | day-of-week value 9 is out of range
          cron(0 12 3#2 * ? *)              | # is only allowed in day-of-week, not in day-of-month
          cron(0 12 ? * 1/2 *)              | day-of-week does not take / increments
          cron(0 12 1,L * ? *)              | L, LW and a day with W (such as 15W) must be the whole day-of-month field
          cron(0 12 L-2 * ? *)              | must be the whole day-of-month field
          cron(0 12 W * ? *)                | must be the whole day-of-month field
          cron(0 12 32W * ? *)              | the day before W must be 1 to 31, not 32
          cron(0 12 ? * 1,5L *)             | L must be the whole day-of-week field
          cron(0 12 ? * 2W *)               | '2W' is not allowed in day-of-week
          cron(L 12 * * ? *)                | 'L' is not allowed in minutes
          cron(0 ? * * ? *)                 | ? is only allowed in day-of-month and day-of-week, not in hours
          cron(0 12 1 ? ? *)                | ? is only allowed in day-of-month and day-of-week, not in month
          cron(0 12 1,? * ? *)              | ? must be the whole day-of-month field
          cron(0/0 * * * ? *)               | the increment in '0/0' must be a whole number from 1 to 59
          cron(0/60 * * * ? *)              | the increment in '0/60' must be a whole number from 1 to 59
          cron(0 0/x * * ? *)               | the increment in '0/x' must be a whole number from 1 to 23
          cron(30-10 * * * ? *)             | the range '30-10' runs backwards
          cron(0 12 ? * FRI-MON *)          | the range 'FRI-MON' runs backwards
          cron(0,,5 12 * * ? *)             | the minutes field '0,,5' has an empty item
          cron(0 12 1- * ? *)               | a value is missing in the day-of-month field
          cron(0 12 1 * ? 2030-2031-2032)   | '2031-2032' is not a valid year value
          at(2030-01-01 09:00:00)           | the time must be written yyyy-mm-ddThh:mm:ss
          at(2030-01-01T09:00)              | the time must be written yyyy-mm-ddThh:mm:ss
          at(2030-01-01T09:00:00Z)          | no zone or offset
          at(2030-01-01T09:00:00.5)         | the time must be written yyyy-mm-ddThh:mm:ss
          at(2030-02-30T09:00:00)           | that date or time does not exist
          at(2030-01-01T24:00:00)           | that date or time does not exist
          at(2030-13-01T09:00:00)           | that date or time does not exist
          """)
  void refusesWithWhatIsWrongAndAnExample(String expression, String problem) {
    GustException e = assertThrows(GustException.class, () -> ScheduleExpression.parse(expression));
    assertEquals(ErrorType.INVALID_PARAMETER_VALUE, e.type());
    String message = e.getMessage();
    assertTrue(
        message.startsWith("Invalid schedule expression '" + expression.strip() + "': "), message);
    assertTrue(message.contains(problem), message);
    String example = message.substring(message.indexOf(". Example: ") + ". Example: ".length());
    assertTrue(example.matches(".*(rate|cron|at)\\(.*\\).*"), message);
  }

  @Test
  void everyExampleInARefusalParses() {
    for (String bad :
        List.of(
            "cron(60 12 * * ? *)",
            "cron(0 12 ? * 3#1,6#3 *)",
            "cron(0 12 ? * 1/2 *)",
            "cron(0 12 1,L * ? *)",
            "rate(1 hours)",
            "at(2030-01-01)",
            "cron(0 12 * * * *)",
            "cron(0 12 ? * 1,5L *)",
            "cron(0 12 1 FOO ? *)")) {
      String message =
          assertThrows(GustException.class, () -> ScheduleExpression.parse(bad)).getMessage();
      var examples =
          java.util.regex.Pattern.compile("(rate|cron|at)\\([^)]*\\)")
              .matcher(message.substring(message.indexOf(". Example: ")));
      int found = 0;
      while (examples.find()) {
        ScheduleExpression.parse(examples.group());
        found++;
      }
      assertTrue(found > 0, message);
    }
  }

  @Test
  void nullIsRefusedLikeEmpty() {
    GustException e = assertThrows(GustException.class, () -> ScheduleExpression.parse(null));
    assertTrue(e.getMessage().contains("a schedule expression is required"), e.getMessage());
  }
}

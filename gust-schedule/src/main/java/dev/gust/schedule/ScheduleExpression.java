package dev.gust.schedule;

import dev.gust.core.GustException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a schedule fires, in EventBridge Scheduler's syntax: {@code rate(value unit)}, {@code
 * cron(minutes hours day-of-month month day-of-week year)} or {@code at(yyyy-mm-ddThh:mm:ss)}.
 *
 * <p>Syntax from AWS's documentation: "Schedule types in EventBridge Scheduler"
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html), "Rate expressions
 * reference" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rate-expressions.html)
 * and "Cron expressions reference"
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html). An
 * expression says nothing about time zones: a {@link Schedule} pairs it with one.
 *
 * <p>Every refusal is a {@link GustException#invalidParameter} whose message names what is wrong
 * and shows a correct example.
 */
public sealed interface ScheduleExpression
    permits ScheduleExpression.Rate, ScheduleExpression.Cron, ScheduleExpression.At {

  /** The expression as AWS writes it, e.g. {@code rate(5 minutes)}; {@link #parse} accepts it. */
  String text();

  /**
   * Parses AWS's syntax. Whitespace around the whole expression is ignored; inside it, fields are
   * separated by one or more spaces.
   *
   * @throws GustException {@code InvalidParameterValueException} saying what is wrong, with an
   *     example
   */
  static ScheduleExpression parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw Refusal.of(
          String.valueOf(expression),
          "a schedule expression is required",
          "rate(5 minutes), cron(0 12 * * ? *) or at(2030-01-01T09:00:00)");
    }
    String s = expression.strip();
    if (s.startsWith("rate(")) {
      return Rate.parse(s);
    }
    if (s.startsWith("cron(")) {
      return Cron.parse(s);
    }
    if (s.startsWith("at(")) {
      return At.parse(s);
    }
    throw Refusal.of(
        s,
        "it must start with rate(, cron( or at( (lower case)",
        "rate(5 minutes), cron(0 12 * * ? *) or at(2030-01-01T09:00:00)");
  }

  /** The unit of a {@link Rate}, with the singular and plural words AWS requires. */
  enum RateUnit {
    MINUTE("minute", "minutes", Duration.ofMinutes(1)),
    HOUR("hour", "hours", Duration.ofHours(1)),
    /** Twenty-four hours, not a calendar day: AWS counts days as 24-hour durations. */
    DAY("day", "days", Duration.ofHours(24));

    private final String singular;
    private final String plural;
    private final Duration length;

    RateUnit(String singular, String plural, Duration length) {
      this.singular = singular;
      this.plural = plural;
      this.length = length;
    }

    public Duration length() {
      return length;
    }

    String word(long value) {
      return value == 1 ? singular : plural;
    }
  }

  /**
   * {@code rate(value unit)}: every {@code value} units, counted from the schedule's first
   * occurrence (see {@link Schedule}). The value is a positive integer; the unit is singular for 1
   * and plural otherwise, as AWS requires ("rate(1 hours) and rate(5 hour) aren't valid").
   */
  record Rate(long value, RateUnit unit) implements ScheduleExpression {
    private static final Pattern SYNTAX = Pattern.compile("rate\\(\\s*(\\S+)\\s+(\\S+)\\s*\\)");
    private static final String EXAMPLE = "rate(1 hour) or rate(5 minutes)";

    public Rate {
      Objects.requireNonNull(unit, "unit");
      if (value < 1 || value > Integer.MAX_VALUE) {
        throw Refusal.of(
            "rate(" + value + " " + unit.word(value) + ")",
            "the value must be a positive integer",
            EXAMPLE);
      }
    }

    /** The fixed interval between two runs; daylight saving time never stretches it. */
    public Duration period() {
      return unit.length().multipliedBy(value);
    }

    @Override
    public String text() {
      return "rate(" + value + " " + unit.word(value) + ")";
    }

    static Rate parse(String s) {
      Matcher m = SYNTAX.matcher(s);
      if (!m.matches()) {
        throw Refusal.of(s, "a rate needs a value and a unit separated by a space", EXAMPLE);
      }
      String number = m.group(1);
      String word = m.group(2);
      if (!number.matches("[0-9]+")) {
        throw Refusal.of(s, "the value '" + number + "' is not a positive integer", EXAMPLE);
      }
      long value;
      try {
        value = Long.parseLong(number);
      } catch (NumberFormatException e) {
        value = Long.MAX_VALUE;
      }
      if (value < 1) {
        throw Refusal.of(s, "the value must be at least 1", EXAMPLE);
      }
      if (value > Integer.MAX_VALUE) {
        throw Refusal.of(s, "the value must be at most " + Integer.MAX_VALUE, EXAMPLE);
      }
      for (RateUnit unit : RateUnit.values()) {
        if (word.equals(unit.singular) || word.equals(unit.plural)) {
          if (!word.equals(unit.word(value))) {
            throw Refusal.of(
                s,
                value == 1
                    ? "with the value 1 the unit must be singular ('" + unit.singular + "')"
                    : "with a value above 1 the unit must be plural ('" + unit.plural + "')",
                "rate(1 " + unit.singular + ") or rate(5 " + unit.plural + ")");
          }
          return new Rate(value, unit);
        }
      }
      throw Refusal.of(
          s,
          "the unit '" + word + "' is not one of minute, minutes, hour, hours, day, days",
          EXAMPLE);
    }
  }

  /**
   * {@code cron(minutes hours day-of-month month day-of-week year)}: AWS's six-field cron, read as
   * wall-clock time in the schedule's zone. See {@link CronParser} for what each field accepts.
   */
  final class Cron implements ScheduleExpression {
    private final String text;
    private final List<String> fields;
    private final CronSpec spec;

    private Cron(List<String> fields, CronSpec spec) {
      this.fields = List.copyOf(fields);
      this.text = "cron(" + String.join(" ", fields) + ")";
      this.spec = spec;
    }

    static Cron parse(String s) {
      if (!s.endsWith(")")) {
        throw Refusal.of(s, "the expression must end with ')'", "cron(0 12 * * ? *)");
      }
      String inside = s.substring("cron(".length(), s.length() - 1).strip();
      List<String> fields = inside.isEmpty() ? List.of() : List.of(inside.split("\\s+"));
      return new Cron(fields, CronParser.parse(s, fields));
    }

    @Override
    public String text() {
      return text;
    }

    /** The six fields as written: minutes, hours, day-of-month, month, day-of-week, year. */
    public List<String> fields() {
      return fields;
    }

    /** The first wall-clock minute at or after {@code from} that the fields match. */
    Optional<LocalDateTime> nextMatch(LocalDateTime from) {
      return spec.nextMatch(from);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Cron c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
      return text.hashCode();
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * {@code at(yyyy-mm-ddThh:mm:ss)}: one run, at this wall-clock time in the schedule's zone.
   *
   * @param time the wall-clock time, to the second
   */
  record At(LocalDateTime time) implements ScheduleExpression {
    private static final Pattern SYNTAX =
        Pattern.compile("at\\((\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})\\)");
    private static final String EXAMPLE = "at(2030-01-01T09:00:00)";
    private static final DateTimeFormatter WRITTEN =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    public At {
      Objects.requireNonNull(time, "time");
      time = time.withNano(0);
    }

    @Override
    public String text() {
      return "at(" + WRITTEN.format(time) + ")";
    }

    static At parse(String s) {
      Matcher m = SYNTAX.matcher(s);
      if (!m.matches()) {
        throw Refusal.of(
            s,
            "the time must be written yyyy-mm-ddThh:mm:ss (seconds included, no zone or offset:"
                + " the schedule's time zone applies)",
            EXAMPLE);
      }
      try {
        return new At(
            LocalDateTime.of(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)),
                Integer.parseInt(m.group(5)),
                Integer.parseInt(m.group(6))));
      } catch (DateTimeException e) {
        throw Refusal.of(s, "that date or time does not exist (" + e.getMessage() + ")", EXAMPLE);
      }
    }
  }
}

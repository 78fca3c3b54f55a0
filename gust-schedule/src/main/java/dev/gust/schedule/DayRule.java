package dev.gust.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.BitSet;

/**
 * Which days of a month a cron expression fires on. AWS lets a cron set either day-of-month or
 * day-of-week, never both (the other is {@code ?}), so one rule says it all.
 */
sealed interface DayRule {
  boolean matches(LocalDate date);

  /** AWS numbers days of the week 1 (SUN) to 7 (SAT); {@code java.time} has MONDAY=1..SUNDAY=7. */
  static int awsNumber(DayOfWeek day) {
    return day.getValue() % 7 + 1;
  }

  static DayOfWeek fromAwsNumber(int n) {
    return DayOfWeek.of((n + 5) % 7 + 1);
  }

  /** Day-of-month values, lists, ranges and increments: {@code 1,15}, {@code 1-7}, {@code 1/2}. */
  record DaysOfMonth(BitSet days) implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      return days.get(date.getDayOfMonth());
    }
  }

  /** {@code L} in day-of-month: the last day of the month. */
  record LastDayOfMonth() implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      return date.getDayOfMonth() == date.lengthOfMonth();
    }
  }

  /** {@code LW}: the last weekday (Monday to Friday) of the month. */
  record LastWeekdayOfMonth() implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      return date.getDayOfMonth() == nearestWeekday(YearMonth.from(date), date.lengthOfMonth());
    }
  }

  /**
   * {@code 15W}: the weekday closest to the 15th, inside the same month. A Saturday moves to the
   * Friday before, unless that is in the previous month (then the Monday after); a Sunday moves to
   * the Monday after, unless that is in the next month (then the Friday before). A day the month
   * does not have ({@code 31W} in April) matches nothing that month, as plain {@code 31} does.
   */
  record NearestWeekday(int day) implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      return date.getDayOfMonth() == nearestWeekday(YearMonth.from(date), day);
    }
  }

  /** Day-of-week values, lists and ranges in AWS's numbering ({@code MON-FRI} is 2-6). */
  record DaysOfWeek(BitSet awsDays) implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      return awsDays.get(awsNumber(date.getDayOfWeek()));
    }
  }

  /** {@code 5L} or {@code THUL}: the last Thursday of the month. */
  record LastInMonth(DayOfWeek day) implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      return date.getDayOfWeek() == day && date.getDayOfMonth() + 7 > date.lengthOfMonth();
    }
  }

  /** {@code 3#2}: the second Tuesday of the month; a fifth that the month lacks matches nothing. */
  record NthInMonth(DayOfWeek day, int nth) implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      return date.getDayOfWeek() == day && (date.getDayOfMonth() - 1) / 7 + 1 == nth;
    }
  }

  /** The weekday nearest to {@code day} within {@code month}, or -1 if the month lacks the day. */
  private static int nearestWeekday(YearMonth month, int day) {
    int length = month.lengthOfMonth();
    if (day > length) {
      return -1;
    }
    return switch (month.atDay(day).getDayOfWeek()) {
      case SATURDAY -> day == 1 ? 3 : day - 1;
      case SUNDAY -> day == length ? day - 2 : day + 1;
      default -> day;
    };
  }
}

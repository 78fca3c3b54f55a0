package dev.gust.schedule;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Optional;

/**
 * A parsed cron expression: the set of allowed values of each field, and the day rule.
 *
 * <p>{@link #nextMatch} walks wall-clock time forward field by field, largest first: a year that is
 * not allowed jumps to the next allowed year, a month to the next allowed month, a day to the next
 * day, an hour or a minute to the next allowed one. Each jump lands on the first minute of the unit
 * it moved to, so the walk never passes a match, and it ends after 2199, the last year AWS accepts.
 * Time zones and daylight saving time are not its business: {@link Schedule} maps the wall-clock
 * minutes it returns to instants.
 */
record CronSpec(BitSet minutes, BitSet hours, DayRule days, BitSet months, BitSet years) {

  /** The first wall-clock minute at or after {@code from} that every field allows. */
  Optional<LocalDateTime> nextMatch(LocalDateTime from) {
    LocalDateTime t = from.truncatedTo(ChronoUnit.MINUTES);
    if (t.isBefore(from)) {
      t = t.plusMinutes(1);
    }
    while (true) {
      int year = t.getYear();
      if (year > CronParser.MAX_YEAR) {
        return Optional.empty();
      }
      if (year < CronParser.MIN_YEAR) {
        t = LocalDateTime.of(CronParser.MIN_YEAR, 1, 1, 0, 0);
        continue;
      }
      if (!years.get(year)) {
        int next = years.nextSetBit(year);
        if (next < 0) {
          return Optional.empty();
        }
        t = LocalDateTime.of(next, 1, 1, 0, 0);
        continue;
      }
      int month = t.getMonthValue();
      if (!months.get(month)) {
        int next = months.nextSetBit(month);
        t =
            next < 0
                ? LocalDateTime.of(year + 1, 1, 1, 0, 0)
                : LocalDateTime.of(year, next, 1, 0, 0);
        continue;
      }
      if (!days.matches(t.toLocalDate())) {
        t = t.toLocalDate().plusDays(1).atStartOfDay();
        continue;
      }
      int hour = t.getHour();
      if (!hours.get(hour)) {
        int next = hours.nextSetBit(hour);
        t = next < 0 ? t.toLocalDate().plusDays(1).atStartOfDay() : t.toLocalDate().atTime(next, 0);
        continue;
      }
      int minute = t.getMinute();
      if (!minutes.get(minute)) {
        int next = minutes.nextSetBit(minute);
        t = next < 0 ? t.truncatedTo(ChronoUnit.HOURS).plusHours(1) : t.withMinute(next);
        continue;
      }
      return Optional.of(t);
    }
  }
}

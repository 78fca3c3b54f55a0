package dev.gust.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Wall-clock times to instants, across daylight saving time transitions. The two rules differ on
 * purpose; {@link Schedule} says why and where they come from.
 */
final class WallClock {
  private WallClock() {}

  /**
   * For recurring (cron) times: a time that a spring-forward gap skips does not exist, so it has no
   * instant; a time that a fall-back overlap repeats maps to its first occurrence only.
   */
  static Optional<Instant> recurring(LocalDateTime time, ZoneId zone) {
    List<ZoneOffset> offsets = zone.getRules().getValidOffsets(time);
    if (offsets.isEmpty()) {
      return Optional.empty();
    }
    ZoneOffset first = offsets.getFirst();
    for (ZoneOffset o : offsets) {
      if (o.getTotalSeconds() > first.getTotalSeconds()) {
        first = o; // the larger offset gives the earlier instant
      }
    }
    return Optional.of(time.toInstant(first));
  }

  /**
   * For the one time of an {@code at()} schedule: a time in a gap moves later by the length of the
   * gap (02:30 on a night that jumps from 02:00 to 03:00 becomes 03:30), so the run still happens;
   * a time in an overlap maps to its first occurrence.
   */
  static Instant oneTime(LocalDateTime time, ZoneId zone) {
    return ZonedDateTime.ofLocal(time, zone, null).toInstant();
  }
}

package dev.gust.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Fixed instants and schedules for the tests; nothing here reads the real clock. */
final class Fixtures {
  private Fixtures() {}

  /** Long before every "after" the tests use, so the anchor never hides a fire time. */
  static final Instant CREATED = Instant.parse("2020-01-01T00:00:00Z");

  static Instant t(String iso) {
    return Instant.parse(iso);
  }

  static Schedule utc(String expression) {
    return Schedule.utc(ScheduleExpression.parse(expression), CREATED);
  }

  static Schedule in(String zone, String expression) {
    return Schedule.of(ScheduleExpression.parse(expression), ZoneId.of(zone), CREATED);
  }

  /** The next {@code n} fire times after {@code after}, fewer if the schedule ends. */
  static List<Instant> fires(Schedule schedule, Instant after, int n) {
    List<Instant> out = new ArrayList<>();
    Instant cursor = after;
    for (int i = 0; i < n; i++) {
      Optional<Instant> next = schedule.nextAfter(cursor);
      if (next.isEmpty()) {
        break;
      }
      out.add(next.get());
      cursor = next.get();
    }
    return out;
  }

  static List<Instant> instants(String... iso) {
    return java.util.Arrays.stream(iso).map(Instant::parse).toList();
  }
}

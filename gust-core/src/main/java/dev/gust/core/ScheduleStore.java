package dev.gust.core;

import java.time.Instant;
import java.util.List;

/** Durable storage of schedules; each method is one transaction. */
public interface ScheduleStore {

  List<ScheduleRule> loadSchedules();

  /** Inserts a schedule; its name must be new and its function must exist. */
  void putSchedule(ScheduleRule rule);

  void deleteSchedule(String name);

  /** Records the last scheduled time fired (or skipped) by a schedule. */
  void checkpoint(String name, Instant lastFired);
}

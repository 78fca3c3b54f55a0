package dev.gust.core;

import java.time.Instant;

/**
 * Time, injected. Policy code (keep-warm, timeouts, metering) reads time only through this, so
 * tests can move a manual clock instead of sleeping.
 */
public interface Clock {
  /** Wall-clock time, for timestamps a user sees. */
  Instant now();

  /** Monotonic nanoseconds, for durations. */
  long nanoTime();

  /** Wall-clock milliseconds since the epoch. */
  default long millis() {
    return now().toEpochMilli();
  }

  Clock SYSTEM =
      new Clock() {
        @Override
        public Instant now() {
          return Instant.now();
        }

        @Override
        public long nanoTime() {
          return System.nanoTime();
        }
      };
}

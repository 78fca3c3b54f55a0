package dev.gust.core;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to. For tests and simulations. */
public final class ManualClock implements Clock {
  private final Instant origin;
  private final AtomicLong elapsedNanos = new AtomicLong();

  public ManualClock(Instant origin) {
    this.origin = origin;
  }

  public void advance(Duration duration) {
    elapsedNanos.addAndGet(duration.toNanos());
  }

  @Override
  public Instant now() {
    return origin.plusNanos(elapsedNanos.get());
  }

  @Override
  public long nanoTime() {
    return elapsedNanos.get();
  }
}

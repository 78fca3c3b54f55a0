package dev.gust.gateway;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A token bucket, the algorithm API Gateway throttles with: the bucket holds at most {@code burst}
 * tokens and gains {@code rate} tokens a second; a request takes one token or is refused.
 *
 * <p>Design: the bucket is refilled lazily. It keeps the token count (a double, so a rate of 0.5
 * a second works) and the monotonic time of its last update, and tops up by {@code elapsed * rate}
 * whenever it is asked; nothing runs in the background and no thread sleeps. A new bucket starts
 * full, so a client may spend the whole burst at once. When the limits change (a usage plan or a
 * route is updated) the bucket keeps its tokens, capped at the new burst. Time comes from the
 * caller (monotonic nanoseconds from {@link dev.gust.core.Clock#nanoTime()}), so tests move a
 * manual clock. One short lock per bucket; callers hold no other lock while they take.
 */
final class TokenBucket {
  private final ReentrantLock lock = new ReentrantLock();
  private double rate;
  private int burst;
  private double tokens;
  private long updatedNanos;

  TokenBucket(double rate, int burst, long nowNanos) {
    this.rate = rate;
    this.burst = burst;
    this.tokens = burst;
    this.updatedNanos = nowNanos;
  }

  /**
   * Takes one token when there is one and returns 0; otherwise takes nothing and returns the
   * nanoseconds until a token will be there.
   */
  long tryTake(double rate, int burst, long nowNanos) {
    lock.lock();
    try {
      refill(rate, burst, nowNanos);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return nanosUntilToken();
    } finally {
      lock.unlock();
    }
  }

  private long nanosUntilToken() {
    return (long) Math.ceil((1 - tokens) / rate * 1e9);
  }

  private void refill(double newRate, int newBurst, long nowNanos) {
    long elapsed = Math.max(0, nowNanos - updatedNanos);
    tokens = Math.min(burst, tokens + elapsed / 1e9 * rate);
    updatedNanos = Math.max(updatedNanos, nowNanos);
    if (newRate != rate || newBurst != burst) {
      rate = newRate;
      burst = newBurst;
      tokens = Math.min(tokens, burst);
    }
  }
}

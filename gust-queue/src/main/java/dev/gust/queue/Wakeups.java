package dev.gust.queue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where long polls wait: one condition per queue, with a version that every signal increments, so
 * a receive that found nothing and then waits cannot miss a send that committed in between (it
 * waits only while the version is the one it read before its claim).
 */
final class Wakeups {

  /** One queue's condition. */
  static final class Signal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long version;

    long version() {
      lock.lock();
      try {
        return version;
      } finally {
        lock.unlock();
      }
    }

    /**
     * Waits up to {@code nanos} while the version is still {@code seen}; returns the nanoseconds
     * of the wait left unused (positive when the version changed first).
     */
    long awaitChange(long seen, long nanos) throws InterruptedException {
      lock.lock();
      try {
        long left = nanos;
        while (version == seen && left > 0) {
          left = changed.awaitNanos(left);
        }
        return Math.max(0, left);
      } finally {
        lock.unlock();
      }
    }

    void signal() {
      lock.lock();
      try {
        version++;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private final ConcurrentHashMap<String, Signal> signals = new ConcurrentHashMap<>();

  Signal of(String queue) {
    return signals.computeIfAbsent(queue, q -> new Signal());
  }

  void signal(String queue) {
    Signal s = signals.get(queue);
    if (s != null) {
      s.signal();
    }
  }

  /** Wakes a deleted queue's waiters and forgets its condition. */
  void forget(String queue) {
    Signal s = signals.remove(queue);
    if (s != null) {
      s.signal();
    }
  }

  void signalAll() {
    signals.values().forEach(Signal::signal);
  }

  static long nanos(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
  }
}

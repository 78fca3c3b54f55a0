package dev.gust.instances;

import dev.gust.core.GustException;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * Admission control for concurrent executions, as Lambda does it: a function with reserved
 * concurrency R runs at most R invocations at once (0 throttles it completely); functions without
 * a reservation share what is left of the server-wide limit once every reservation is set aside.
 */
public final class ConcurrencyGovernor {
  static final String RESERVED_REASON = "ReservedFunctionConcurrentInvocationLimitExceeded";
  static final String ACCOUNT_REASON = "ConcurrentInvocationLimitExceeded";

  private final int limit;
  private final IntSupplier totalReserved;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Integer> inFlight = new HashMap<>();
  private int unreservedInFlight;

  /**
   * @param limit server-wide concurrent executions
   * @param totalReserved the sum of every function's reservation, read at each admission
   */
  public ConcurrencyGovernor(int limit, IntSupplier totalReserved) {
    this.limit = limit;
    this.totalReserved = totalReserved;
  }

  /**
   * Admits one invocation of a function or throws {@code TooManyRequestsException}.
   *
   * @param reserved the function's reservation, if any
   */
  public void acquire(String function, OptionalInt reserved) {
    lock.lock();
    try {
      int running = inFlight.getOrDefault(function, 0);
      if (reserved.isPresent()) {
        if (running >= reserved.getAsInt()) {
          throw GustException.throttled(RESERVED_REASON, "Rate Exceeded.", 1);
        }
      } else {
        int unreserved = limit - totalReserved.getAsInt();
        if (unreservedInFlight >= unreserved) {
          throw GustException.throttled(ACCOUNT_REASON, "Rate Exceeded.", 1);
        }
        unreservedInFlight++;
      }
      inFlight.put(function, running + 1);
    } finally {
      lock.unlock();
    }
  }

  /** Returns the slot {@link #acquire} gave; pass the same reservation. */
  public void release(String function, OptionalInt reserved) {
    lock.lock();
    try {
      int running = inFlight.getOrDefault(function, 0) - 1;
      if (running <= 0) {
        inFlight.remove(function);
      } else {
        inFlight.put(function, running);
      }
      if (reserved.isEmpty()) {
        unreservedInFlight--;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Invocations of a function running now. */
  public int inFlight(String function) {
    lock.lock();
    try {
      return inFlight.getOrDefault(function, 0);
    } finally {
      lock.unlock();
    }
  }
}

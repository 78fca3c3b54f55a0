package dev.gust.instances;

import dev.gust.core.FunctionVersion;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The instances of one function version (one code and configuration revision).
 *
 * <p>Idle instances are kept most-recently-used first: an invocation takes the warmest one, and
 * the reaper stops instances from the cold end. A retired pool (its version changed or was
 * deleted) hands out nothing and stops instances as they come back.
 */
final class InstancePool {
  private final FunctionVersion version;
  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<Instance> idle = new ArrayDeque<>();
  private final List<Instance> all = new ArrayList<>();
  private int starting; // launches in progress, so the reaper never drops a pool mid-launch
  private boolean retired;

  InstancePool(FunctionVersion version) {
    this.version = version;
  }

  FunctionVersion version() {
    return version;
  }

  /** The most recently used idle instance, now BUSY; or null when none is idle. */
  Instance takeIdle() {
    lock.lock();
    try {
      while (!retired && !idle.isEmpty()) {
        Instance i = idle.pollFirst();
        if (i.transition(InstanceState.Event.ASSIGN)) {
          return i;
        }
        all.remove(i); // died while idle
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Announces a launch; false when the pool is retired (take a fresh pool instead). */
  boolean beginStart() {
    lock.lock();
    try {
      if (retired) {
        return false;
      }
      starting++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Ends a launch announced by {@link #beginStart}, registering the instance if there is one. */
  void endStart(Instance instanceOrNull) {
    lock.lock();
    try {
      starting--;
      if (instanceOrNull != null) {
        all.add(instanceOrNull);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Retires the pool if it holds no instance and starts none; true when it did. */
  boolean retireIfUnused() {
    lock.lock();
    try {
      all.removeIf(i -> i.state() == InstanceState.DEAD);
      if (starting == 0 && all.isEmpty()) {
        retired = true;
      }
      return retired;
    } finally {
      lock.unlock();
    }
  }

  /** Returns an instance after an invocation: to the idle list, or stopped. */
  void giveBack(Instance instance, boolean reusable) {
    boolean stop;
    lock.lock();
    try {
      stop = retired || !reusable || !instance.transition(InstanceState.Event.RELEASE);
      if (!stop && instance.state() == InstanceState.IDLE) {
        idle.addFirst(instance);
      } else {
        stop = true;
        all.remove(instance);
      }
    } finally {
      lock.unlock();
    }
    if (stop) {
      instance.stop();
    }
  }

  /** Removes and returns idle instances unused since {@code cutoffNanos}. */
  List<Instance> takeExpired(long cutoffNanos) {
    List<Instance> expired = new ArrayList<>();
    lock.lock();
    try {
      while (!idle.isEmpty() && idle.peekLast().lastUsedNanos() <= cutoffNanos) {
        Instance i = idle.pollLast();
        all.remove(i);
        expired.add(i);
      }
    } finally {
      lock.unlock();
    }
    return expired;
  }

  /** Retires the pool; returns every instance it held so the caller can stop the idle ones. */
  List<Instance> retire() {
    lock.lock();
    try {
      retired = true;
      List<Instance> idleOnes = new ArrayList<>(idle);
      all.removeAll(idleOnes);
      idle.clear();
      return idleOnes;
    } finally {
      lock.unlock();
    }
  }

  /** Every instance still alive in this pool (busy, idle or starting). */
  List<Instance> instances() {
    lock.lock();
    try {
      all.removeIf(i -> i.state() == InstanceState.DEAD);
      return List.copyOf(all);
    } finally {
      lock.unlock();
    }
  }

  int idleCount() {
    lock.lock();
    try {
      return idle.size();
    } finally {
      lock.unlock();
    }
  }
}

package dev.gust.sandbox;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Best-effort memory limit where there is no memory cgroup: samples the resident memory of the
 * instance's process tree every {@link #PERIOD} and kills the tree once the sum exceeds the limit.
 *
 * <p>Limits of the method: a process can allocate far beyond the limit between two samples (a fast
 * allocator touches gigabytes per second, so the overshoot can reach hundreds of MB and the host
 * may swap or OOM first); shared pages count once per process; processes that leave the tree
 * (daemons) are not counted; page cache and tmpfs files are not counted at all. The peak is the
 * highest of the sampled sums and each process's own high-water mark ({@code VmHWM}), so a spike
 * between samples still shows in a single process's peak.
 */
final class RssWatchdog {

  static final Duration PERIOD = Duration.ofMillis(50);

  /** One thread samples every instance; a sample reads a few small procfs files. */
  private static final ScheduledExecutorService SHARED =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "gust-rss-watchdog");
            thread.setDaemon(true);
            return thread;
          });

  private final ProcessTree tree;
  private final long rootPid;
  private final long limitBytes;
  private final Runnable onExceeded;
  private final ReentrantLock lock = new ReentrantLock();
  private long peak;
  private boolean exceeded;
  private ScheduledFuture<?> schedule;

  RssWatchdog(ProcessTree tree, long rootPid, long limitBytes, Runnable onExceeded) {
    this.tree = tree;
    this.rootPid = rootPid;
    this.limitBytes = limitBytes;
    this.onExceeded = onExceeded;
  }

  /** What enforces limits, for {@code describe()}: the cgroups, or else this watchdog. */
  static String limitsBy(Optional<Cgroups> cgroups) {
    return cgroups
        .map(c -> "limits by " + c.describe())
        .orElse(
            "memory enforced by sampling RSS every "
                + PERIOD.toMillis()
                + " ms, no pids or CPU limits");
  }

  void start() {
    start(SHARED);
  }

  void start(ScheduledExecutorService scheduler) {
    lock.lock();
    try {
      schedule =
          scheduler.scheduleWithFixedDelay(
              this::sample, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      lock.unlock();
    }
  }

  void stop() {
    lock.lock();
    try {
      if (schedule != null) {
        schedule.cancel(false);
      }
    } finally {
      lock.unlock();
    }
  }

  /** One sample: adds up the tree's resident memory and kills it when over the limit. */
  void sample() {
    long sum = 0;
    long highestSingle = 0;
    for (long pid : tree.pids(rootPid)) {
      ProcessTree.Rss rss = tree.rss(pid);
      sum += rss.current();
      highestSingle = Math.max(highestSingle, rss.peak());
    }
    boolean kill = false;
    lock.lock();
    try {
      peak = Math.max(peak, Math.max(sum, highestSingle));
      if (sum > limitBytes && !exceeded) {
        exceeded = true;
        kill = true;
      }
    } finally {
      lock.unlock();
    }
    if (kill) {
      stop();
      onExceeded.run();
    }
  }

  OptionalLong peak() {
    lock.lock();
    try {
      return peak == 0 ? OptionalLong.empty() : OptionalLong.of(peak);
    } finally {
      lock.unlock();
    }
  }

  boolean exceeded() {
    lock.lock();
    try {
      return exceeded;
    } finally {
      lock.unlock();
    }
  }
}

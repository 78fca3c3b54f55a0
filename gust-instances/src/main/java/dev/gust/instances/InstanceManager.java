package dev.gust.instances;

import dev.gust.core.Clock;
import dev.gust.core.FunctionVersion;
import dev.gust.core.GustException;
import dev.gust.core.ErrorType;
import dev.gust.runtimeapi.RuntimeInvocation;
import dev.gust.runtimeapi.RuntimeResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs invocations on instances: admits them ({@link ConcurrencyGovernor}), takes a warm
 * instance or starts a cold one, runs the invocation, and returns the instance to its pool.
 * Stops idle instances after the keep-warm period and retires pools whose version changed.
 */
public final class InstanceManager implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("gust.instances");

  /**
   * Tunables.
   *
   * @param keepWarm how long an idle instance is kept before it is stopped
   * @param reapInterval how often idle instances are checked
   * @param initTimeout how long a new instance may take to initialise
   */
  public record Settings(Duration keepWarm, Duration reapInterval, Duration initTimeout) {
    public static final Settings DEFAULTS =
        new Settings(Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  /** Counts for observation and tests. */
  public record Stats(int pools, int instances, int idle) {}

  private final InstanceLauncher launcher;
  private final ConcurrencyGovernor governor;
  private final Clock clock;
  private final Settings settings;
  private final Map<String, InstancePool> pools = new ConcurrentHashMap<>();
  private final ScheduledFuture<?> reaper;

  public InstanceManager(
      InstanceLauncher launcher,
      ConcurrencyGovernor governor,
      Clock clock,
      ScheduledExecutorService scheduler,
      Settings settings) {
    this.launcher = launcher;
    this.governor = governor;
    this.clock = clock;
    this.settings = settings;
    long every = settings.reapInterval().toMillis();
    this.reaper =
        scheduler.scheduleWithFixedDelay(this::reapSafely, every, every, TimeUnit.MILLISECONDS);
  }

  private static String key(FunctionVersion v) {
    return v.functionName() + "\u0000" + v.version() + "\u0000" + v.revisionId();
  }

  /**
   * Runs one invocation on the caller's thread.
   *
   * @param reserved the function's reserved concurrency, if any
   * @throws GustException 429 when concurrency is exhausted; 500 when no instance can be started
   */
  public Execution execute(FunctionVersion version, OptionalInt reserved, RuntimeInvocation inv) {
    governor.acquire(version.functionName(), reserved);
    try {
      Execution execution = executeOnce(version, inv);
      if (execution.result().kind() == RuntimeResult.Kind.NOT_DELIVERED) {
        // The instance went away before it took the event (e.g. it exited after its last
        // answer): nothing ran, so one retry on a fresh instance is safe.
        execution = executeOnce(version, inv);
      }
      return execution;
    } finally {
      governor.release(version.functionName(), reserved);
    }
  }

  private Execution executeOnce(FunctionVersion version, RuntimeInvocation inv) {
    while (true) {
      InstancePool pool = pools.computeIfAbsent(key(version), k -> new InstancePool(version));
      Instance instance = pool.takeIdle();
      if (instance == null) {
        if (!pool.beginStart()) {
          pools.remove(key(version), pool); // retired meanwhile: take a fresh pool
          continue;
        }
        try {
          instance = launcher.launch(version);
        } catch (InstanceLauncher.InvalidEntrypoint e) {
          pool.endStart(null);
          return new Execution(
              RuntimeResult.platformError("Runtime.InvalidEntrypoint", e.getMessage()),
              true, 0, 0, 0, "", "");
        } catch (IOException | RuntimeException e) {
          pool.endStart(null);
          throw new GustException(
              ErrorType.SERVICE,
              "Could not start an instance of " + version.functionName() + ": " + e.getMessage(),
              e);
        }
        pool.endStart(instance);
        // If it already died, ASSIGN is refused and invoke() reports the runtime's exit error.
        instance.transition(InstanceState.Event.ASSIGN);
      }
      boolean reusable = false;
      try {
        Execution execution = instance.invoke(inv, settings.initTimeout());
        reusable = instance.reusableAfter(execution.result());
        return execution;
      } finally {
        pool.giveBack(instance, reusable);
      }
    }
  }

  /** Stops idle instances older than the keep-warm period; returns how many. */
  public int reapIdle() {
    long cutoff = clock.nanoTime() - settings.keepWarm().toNanos();
    int stopped = 0;
    for (Map.Entry<String, InstancePool> e : pools.entrySet()) {
      InstancePool pool = e.getValue();
      for (Instance i : pool.takeExpired(cutoff)) {
        i.stop();
        stopped++;
      }
      if (pool.retireIfUnused()) {
        pools.remove(e.getKey(), pool);
      }
    }
    return stopped;
  }

  /** The reaper's scheduled task: a failure is logged, never allowed to cancel the schedule. */
  private void reapSafely() {
    try {
      reapIdle();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "reaping idle instances failed; will retry", e);
    }
  }

  /**
   * Retires the pools of a function whose version no longer satisfies {@code stillCurrent} (its
   * code or configuration changed, or it was deleted): idle instances stop now, busy ones when
   * they finish.
   */
  public void retire(String functionName, Predicate<FunctionVersion> stillCurrent) {
    for (Map.Entry<String, InstancePool> e : pools.entrySet()) {
      FunctionVersion v = e.getValue().version();
      if (v.functionName().equals(functionName) && !stillCurrent.test(v)) {
        pools.remove(e.getKey());
        e.getValue().retire().forEach(Instance::stop);
      }
    }
  }

  public Stats stats() {
    int instances = 0;
    int idle = 0;
    for (InstancePool p : pools.values()) {
      instances += p.instances().size();
      idle += p.idleCount();
    }
    return new Stats(pools.size(), instances, idle);
  }

  /** Stops every instance and waits (bounded) for their processes to exit. */
  @Override
  public void close() {
    reaper.cancel(false);
    List<Instance> all = new ArrayList<>();
    for (InstancePool p : pools.values()) {
      all.addAll(p.retire()); // the idle ones
      all.addAll(p.instances()); // the busy and starting ones
    }
    pools.clear();
    all.forEach(Instance::stop);
    for (Instance i : all) {
      try {
        i.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // best effort at shutdown
      }
    }
  }
}

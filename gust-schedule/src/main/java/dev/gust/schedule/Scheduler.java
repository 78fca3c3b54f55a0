package dev.gust.schedule;

import dev.gust.core.Arns;
import dev.gust.core.Clock;
import dev.gust.core.FunctionRegistry;
import dev.gust.core.GustException;
import dev.gust.core.ScheduleRule;
import dev.gust.core.ScheduleStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fires schedules: at each scheduled time, hands the function its event (EventBridge's Scheduled
 * Event, or the schedule's own input) as a durable asynchronous invocation.
 *
 * <p>No run fires twice: a run's request id is derived from the schedule's name and the scheduled
 * time, so handing it over again (after a crash between hand-over and checkpoint) is the same
 * event, which the event store keeps once; and the checkpoint (the last scheduled time fired) is
 * stored after each hand-over. Runs missed while the server was down are settled once at {@link
 * #start()} by each schedule's {@code MissedRuns} policy: {@code FIRE_ONCE} (the default) fires
 * the latest missed run once, {@code SKIP} fires none. After start-up a run that is merely late
 * (a busy machine, a paused process) still fires.
 *
 * <p>Time comes from the injected {@link Clock}; {@link #tick()} does one round at the clock's
 * current time, which tests call after moving a manual clock instead of waiting.
 */
public final class Scheduler implements FunctionRegistry.Listener, AutoCloseable {

  /** Where a fired run goes: a durable asynchronous invocation. */
  @FunctionalInterface
  public interface Target {
    void fire(String requestId, Arns.FunctionRef function, byte[] event);
  }

  /** A schedule as listed: its stored form and when it fires next. */
  public record Listed(ScheduleRule rule, Optional<Instant> nextFire) {}

  private record Entry(ScheduleRule rule, Schedule schedule) {}

  private static final System.Logger LOG = System.getLogger("gust.schedules");

  private final ScheduleStore store;
  private final FunctionRegistry functions;
  private final Arns arns;
  private final Clock clock;
  private final Target target;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private volatile boolean closed;
  private Thread loop;

  public Scheduler(ScheduleStore store, FunctionRegistry functions, Arns arns, Clock clock,
      Target target) {
    this.store = store;
    this.functions = functions;
    this.arns = arns;
    this.clock = clock;
    this.target = target;
    for (ScheduleRule rule : store.loadSchedules()) {
      entries.put(rule.name(), new Entry(rule, parse(rule)));
    }
    functions.addListener(this);
  }

  /** Settles runs missed while the server was down, then fires schedules on a thread of its own. */
  public void start() {
    lock.lock();
    try {
      Instant now = clock.now();
      for (Entry e : List.copyOf(entries.values())) {
        if (e.rule().enabled()) {
          settle(e, now, MissedRunPolicy.valueOf(e.rule().missedRuns()), true);
        }
      }
    } finally {
      lock.unlock();
    }
    loop = Thread.ofPlatform().name("gust-schedules").daemon(true).start(this::run);
  }

  /** Creates a schedule; the expression and time zone are checked (400 when wrong). */
  public ScheduleRule create(String name, Arns.FunctionRef function, String expression,
      String timezone, String missedRuns, Optional<String> input, boolean enabled) {
    functions.function(function.name());
    if (function.qualifier().isPresent()) {
      functions.version(function);
    }
    ScheduleRule rule = new ScheduleRule(name, function.name(), function.qualifier(), expression,
        timezone, missedRuns, input, enabled, clock.now(), Optional.empty());
    Entry entry = new Entry(rule, parse(rule));
    lock.lock();
    try {
      store.putSchedule(rule);
      entries.put(name, entry);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return rule;
  }

  public ScheduleRule delete(String name) {
    lock.lock();
    try {
      Entry e = Optional.ofNullable(entries.get(name))
          .orElseThrow(() -> GustException.notFound("No schedule '" + name + "'."));
      store.deleteSchedule(name);
      entries.remove(name);
      return e.rule();
    } finally {
      lock.unlock();
    }
  }

  public List<Listed> list() {
    Instant now = clock.now();
    return entries.values().stream()
        .sorted(Comparator.comparing(e -> e.rule().name()))
        .map(e -> new Listed(e.rule(), e.rule().enabled() ? next(e, now) : Optional.empty()))
        .toList();
  }

  /** One round at the clock's current time: fires every schedule that is due. */
  public void tick() {
    lock.lock();
    try {
      Instant now = clock.now();
      for (Entry e : List.copyOf(entries.values())) {
        if (e.rule().enabled()) {
          settle(e, now, MissedRunPolicy.FIRE_ONCE, false);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Fires what {@code e} owes at {@code now} under {@code policy}, then records the checkpoint. */
  private void settle(Entry e, Instant now, MissedRunPolicy policy, boolean startUp) {
    Catchup plan = Catchup.plan(e.schedule(), e.rule().lastFired(), now, policy);
    for (Instant at : plan.due()) {
      fire(e.rule(), at);
    }
    if (startUp && plan.firstMissed().isPresent() && plan.due().isEmpty()) {
      LOG.log(System.Logger.Level.INFO, "schedule " + e.rule().name() + ": skipped runs from "
          + plan.firstMissed().get() + " to " + plan.lastMissed().orElseThrow()
          + " missed while Gust was down (MissedRuns SKIP)");
    }
    Optional<Instant> checkpoint = plan.checkpoint();
    if (checkpoint.isPresent()) {
      store.checkpoint(e.rule().name(), checkpoint.get());
      entries.computeIfPresent(e.rule().name(),
          (k, old) -> new Entry(old.rule().withLastFired(checkpoint.get()), old.schedule()));
    }
  }

  private void fire(ScheduleRule rule, Instant scheduledTime) {
    byte[] event = rule.input()
        .orElseGet(() -> ScheduledEvent.forRule(arns, rule.name(), scheduledTime).toJson())
        .getBytes(StandardCharsets.UTF_8);
    String requestId = UUID.nameUUIDFromBytes(
        (rule.name() + "@" + scheduledTime).getBytes(StandardCharsets.UTF_8)).toString();
    try {
      target.fire(requestId, rule.target(), event);
    } catch (RuntimeException ex) {
      // Not checkpointed past a run that was not handed over: it is retried next round.
      LOG.log(System.Logger.Level.WARNING, "schedule " + rule.name() + ": run at " + scheduledTime
          + " could not be handed over: " + ex.getMessage());
      throw ex;
    }
  }

  private Optional<Instant> next(Entry e, Instant now) {
    Instant from = e.rule().lastFired().filter(now::isBefore).orElse(now);
    return e.rule().lastFired().isEmpty()
        ? e.schedule().first().filter(t -> !t.isBefore(now)).or(() -> e.schedule().nextAfter(now))
        : e.schedule().nextAfter(from);
  }

  private void run() {
    while (!closed) {
      try {
        tick();
        Instant now = clock.now();
        long waitMillis = entries.values().stream()
            .filter(e -> e.rule().enabled())
            .map(e -> next(e, now))
            .flatMap(Optional::stream)
            .map(t -> Duration.between(now, t).toMillis())
            .min(Long::compare)
            .orElse(60_000L);
        lock.lock();
        try {
          changed.await(Math.max(1, Math.min(waitMillis + 1, 60_000)), TimeUnit.MILLISECONDS);
        } finally {
          lock.unlock();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "the scheduler failed a round; retrying in 1 s", e);
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  @Override
  public void functionChanged(String functionName) {
    if (functions.find(functionName).isEmpty()) {
      entries.values().removeIf(e -> e.rule().functionName().equals(functionName)); // cascaded
    }
  }

  @Override
  public void close() {
    closed = true;
    if (loop != null) {
      loop.interrupt();
    }
  }

  private static Schedule parse(ScheduleRule rule) {
    return Schedule.of(ScheduleExpression.parse(rule.expression()),
        Schedule.parseZone(rule.timezone()), rule.created());
  }
}

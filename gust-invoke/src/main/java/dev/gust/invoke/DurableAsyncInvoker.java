package dev.gust.invoke;

import dev.gust.core.Arns;
import dev.gust.core.AsyncEvent;
import dev.gust.core.Clock;
import dev.gust.core.ErrorType;
import dev.gust.core.EventInvokeConfig;
import dev.gust.core.EventStore;
import dev.gust.core.FunctionVersion;
import dev.gust.core.GustException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Durable asynchronous invocation: Lambda's {@code Event} semantics over an {@link EventStore}.
 *
 * <p>Accepting: {@link #enqueue} hands the event to one writer thread and waits until it is
 * committed; the writer commits whatever has queued up in one transaction (group commit), so
 * many concurrent accepts share one fsync. Invoke answers 202 only after that.
 *
 * <p>Running: one dispatcher thread claims due events from the store, at most as many as there
 * are free run slots, and runs each on a worker (a virtual thread). Memory holds only the events
 * running, never the backlog. An event whose function is throttled goes back to the store and
 * waits ({@code throttleDelay}); throttled tries are not attempts. A function error is retried
 * after {@code retryDelays} (Lambda's 1 and 2 minutes by default) up to the function's
 * EventInvokeConfig MaximumRetryAttempts (default 2); an event older than MaximumEventAgeInSeconds
 * is not run. A final outcome goes to the OnSuccess or OnFailure destination in Lambda's record
 * shape. State changes are written by the same group-committing writer.
 *
 * <p>At-least-once: an event a crash caught running is queued again at start-up and may run
 * twice; nothing accepted is lost.
 */
public final class DurableAsyncInvoker implements EventQueue, AutoCloseable {

  /**
   * Tunables.
   *
   * @param maxRunning events running at once
   * @param retryDelays waits before the first and second retry after a function error
   * @param throttleDelay wait before trying a throttled event again
   * @param keepSucceeded how long succeeded events stay queryable
   * @param keepFailed how long failed events stay queryable and redrivable
   */
  public record Settings(
      int maxRunning,
      List<Duration> retryDelays,
      Duration throttleDelay,
      Duration keepSucceeded,
      Duration keepFailed) {
    public static final Settings DEFAULTS =
        new Settings(
            256,
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(2)),
            Duration.ofMillis(500),
            Duration.ofHours(24),
            Duration.ofDays(14));

    /** These settings with other waits before the first and second retry. */
    public Settings withRetryDelays(List<Duration> delays) {
      return new Settings(maxRunning, delays, throttleDelay, keepSucceeded, keepFailed);
    }

    public Settings {
      if (maxRunning < 1) {
        throw new IllegalArgumentException("maxRunning must be at least 1");
      }
      if (retryDelays.size() < EventInvokeConfig.DEFAULT_RETRY_ATTEMPTS) {
        throw new IllegalArgumentException("retryDelays needs a delay for each of 2 retries");
      }
      retryDelays = List.copyOf(retryDelays);
    }
  }

  private record Write(AsyncEvent event, boolean accepted, CompletableFuture<Void> done) {}

  private static final int MAX_WRITE_BATCH = 2000;
  private static final int MAX_CLAIM = 64;
  /** A claim this small was probably woken by one event; the next one waits a moment first. */
  private static final int SMALL_CLAIM = 4;
  private static final long GATHER_MILLIS = 3;
  private static final System.Logger LOG = System.getLogger("gust.async");

  private final InvocationService service;
  private final EventStore store;
  private final Function<Arns.FunctionRef, EventInvokeConfig> configs;
  private final Destinations destinations;
  private final ExecutorService workers;
  private final Clock clock;
  private final Settings settings;
  private final Semaphore slots;
  private final ConcurrentHashMap<String, Integer> running = new ConcurrentHashMap<>();
  private final BlockingQueue<Write> writes = new LinkedBlockingQueue<>(100_000);
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Thread writer;
  private final Thread dispatcher;
  private volatile boolean signalled;
  private volatile boolean closed;
  private Instant lastPurge = Instant.EPOCH;

  public DurableAsyncInvoker(
      InvocationService service,
      EventStore store,
      Function<Arns.FunctionRef, EventInvokeConfig> configs,
      Destinations destinations,
      ExecutorService workers,
      Clock clock,
      Settings settings) {
    this.service = service;
    this.store = store;
    this.configs = configs;
    this.destinations = destinations;
    this.workers = workers;
    this.clock = clock;
    this.settings = settings;
    this.slots = new Semaphore(settings.maxRunning());
    int requeued = store.requeueRunning(clock.now());
    if (requeued > 0) {
      LOG.log(System.Logger.Level.INFO,
          requeued + " asynchronous invocations were running when Gust stopped; queued again");
    }
    this.writer = Thread.ofPlatform().name("gust-async-writer").daemon(true).start(this::writeLoop);
    this.dispatcher =
        Thread.ofPlatform().name("gust-async-dispatcher").daemon(true).start(this::dispatchLoop);
    service.useAsync(this);
  }

  @Override
  public void enqueue(String requestId, Arns.FunctionRef function, byte[] payload) {
    if (closed) {
      throw new GustException(ErrorType.SERVICE, "Gust is stopping; retry the invocation.");
    }
    Write w = new Write(AsyncEvent.accepted(requestId, function, payload, clock.now()), true,
        new CompletableFuture<>());
    try {
      writes.put(w);
      w.done().get(); // durable before 202
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GustException(ErrorType.SERVICE, "Interrupted while storing the event.");
    } catch (ExecutionException e) {
      throw new GustException(ErrorType.SERVICE,
          "The event could not be stored: " + e.getCause().getMessage());
    }
    signal();
  }

  /** Wakes the dispatcher: something may be runnable now (new event, free slot, new config). */
  public void signal() {
    lock.lock();
    try {
      signalled = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---- writing -------------------------------------------------------------------------------

  private void writeLoop() {
    List<Write> batch = new ArrayList<>();
    while (true) {
      try {
        Write first = writes.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          if (closed) {
            return;
          }
          continue;
        }
        batch.add(first);
        writes.drainTo(batch, MAX_WRITE_BATCH - 1);
        List<AsyncEvent> accepted = new ArrayList<>();
        List<AsyncEvent> updated = new ArrayList<>();
        for (Write w : batch) {
          (w.accepted() ? accepted : updated).add(w.event());
        }
        try {
          store.write(accepted, updated);
          batch.forEach(w -> w.done().complete(null));
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.ERROR, "could not write asynchronous invocations", e);
          batch.forEach(w -> w.done().completeExceptionally(e));
        }
        batch.clear();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Records a state change; waits until it is written. */
  private void record(AsyncEvent event) {
    Write w = new Write(event, false, new CompletableFuture<>());
    try {
      writes.put(w);
      w.done().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // Left RUNNING in the store: it runs again after a restart (at-least-once).
      LOG.log(System.Logger.Level.ERROR, "event " + event.requestId() + " state not saved", e);
    }
  }

  // ---- dispatching ---------------------------------------------------------------------------

  private void dispatchLoop() {
    int lastClaimed = MAX_CLAIM;
    while (!closed) {
      try {
        if (lastClaimed < SMALL_CLAIM) {
          // Woken by one finished event or one accept: let a few more arrive, so that one claim
          // (a write transaction) serves many of them.
          Thread.sleep(GATHER_MILLIS);
        }
        signalled = false;
        int free = slots.availablePermits();
        lastClaimed = 0;
        if (free > 0) {
          List<AsyncEvent> due =
              store.claimDue(clock.now(), Math.min(free, MAX_CLAIM), capacity());
          lastClaimed = due.size();
          for (AsyncEvent e : due) {
            slots.acquire();
            running.merge(e.functionName(), 1, Integer::sum);
            workers.execute(() -> {
              try {
                run(e);
              } finally {
                running.merge(e.functionName(), -1, (a, b) -> a + b == 0 ? null : a + b);
                slots.release();
                signal();
              }
            });
          }
          if (due.size() == Math.min(free, MAX_CLAIM)) {
            continue; // there may be more due right now
          }
        }
        purgeNow();
        // Nothing more can be claimed now. Due events left behind are waiting for their
        // function's concurrency: a finished event or a configuration change signals. Otherwise
        // sleep until the next event falls due (at most a second).
        long waitMillis = 1000;
        if (slots.availablePermits() > 0) {
          Optional<Instant> next = store.nextDue();
          if (next.isPresent() && next.get().isAfter(clock.now())) {
            waitMillis = Math.max(1, Math.min(1000,
                Duration.between(clock.now(), next.get()).toMillis() + 1));
          }
        }
        lock.lock();
        try {
          if (!signalled && waitMillis > 0) {
            wake.await(waitMillis, TimeUnit.MILLISECONDS);
          }
        } finally {
          lock.unlock();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "the asynchronous dispatcher failed; retrying", e);
        sleepQuietly(1000);
      }
    }
  }

  /**
   * Room per function with reserved concurrency: its reservation minus its events running here,
   * so that a function's backlog waits in the store rather than being claimed and throttled.
   * (The server-wide limit still throttles others; those events go back with a delay.)
   */
  private Map<String, Integer> capacity() {
    Map<String, Integer> room = new HashMap<>();
    for (var f : service.registry().reservedConcurrency().entrySet()) {
      room.put(f.getKey(), Math.max(0, f.getValue() - running.getOrDefault(f.getKey(), 0)));
    }
    return room;
  }

  private void run(AsyncEvent event) {
    Instant now = clock.now();
    EventInvokeConfig config = configs.apply(event.function());
    String functionArn = service.registry().arns()
        .qualifiedArn(event.functionName(), event.qualifier().orElse(FunctionVersion.LATEST));
    if (Duration.between(event.accepted(), now).getSeconds() >= config.maxEventAgeSeconds()) {
      fail(event, event.attempts(), "EventAgeExceeded: older than " + config.maxEventAgeSeconds()
          + " s", config, functionArn, DestinationRecord.EVENT_AGE_EXCEEDED, Optional.empty());
      return;
    }
    InvokeResponse response;
    try {
      FunctionVersion version =
          service.registry().resolveForInvoke(event.function(), service.random().nextDouble());
      response = service.run(event.requestId(), event.function(), version, event.payload(),
          Optional.empty(), false, Optional.empty());
    } catch (GustException e) {
      if (e.type() == ErrorType.TOO_MANY_REQUESTS) {
        // Backpressure: the event waits in the store, not in memory, and this try is not counted.
        record(event.waiting(AsyncEvent.Status.QUEUED, event.attempts(),
            clock.now().plus(settings.throttleDelay()), event.lastError()));
        return;
      }
      fail(event, event.attempts(), e.type().wireName() + ": " + e.getMessage(), config,
          functionArn, DestinationRecord.RETRIES_EXHAUSTED, Optional.empty());
      return;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "event " + event.requestId() + " failed in Gust", e);
      record(event.waiting(AsyncEvent.Status.RETRYING, event.attempts(),
          clock.now().plus(settings.retryDelays().get(0)), Optional.of("Gust: " + e)));
      return;
    }
    int attempts = event.attempts() + 1;
    if (response.functionError().isEmpty()) {
      record(event.finished(AsyncEvent.Status.SUCCEEDED, attempts, Optional.empty(), clock.now()));
      config.onSuccess().ifPresent(arn -> deliver(arn, DestinationRecord.of(event.requestId(),
          functionArn, DestinationRecord.SUCCESS, attempts, event.payload(),
          Optional.of(response), clock.now()), event));
      return;
    }
    String error = errorOf(response);
    if (attempts <= config.retryAttempts()) {
      record(event.waiting(AsyncEvent.Status.RETRYING, attempts,
          clock.now().plus(settings.retryDelays().get(attempts - 1)), Optional.of(error)));
      return;
    }
    fail(event, attempts, error, config, functionArn, DestinationRecord.RETRIES_EXHAUSTED,
        Optional.of(response));
  }

  private void fail(AsyncEvent event, int attempts, String error, EventInvokeConfig config,
      String functionArn, String condition, Optional<InvokeResponse> response) {
    record(event.finished(AsyncEvent.Status.FAILED, attempts, Optional.of(error), clock.now()));
    LOG.log(System.Logger.Level.WARNING,
        "event " + event.requestId() + " of " + event.functionName() + " failed: " + error);
    config.onFailure().ifPresent(arn -> deliver(arn, DestinationRecord.of(event.requestId(),
        functionArn, condition, attempts, event.payload(), response, clock.now()), event));
    deadLetterQueue(event).ifPresent(arn -> {
      try {
        destinations.deadLetter(arn, event.payload(), event.requestId(),
            response.map(InvokeResponse::status).orElse(500),
            error.length() > 1024 ? error.substring(0, 1024) : error);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "event " + event.requestId()
            + ": could not send to the dead-letter queue " + arn + ": " + e.getMessage());
      }
    });
  }

  /** The DeadLetterConfig of the version the event was for, if it has one (and still exists). */
  private Optional<String> deadLetterQueue(AsyncEvent event) {
    try {
      return service.registry().resolveForInvoke(event.function(), 0.0).config()
          .deadLetterTargetArn();
    } catch (GustException gone) {
      return Optional.empty();
    }
  }

  private void deliver(String arn, byte[] record, AsyncEvent event) {
    try {
      destinations.deliver(arn, record);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "event " + event.requestId()
          + ": could not deliver to destination " + arn + ": " + e.getMessage());
    }
  }

  private static String errorOf(InvokeResponse response) {
    String body = new String(response.payload(), StandardCharsets.UTF_8);
    return response.functionError().orElse("Unhandled") + ": "
        + (body.length() > 1000 ? body.substring(0, 1000) + "..." : body);
  }

  private void purgeNow() {
    Instant now = clock.now();
    if (Duration.between(lastPurge, now).toMinutes() < 10) {
      return;
    }
    lastPurge = now;
    store.purgeFinished(AsyncEvent.Status.SUCCEEDED, now.minus(settings.keepSucceeded()));
    store.purgeFinished(AsyncEvent.Status.FAILED, now.minus(settings.keepFailed()));
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    signal();
    dispatcher.interrupt();
    try {
      dispatcher.join(5000);
      writer.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownNow();
  }
}

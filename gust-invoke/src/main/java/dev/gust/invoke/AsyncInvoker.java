package dev.gust.invoke;

import dev.gust.core.Arns;
import dev.gust.core.Clock;
import dev.gust.core.ErrorType;
import dev.gust.core.FunctionVersion;
import dev.gust.core.GustException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code Event} invocations in the background.
 *
 * <p>This is the in-memory stage of asynchronous invocation: an accepted event is held in memory
 * (bounded), runs as soon as concurrency allows, waits out throttles with backoff, and is retried
 * after a function error up to {@code retryDelays.size()} times (Lambda's default: twice). Events
 * do not survive a server restart yet; the durable queue replaces this holding area later.
 */
public final class AsyncInvoker implements AutoCloseable {

  /**
   * Tunables.
   *
   * @param capacity events held at once; beyond it Invoke answers 429
   * @param maxBytes payload bytes held at once; beyond it Invoke answers 429
   * @param maxRunning events running at once
   * @param retryDelays waits before each retry after a function error
   * @param maxEventAge events older than this are dropped (with a log line)
   */
  public record Settings(
      int capacity, long maxBytes, int maxRunning, List<Duration> retryDelays, Duration maxEventAge) {
    public static final Settings DEFAULTS =
        new Settings(
            100_000,
            256L * 1024 * 1024,
            256,
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(2)),
            Duration.ofHours(6));
  }

  /** One accepted event. */
  record Event(String requestId, Arns.FunctionRef function, byte[] payload, int attempt) {}

  private final InvocationService service;
  private final ExecutorService workers;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Settings settings;
  private final Semaphore running;
  private final AtomicInteger held = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong heldBytes =
      new java.util.concurrent.atomic.AtomicLong();
  private final System.Logger log = System.getLogger("gust.async");

  public AsyncInvoker(
      InvocationService service,
      ExecutorService workers,
      ScheduledExecutorService scheduler,
      Clock clock,
      Settings settings) {
    this.service = service;
    this.workers = workers;
    this.scheduler = scheduler;
    this.clock = clock;
    this.settings = settings;
    this.running = new Semaphore(settings.maxRunning());
    service.useAsync(this);
  }

  void enqueue(Event event) {
    int size = event.payload().length;
    if (held.incrementAndGet() > settings.capacity()
        || heldBytes.addAndGet(size) > settings.maxBytes()) {
      held.decrementAndGet();
      heldBytes.addAndGet(-size);
      throw GustException.throttled(
          "EventQueueFull",
          "Too many asynchronous events are waiting; retry later.",
          1);
    }
    long acceptedNanos = clock.nanoTime();
    workers.execute(() -> run(event, acceptedNanos, Duration.ofMillis(200)));
  }

  /** Events accepted and not yet finished. */
  public int held() {
    return held.get();
  }

  private void run(Event event, long acceptedNanos, Duration throttleBackoff) {
    if (clock.nanoTime() - acceptedNanos > settings.maxEventAge().toNanos()) {
      log.log(
          System.Logger.Level.WARNING,
          "dropping event " + event.requestId() + ": older than " + settings.maxEventAge());
      release(event);
      return;
    }
    boolean retryLater = false;
    Duration delay = Duration.ZERO;
    Duration nextBackoff = throttleBackoff;
    Event next = event;
    try {
      running.acquire();
      try {
        FunctionVersion version =
            service.registry().resolveForInvoke(event.function(), service.random().nextDouble());
        InvokeResponse response =
            service.run(
                event.requestId(),
                event.function(),
                version,
                event.payload(),
                Optional.empty(),
                false,
                Optional.empty());
        if (response.functionError().isPresent() && event.attempt() < settings.retryDelays().size()) {
          retryLater = true;
          delay = settings.retryDelays().get(event.attempt());
          next = new Event(event.requestId(), event.function(), event.payload(), event.attempt() + 1);
        }
      } finally {
        running.release();
      }
    } catch (GustException e) {
      if (e.type() == ErrorType.TOO_MANY_REQUESTS) {
        retryLater = true; // throttled: wait in the holding area, not fail
        delay = throttleBackoff;
        nextBackoff = min(throttleBackoff.multipliedBy(2), Duration.ofSeconds(30));
      } else {
        log.log(
            System.Logger.Level.WARNING,
            "event " + event.requestId() + " dropped: " + e.type().wireName() + ": " + e.getMessage());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.log(System.Logger.Level.ERROR, "event " + event.requestId() + " failed in Gust", e);
    }
    if (retryLater) {
      Event retry = next;
      Duration backoff = nextBackoff;
      scheduler.schedule(
          () -> workers.execute(() -> run(retry, acceptedNanos, backoff)),
          delay.toMillis(),
          TimeUnit.MILLISECONDS);
    } else {
      release(event);
    }
  }

  private void release(Event event) {
    held.decrementAndGet();
    heldBytes.addAndGet(-event.payload().length);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}

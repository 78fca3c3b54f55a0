package dev.gust.triggers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.Clock;
import dev.gust.core.ErrorType;
import dev.gust.core.EventSourceMapping;
import dev.gust.core.GustException;
import dev.gust.core.Limits;
import dev.gust.core.queue.QueueError;
import dev.gust.core.queue.QueueException;
import dev.gust.queue.QueueService;
import dev.gust.queue.ReceiveRequest;
import dev.gust.queue.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs one enabled event source mapping: reads its queue and invokes its function with batches.
 *
 * <p>Workers. Each worker is a virtual thread that gathers one batch at a time and delivers it, so
 * the number of workers is the number of batches in flight. A runner starts with one worker, which
 * long-polls the queue (SQS's {@code WaitTimeSeconds} of 20): an idle mapping holds one parked
 * virtual thread and costs one receive every 20 seconds; a message sent to an idle queue wakes it
 * at once (and the function's first instance starts: scale from zero). A worker that gathered a
 * full batch, or a message that arrives while every worker is busy delivering ({@link #nudge},
 * called from the queue's listener), adds a worker, up to the mapping's {@code
 * ScalingConfig.MaximumConcurrency} (default {@link Settings#defaultMaximumConcurrency}). A worker
 * whose long poll comes back empty retires unless it is the last; a throttled worker retires too.
 *
 * <p>A batch. The first receive waits up to 20 seconds for a message; with a batching window the
 * worker keeps receiving (at most 10 per receive, as SQS allows) until the batch is full, the
 * window has passed, or the event would exceed Lambda's 6 MB payload. Messages no filter admits
 * are deleted without invoking. Messages that would push the event past 6 MB are made visible
 * again for the next batch. Then one synchronous invocation:
 *
 * <ul>
 *   <li>success: the batch is deleted; with {@code ReportBatchItemFailures}, all but the messages
 *       the function reported ({@link BatchItemFailures});
 *   <li>function error: nothing is deleted; the messages come back after their visibility
 *       timeout, and the queue's redrive policy moves them to its dead-letter queue after {@code
 *       maxReceiveCount} receives;
 *   <li>throttled (429): not a function error. The batch's messages are hidden only for the
 *       backoff (1 s, doubling to 16 s), the worker waits as long, and retires if others remain.
 *       As in Lambda, each redelivery counts as a receive toward {@code maxReceiveCount}.
 * </ul>
 *
 * <p>FIFO queues: the queue gives at most one batch in flight per message group, so concurrent
 * workers take different groups and a group is delivered in order; a failed batch holds its
 * groups until its visibility timeout ends.
 *
 * <p>Stopping: {@link #stop} lets each worker finish the batch it is delivering, interrupts the
 * ones waiting in a receive, and makes visible again what a worker had gathered but not
 * delivered. The future it returns completes when the last worker has left.
 *
 * <p>Locking: {@code lock} guards the worker list, the stopping flag and each worker's receiving
 * flag; it is never held while receiving, invoking or writing to the queue.
 */
final class MappingRunner {

  /**
   * Tunables.
   *
   * @param defaultMaximumConcurrency batches in flight per mapping without a ScalingConfig
   * @param longPollSeconds how long an empty receive waits (SQS allows up to 20)
   * @param throttleBackoffMillis the first wait after a throttle; doubles per throttle in a row
   * @param maxThrottleBackoffMillis the longest wait after throttles
   * @param errorBackoffMillis the wait after Gust could not invoke or reach the queue
   * @param missingQueueWaitMillis how long to wait before looking again for a deleted queue (a
   *     send to a queue of that name wakes it sooner)
   */
  record Settings(
      int defaultMaximumConcurrency,
      int longPollSeconds,
      long throttleBackoffMillis,
      long maxThrottleBackoffMillis,
      long errorBackoffMillis,
      long missingQueueWaitMillis) {
    static final Settings DEFAULTS = new Settings(5, 20, 1000, 16_000, 1000, 60_000);
  }

  /** What batches are built from; replaced whole when the mapping is updated. */
  record Plan(EventSourceMapping mapping, String queueName, FilterCriteria filters,
      int maxConcurrency) {}

  private static final System.Logger LOG = System.getLogger("gust.esm");

  private final QueueService queues;
  private final FunctionInvoker invoker;
  private final ThreadFactory threads;
  private final Clock clock;
  private final String region;
  private final Settings settings;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Worker> workers = new ArrayList<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile Plan plan;
  private volatile String problem = "";
  private boolean stopping;
  private long wakeups;

  MappingRunner(Plan plan, QueueService queues, FunctionInvoker invoker, ThreadFactory threads,
      Clock clock, String region, Settings settings) {
    this.plan = plan;
    this.queues = queues;
    this.invoker = invoker;
    this.threads = threads;
    this.clock = clock;
    this.region = region;
    this.settings = settings;
  }

  /** Starts the first worker. */
  void start() {
    lock.lock();
    try {
      spawn();
    } finally {
      lock.unlock();
    }
  }

  /** Uses a changed mapping from the next batch on. */
  void update(Plan next) {
    plan = next;
    wake();
  }

  Plan plan() {
    return plan;
  }

  /** A problem the runner met and is waiting out (the queue is gone), or empty. */
  String problem() {
    return problem;
  }

  boolean stopping() {
    lock.lock();
    try {
      return stopping;
    } finally {
      lock.unlock();
    }
  }

  /** Asks every worker to leave; completes when the last has. */
  CompletableFuture<Void> stop() {
    lock.lock();
    try {
      stopping = true;
      for (Worker w : workers) {
        if (w.receiving) {
          w.thread.interrupt(); // only a parked receive; a delivery always runs to its end
        }
      }
      changed.signalAll();
      if (workers.isEmpty()) {
        stopped.complete(null);
      }
    } finally {
      lock.unlock();
    }
    return stopped;
  }

  /** Messages may be available: adds a worker if every worker is busy delivering. */
  void nudge() {
    lock.lock();
    try {
      if (!stopping && workers.size() < plan.maxConcurrency()
          && workers.stream().noneMatch(w -> w.receiving)) {
        spawn();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Ends waits early: a backoff, or the wait for a deleted queue. */
  void wake() {
    lock.lock();
    try {
      wakeups++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Workers now, for tests. */
  int workers() {
    lock.lock();
    try {
      return workers.size();
    } finally {
      lock.unlock();
    }
  }

  private void spawn() {
    Worker w = new Worker();
    w.thread = threads.newThread(w);
    workers.add(w);
    w.thread.start();
  }

  private final class Worker implements Runnable {
    Thread thread;
    /** Guarded by {@code lock}: waiting in a receive, where stopping may interrupt it. */
    boolean receiving;
    long throttleBackoff;

    @Override
    public void run() {
      try {
        while (true) {
          Plan p;
          lock.lock();
          try {
            if (stopping || workers.size() > plan.maxConcurrency()) {
              workers.remove(this); // stopped, or scaled down by an update
              return;
            }
            p = plan;
            receiving = true;
          } finally {
            lock.unlock();
          }
          List<ReceivedMessage> batch;
          try {
            batch = gather(p);
          } catch (QueueException e) {
            received();
            onQueueError(p, e);
            continue;
          } catch (RuntimeException e) {
            received();
            LOG.log(System.Logger.Level.ERROR, "event source mapping " + p.mapping().uuid()
                + ": receiving from " + p.queueName() + " failed", e);
            pause(settings.errorBackoffMillis());
            continue;
          }
          if (!received()) {
            release(p, batch);
            return;
          }
          problem = "";
          if (batch.isEmpty()) {
            if (retire()) {
              return;
            }
            continue;
          }
          if (batch.size() >= p.mapping().batchSize()) {
            nudgeForBacklog(p);
          }
          if (!deliver(p, batch) && retire()) {
            return;
          }
        }
      } catch (RuntimeException | Error e) {
        LOG.log(System.Logger.Level.ERROR, "an event source mapping worker failed", e);
        throw e;
      } finally {
        leave(this);
      }
    }

    /** Leaves the receive: clears a stop's interrupt; false when the runner is stopping. */
    private boolean received() {
      lock.lock();
      try {
        receiving = false;
        Thread.interrupted();
        return !stopping;
      } finally {
        lock.unlock();
      }
    }

    /** Leaves if another worker remains (the mapping always keeps one polling). */
    private boolean retire() {
      lock.lock();
      try {
        if (workers.size() > 1 || stopping) {
          workers.remove(this);
          return true;
        }
        return false;
      } finally {
        lock.unlock();
      }
    }

    /**
     * Delivers a gathered batch; false when the function was throttled (the caller may retire).
     */
    private boolean deliver(Plan p, List<ReceivedMessage> batch) {
      EventSourceMapping m = p.mapping();
      List<ReceivedMessage> rejected = new ArrayList<>();
      List<ReceivedMessage> sent = new ArrayList<>();
      List<ReceivedMessage> overflow = new ArrayList<>();
      List<ObjectNode> records = new ArrayList<>();
      long size = SqsEvent.EMPTY_EVENT_BYTES;
      for (ReceivedMessage message : batch) {
        ObjectNode record = SqsEvent.record(message, m.eventSourceArn(), region);
        if (!p.filters().admits(record)) {
          rejected.add(message);
          continue;
        }
        int recordSize = SqsEvent.size(record);
        if (!records.isEmpty() && size + recordSize > Limits.MAX_SYNC_PAYLOAD_BYTES) {
          overflow.add(message);
          continue;
        }
        size += recordSize;
        records.add(record);
        sent.add(message);
      }
      delete(p, rejected);
      release(p, overflow);
      if (sent.isEmpty()) {
        return true;
      }
      FunctionInvoker.Result result;
      try {
        result = invoker.invoke(m.target(), SqsEvent.event(records));
      } catch (GustException e) {
        if (e.type() == ErrorType.TOO_MANY_REQUESTS) {
          throttleBackoff = throttleBackoff == 0
              ? settings.throttleBackoffMillis()
              : Math.min(throttleBackoff * 2, settings.maxThrottleBackoffMillis());
          hide(p, sent, (int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(throttleBackoff)));
          pause(throttleBackoff);
          return false;
        }
        LOG.log(System.Logger.Level.WARNING, "event source mapping " + m.uuid() + ": could not"
            + " invoke " + m.functionName() + " (" + e.type().wireName() + ": " + e.getMessage()
            + "); its " + sent.size() + " messages return after their visibility timeout");
        pause(settings.errorBackoffMillis());
        return true;
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "event source mapping " + m.uuid() + ": invoking "
            + m.functionName() + " failed in Gust; its " + sent.size() + " messages return after"
            + " their visibility timeout", e);
        pause(settings.errorBackoffMillis());
        return true;
      }
      throttleBackoff = 0;
      if (result.functionError().isPresent()) {
        LOG.log(System.Logger.Level.DEBUG, () -> "event source mapping " + m.uuid() + ": "
            + m.functionName() + " failed (" + result.functionError().get() + "); "
            + sent.size() + " messages return after their visibility timeout");
        return true;
      }
      if (!m.reportBatchItemFailures()) {
        delete(p, sent);
        return true;
      }
      Set<String> ids = new HashSet<>();
      sent.forEach(s -> ids.add(s.messageId()));
      BatchItemFailures.Verdict verdict = BatchItemFailures.read(result.payload(), ids);
      if (verdict.wholeBatch()) {
        LOG.log(System.Logger.Level.WARNING, "event source mapping " + m.uuid() + ": "
            + m.functionName() + "'s partial batch response counts as a failure of all "
            + sent.size() + " messages: " + verdict.problem() + " (response: "
            + abbreviate(result.payload()) + ")");
      }
      delete(p, sent.stream().filter(s -> !verdict.failedIds().contains(s.messageId())).toList());
      return true;
    }
  }

  /** Receives one batch: waits for a first message, then fills the batch within the window. */
  private List<ReceivedMessage> gather(Plan p) {
    EventSourceMapping m = p.mapping();
    int target = m.batchSize();
    List<ReceivedMessage> got = new ArrayList<>(queues.receive(p.queueName(),
        ReceiveRequest.upTo(Math.min(EventSourceMapping.MAX_UNWINDOWED_BATCH_SIZE, target))
            .waiting(settings.longPollSeconds())));
    if (got.isEmpty() || m.maximumBatchingWindowSeconds() == 0 || got.size() >= target) {
      return got;
    }
    long deadline = clock.nanoTime()
        + TimeUnit.SECONDS.toNanos(m.maximumBatchingWindowSeconds());
    long bytes = estimate(got);
    while (got.size() < target && bytes < Limits.MAX_SYNC_PAYLOAD_BYTES && !stopping()) {
      long left = deadline - clock.nanoTime();
      if (left <= 0) {
        break;
      }
      int wait = (int) Math.min(settings.longPollSeconds(), TimeUnit.NANOSECONDS.toSeconds(left));
      List<ReceivedMessage> more = queues.receive(p.queueName(), ReceiveRequest.upTo(
          Math.min(EventSourceMapping.MAX_UNWINDOWED_BATCH_SIZE, target - got.size()))
          .waiting(wait));
      if (more.isEmpty() && wait == 0) {
        break;
      }
      got.addAll(more);
      bytes += estimate(more);
    }
    return got;
  }

  private static long estimate(List<ReceivedMessage> messages) {
    long bytes = 0;
    for (ReceivedMessage m : messages) {
      bytes += m.body().length() + 1024L; // the record's other fields, roughly
    }
    return bytes;
  }

  private void nudgeForBacklog(Plan p) {
    lock.lock();
    try {
      if (!stopping && workers.size() < p.maxConcurrency()) {
        spawn();
      }
    } finally {
      lock.unlock();
    }
  }

  private void onQueueError(Plan p, QueueException e) {
    if (e.error() == QueueError.QUEUE_DOES_NOT_EXIST) {
      if (problem.isEmpty()) {
        LOG.log(System.Logger.Level.WARNING, "event source mapping " + p.mapping().uuid()
            + ": the queue " + p.mapping().eventSourceArn() + " does not exist; waiting for it");
      }
      problem = "PROBLEM: The queue " + p.mapping().eventSourceArn() + " does not exist. Gust"
          + " reads it again once a queue of that name is created and sent to.";
      pause(settings.missingQueueWaitMillis());
      return;
    }
    LOG.log(System.Logger.Level.WARNING, "event source mapping " + p.mapping().uuid()
        + ": receiving from " + p.queueName() + " failed: " + e.getMessage());
    pause(settings.errorBackoffMillis());
  }

  /** Deletes delivered messages, up to ten per transaction (DeleteMessageBatch's limit). */
  private void delete(Plan p, List<ReceivedMessage> messages) {
    for (int from = 0; from < messages.size(); from += 10) {
      List<ReceivedMessage> chunk = messages.subList(from, Math.min(messages.size(), from + 10));
      List<dev.gust.queue.BatchEntry<String>> entries = new java.util.ArrayList<>();
      for (int i = 0; i < chunk.size(); i++) {
        entries.add(new dev.gust.queue.BatchEntry<>(Integer.toString(i), chunk.get(i).receiptHandle()));
      }
      try {
        var result = queues.deleteMessageBatch(p.queueName(), entries);
        result.failed().forEach(f -> LOG.log(System.Logger.Level.WARNING, "event source mapping "
            + p.mapping().uuid() + ": could not delete message "
            + chunk.get(Integer.parseInt(f.id())).messageId() + ": " + f.message()));
      } catch (QueueException e) {
        LOG.log(System.Logger.Level.WARNING, "event source mapping " + p.mapping().uuid()
            + ": could not delete " + chunk.size() + " messages: " + e.getMessage());
      }
    }
  }

  /** Makes messages visible again at once: gathered but not delivered. */
  private void release(Plan p, List<ReceivedMessage> messages) {
    hide(p, messages, 0);
  }

  private void hide(Plan p, List<ReceivedMessage> messages, int seconds) {
    for (ReceivedMessage m : messages) {
      try {
        queues.changeVisibility(p.queueName(), m.receiptHandle(), seconds);
      } catch (QueueException e) {
        // Deleted or received again meanwhile: nothing to give back.
      }
    }
  }

  /** Waits up to {@code millis}, less when stopping or woken. */
  private void pause(long millis) {
    lock.lock();
    try {
      long seen = wakeups;
      long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
      while (!stopping && wakeups == seen && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private void leave(Worker w) {
    lock.lock();
    try {
      workers.remove(w);
      if (workers.isEmpty()) {
        if (stopping) {
          stopped.complete(null);
        } else {
          spawn(); // the mapping always keeps one worker polling
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private static String abbreviate(byte[] payload) {
    String text = new String(payload, StandardCharsets.UTF_8);
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}

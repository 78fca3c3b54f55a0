package dev.gust.triggers;

import dev.gust.core.Arns;
import dev.gust.core.Clock;
import dev.gust.core.EventSourceMapping;
import dev.gust.core.EventSourceMappingStore;
import dev.gust.core.FunctionRegistry;
import dev.gust.core.FunctionVersion;
import dev.gust.core.GustException;
import dev.gust.core.queue.Queue;
import dev.gust.core.queue.QueueError;
import dev.gust.core.queue.QueueException;
import dev.gust.core.queue.QueueListener;
import dev.gust.queue.QueueService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lambda's event source mapping operations for Gust's queues (create, get, list, update, delete)
 * and the runners that deliver each enabled mapping's messages ({@link MappingRunner}).
 *
 * <p>A request is validated whole (the function and qualifier exist, the queue exists, Lambda's
 * ranges, the FIFO limits, the filter patterns compile, no second mapping of the same queue and
 * function) before anything is written; the store is written before memory and the runners
 * change. Reads come from memory.
 *
 * <p>States, as Lambda reports them and settled at once: a create answers {@code Creating}, an
 * update {@code Updating}, {@code Enabling} or {@code Disabling}, a delete {@code Deleting}; a read
 * then says {@code Enabled} or {@code Disabled}, or {@code Disabling} while a disabled mapping's
 * last batch is still being delivered. A deleted mapping is gone from reads at once; a batch it
 * was delivering finishes.
 *
 * <p>Listeners: deleting a function deletes its mappings (the store cascades); any other change
 * of a function (say, its reserved concurrency) ends its runners' backoff. A queue's {@code
 * onMessageAvailable} lets its runners add a worker when all are busy.
 */
public final class EventSourceMappings
    implements FunctionRegistry.Listener, QueueListener, AutoCloseable {

  /**
   * A mapping as the API shows it.
   *
   * @param mapping the stored mapping
   * @param state Lambda's {@code State}
   * @param stateTransitionReason Lambda's {@code StateTransitionReason}
   */
  public record View(EventSourceMapping mapping, String state, String stateTransitionReason) {}

  /** A page of a listing, and the marker of the next page if there is one. */
  public record Page(List<View> mappings, Optional<String> nextMarker) {}

  /**
   * The settings a create or update request gives; what is empty is left as it was (an update) or
   * takes Lambda's default (a create).
   *
   * @param function {@code FunctionName}, resolved
   * @param enabled {@code Enabled}
   * @param batchSize {@code BatchSize}
   * @param maximumBatchingWindowSeconds {@code MaximumBatchingWindowInSeconds}
   * @param functionResponseTypes {@code FunctionResponseTypes}
   * @param maximumConcurrency {@code ScalingConfig}: {@code Optional.of(Optional.empty())} (an
   *     empty ScalingConfig) removes it
   * @param filterPatterns {@code FilterCriteria.Filters[].Pattern}: an empty list removes them
   */
  public record Request(
      Optional<Arns.FunctionRef> function,
      Optional<Boolean> enabled,
      Optional<Integer> batchSize,
      Optional<Integer> maximumBatchingWindowSeconds,
      Optional<List<String>> functionResponseTypes,
      Optional<Optional<Integer>> maximumConcurrency,
      Optional<List<String>> filterPatterns) {

    public static final Request EMPTY = new Request(Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  static final String USER_INITIATED = "USER_INITIATED";
  private static final System.Logger LOG = System.getLogger("gust.esm");
  private static final long CLOSE_WAIT_MILLIS = 5000;

  private final EventSourceMappingStore store;
  private final FunctionRegistry functions;
  private final QueueService queues;
  private final FunctionInvoker invoker;
  private final ThreadFactory threads;
  private final Clock clock;
  private final MappingRunner.Settings settings;
  private final Supplier<String> newUuid;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Map<String, EventSourceMapping> byUuid = new ConcurrentHashMap<>();
  private final Map<String, MappingRunner> runners = new ConcurrentHashMap<>();
  private final Map<String, MqttRunner> mqttRunners = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * Loads the stored mappings; {@link #start()} starts the enabled ones.
   *
   * @param threads makes each worker's thread (the server passes virtual threads)
   */
  public EventSourceMappings(EventSourceMappingStore store, FunctionRegistry functions,
      QueueService queues, FunctionInvoker invoker, ThreadFactory threads, Clock clock) {
    this(store, functions, queues, invoker, threads, clock, MappingRunner.Settings.DEFAULTS,
        () -> UUID.randomUUID().toString());
  }

  EventSourceMappings(EventSourceMappingStore store, FunctionRegistry functions,
      QueueService queues, FunctionInvoker invoker, ThreadFactory threads, Clock clock,
      MappingRunner.Settings settings, Supplier<String> newUuid) {
    this.store = store;
    this.functions = functions;
    this.queues = queues;
    this.invoker = invoker;
    this.threads = threads;
    this.clock = clock;
    this.settings = settings;
    this.newUuid = newUuid;
    store.loadEventSourceMappings().forEach(m -> byUuid.put(m.uuid(), m));
    functions.addListener(this);
    queues.addListener(this);
  }

  /** Starts delivering every enabled mapping (at server start-up, once everything is wired). */
  public void start() {
    writeLock.lock();
    try {
      for (EventSourceMapping m : byUuid.values()) {
        if (m.enabled()) {
          run(m);
        }
      }
    } finally {
      writeLock.unlock();
    }
  }

  // ---- operations ------------------------------------------------------------------------------

  /** CreateEventSourceMapping. */
  public View create(String eventSourceArn, Request request) {
    Arns.FunctionRef function = request.function()
        .orElseThrow(() -> GustException.invalidParameter("FunctionName is required."));
    if (eventSourceArn == null || eventSourceArn.isEmpty()) {
      throw GustException.invalidParameter("EventSourceArn is required: the ARN of one of Gust's"
          + " queues, such as " + queues.queueArn("jobs") + ".");
    }
    String queueName = queueName(eventSourceArn);
    Queue queue = existingQueue(queueName);
    requireFunction(function);
    EventSourceMapping m = new EventSourceMapping(
        newUuid.get(),
        function.name(),
        qualifier(function),
        queues.queueArn(queueName),
        request.enabled().orElse(true),
        request.batchSize().orElse(EventSourceMapping.DEFAULT_BATCH_SIZE),
        request.maximumBatchingWindowSeconds().orElse(0),
        reportsFailures(request.functionResponseTypes().orElse(List.of())),
        request.maximumConcurrency().orElse(Optional.empty()),
        request.filterPatterns().orElse(List.of()),
        clock.now());
    requireFifoLimits(m, queue.fifo());
    FilterCriteria.of(m.filterPatterns());
    writeLock.lock();
    try {
      requireNoTwin(m);
      store.putEventSourceMapping(m);
      byUuid.put(m.uuid(), m);
      if (m.enabled()) {
        run(m);
      }
    } finally {
      writeLock.unlock();
    }
    return new View(m, "Creating", USER_INITIATED);
  }

  /**
   * CreateEventSourceMapping from an MQTT broker ({@code SelfManagedEventSource} with {@code
   * MQTT_BROKER_URL}, and {@code Topics}): batches of messages on those topics invoke the function.
   * Filters, partial batch responses and scaling do not apply to MQTT sources.
   */
  public View createMqtt(EventSourceMapping.Mqtt mqtt, Request request) {
    Arns.FunctionRef function = request.function()
        .orElseThrow(() -> GustException.invalidParameter("FunctionName is required."));
    if (request.filterPatterns().filter(p -> !p.isEmpty()).isPresent()
        || request.maximumConcurrency().flatMap(c -> c).isPresent()
        || reportsFailures(request.functionResponseTypes().orElse(List.of()))) {
      throw GustException.invalidParameter("FilterCriteria, ScalingConfig and FunctionResponseTypes"
          + " apply to queue sources; an MQTT source takes BatchSize,"
          + " MaximumBatchingWindowInSeconds and Enabled.");
    }
    requireFunction(function);
    EventSourceMapping m = new EventSourceMapping(
        newUuid.get(), function.name(), qualifier(function), "",
        request.enabled().orElse(true),
        request.batchSize().orElse(100),
        request.maximumBatchingWindowSeconds().orElse(0),
        false, Optional.empty(), List.of(), clock.now(), Optional.of(mqtt));
    writeLock.lock();
    try {
      store.putEventSourceMapping(m);
      byUuid.put(m.uuid(), m);
      if (m.enabled()) {
        run(m);
      }
    } finally {
      writeLock.unlock();
    }
    return new View(m, "Creating", USER_INITIATED);
  }

  /** GetEventSourceMapping. */
  public View get(String uuid) {
    return view(mapping(uuid));
  }

  /**
   * ListEventSourceMappings: in UUID order, after {@code marker}; {@code function} filters by
   * function (and by qualifier when it has one), {@code eventSourceArn} by queue.
   */
  public Page list(Optional<Arns.FunctionRef> function, Optional<String> eventSourceArn,
      Optional<String> marker, int maxItems) {
    Optional<String> arn = eventSourceArn.map(a -> queues.queueNameOfArn(a)
        .map(queues::queueArn)
        .orElse(a));
    List<EventSourceMapping> matching = byUuid.values().stream()
        .filter(m -> function.isEmpty() || (m.functionName().equals(function.get().name())
            && (function.get().qualifier().isEmpty()
                || m.qualifier().equals(qualifier(function.get())))))
        .filter(m -> arn.isEmpty() || m.eventSourceArn().equals(arn.get()))
        .filter(m -> marker.isEmpty() || m.uuid().compareTo(marker.get()) > 0)
        .sorted(Comparator.comparing(EventSourceMapping::uuid))
        .toList();
    List<View> page = matching.stream().limit(maxItems).map(this::view).toList();
    Optional<String> next = matching.size() > maxItems
        ? Optional.of(page.get(page.size() - 1).mapping().uuid())
        : Optional.empty();
    return new Page(page, next);
  }

  /** UpdateEventSourceMapping: changes what the request gives. */
  public View update(String uuid, Request request) {
    writeLock.lock();
    try {
      EventSourceMapping old = mapping(uuid);
      Arns.FunctionRef function = request.function().orElse(old.target());
      if (request.function().isPresent()) {
        requireFunction(function);
      }
      EventSourceMapping m = new EventSourceMapping(
          uuid,
          function.name(),
          qualifier(function),
          old.eventSourceArn(),
          request.enabled().orElse(old.enabled()),
          request.batchSize().orElse(old.batchSize()),
          request.maximumBatchingWindowSeconds().orElse(old.maximumBatchingWindowSeconds()),
          request.functionResponseTypes().map(EventSourceMappings::reportsFailures)
              .orElse(old.reportBatchItemFailures()),
          request.maximumConcurrency().orElse(old.maximumConcurrency()),
          request.filterPatterns().orElse(old.filterPatterns()),
          clock.now(),
          old.mqtt());
      if (m.mqtt().isPresent()) {
        stopRunner(uuid); // an MQTT source restarts with its new settings
      } else {
        String queueName = queueName(m.eventSourceArn());
        requireFifoLimits(m, queueName.endsWith(".fifo"));
        FilterCriteria.of(m.filterPatterns());
      }
      if (!m.target().equals(old.target())) {
        requireNoTwin(m);
      }
      store.putEventSourceMapping(m);
      byUuid.put(uuid, m);
      if (m.enabled()) {
        run(m);
      } else {
        stopRunner(uuid);
      }
      String state = m.enabled() == old.enabled()
          ? "Updating"
          : m.enabled() ? "Enabling" : "Disabling";
      return new View(m, state, USER_INITIATED);
    } finally {
      writeLock.unlock();
    }
  }

  /** DeleteEventSourceMapping: gone at once; a batch being delivered finishes. */
  public View delete(String uuid) {
    writeLock.lock();
    try {
      EventSourceMapping m = mapping(uuid);
      store.deleteEventSourceMapping(uuid);
      byUuid.remove(uuid);
      stopRunner(uuid);
      return new View(m, "Deleting", USER_INITIATED);
    } finally {
      writeLock.unlock();
    }
  }

  // ---- listeners -------------------------------------------------------------------------------

  @Override
  public void functionChanged(String functionName) {
    if (functions.find(functionName).isPresent()) {
      runners.values().stream()
          .filter(r -> r.plan().mapping().functionName().equals(functionName))
          .forEach(MappingRunner::wake); // a new concurrency may end a throttle's backoff
      return;
    }
    writeLock.lock();
    try {
      for (EventSourceMapping m : List.copyOf(byUuid.values())) {
        if (m.functionName().equals(functionName)) {
          byUuid.remove(m.uuid()); // the store cascaded
          stopRunner(m.uuid());
        }
      }
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void onMessageAvailable(String queueName) {
    for (MappingRunner r : runners.values()) {
      if (r.plan().queueName().equals(queueName)) {
        r.nudge();
      }
    }
  }

  /** Stops every runner, waiting a few seconds for batches being delivered. */
  @Override
  public void close() {
    writeLock.lock();
    List<CompletableFuture<Void>> stopping = new ArrayList<>();
    try {
      closed = true;
      runners.values().forEach(r -> stopping.add(r.stop()));
      mqttRunners.values().forEach(r -> stopping.add(r.stop()));
    } finally {
      writeLock.unlock();
    }
    try {
      CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new))
          .get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.log(System.Logger.Level.INFO, "event source mappings: batches still being delivered at"
          + " shutdown return to their queues after their visibility timeout");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      LOG.log(System.Logger.Level.WARNING, "event source mappings: stopping failed", e);
    }
  }

  /** Workers of a mapping now (tests). */
  int workers(String uuid) {
    MappingRunner r = runners.get(uuid);
    return r == null ? 0 : r.workers();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private View view(EventSourceMapping m) {
    MappingRunner r = runners.get(m.uuid());
    MqttRunner q = mqttRunners.get(m.uuid());
    String state;
    String reason = USER_INITIATED;
    if (m.enabled()) {
      state = "Enabled";
      if (r != null && !r.problem().isEmpty()) {
        reason = r.problem();
      }
      if (q != null && !q.problem().isEmpty()) {
        reason = q.problem();
      }
    } else {
      state = r != null ? "Disabling" : "Disabled";
    }
    return new View(m, state, reason);
  }

  private EventSourceMapping mapping(String uuid) {
    EventSourceMapping m = uuid == null ? null : byUuid.get(uuid);
    if (m == null) {
      throw GustException.notFound("The resource you requested does not exist. (Service: Lambda;"
          + " no event source mapping with UUID " + uuid + ")");
    }
    return m;
  }

  /** Starts a runner for {@code m}; the caller holds the write lock. */
  private void run(EventSourceMapping m) {
    if (closed) {
      return;
    }
    if (m.mqtt().isPresent()) {
      MqttRunner old = mqttRunners.remove(m.uuid());
      if (old != null) {
        old.stop();
      }
      MqttRunner runner =
          new MqttRunner(m, functions.arns().eventSourceMappingArn(m.uuid()), invoker, clock);
      mqttRunners.put(m.uuid(), runner);
      runner.start();
      return;
    }
    MappingRunner previous = runners.get(m.uuid());
    if (previous != null && !previous.stopping()) {
      previous.update(plan(m));
      return;
    }
    MappingRunner runner = new MappingRunner(plan(m), queues, invoker, threads, clock,
        functions.arns().region(), settings);
    runners.put(m.uuid(), runner);
    runner.start();
  }

  private void stopRunner(String uuid) {
    MqttRunner q = mqttRunners.remove(uuid);
    if (q != null) {
      q.stop();
    }
    MappingRunner r = runners.get(uuid);
    if (r != null) {
      r.stop().thenRun(() -> runners.remove(uuid, r));
    }
  }

  private MappingRunner.Plan plan(EventSourceMapping m) {
    String queueName = queues.queueNameOfArn(m.eventSourceArn()).orElseThrow(() ->
        new IllegalStateException("mapping " + m.uuid() + " names no queue of this server: "
            + m.eventSourceArn()));
    return new MappingRunner.Plan(m, queueName, FilterCriteria.of(m.filterPatterns()),
        m.maximumConcurrency().orElse(settings.defaultMaximumConcurrency()));
  }

  private String queueName(String eventSourceArn) {
    return queues.queueNameOfArn(eventSourceArn).orElseThrow(() -> GustException.invalidParameter(
        "Unrecognized event source: '" + eventSourceArn + "'. Gust maps its own queues:"
            + " EventSourceArn must be a queue ARN of this server, such as "
            + queues.queueArn("jobs") + " (region and account as Gust reports them)."));
  }

  private Queue existingQueue(String name) {
    try {
      return queues.queue(name);
    } catch (QueueException e) {
      if (e.error() == QueueError.QUEUE_DOES_NOT_EXIST) {
        throw GustException.invalidParameter("Error occurred while ReceiveMessage. SQS Error Code:"
            + " AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue "
            + queues.queueArn(name) + " does not exist. Create it first (aws sqs create-queue"
            + " --queue-name " + name + ").");
      }
      throw e;
    }
  }

  private void requireFunction(Arns.FunctionRef function) {
    functions.function(function.name());
    if (function.qualifier().isPresent()) {
      functions.version(function);
    }
  }

  private static Optional<String> qualifier(Arns.FunctionRef ref) {
    return ref.qualifier().filter(q -> !q.equals(FunctionVersion.LATEST));
  }

  private static boolean reportsFailures(List<String> types) {
    for (String t : types) {
      if (!t.equals(EventSourceMapping.REPORT_BATCH_ITEM_FAILURES)) {
        throw GustException.invalidParameter("1 validation error detected: Value '" + types
            + "' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy"
            + " constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]");
      }
    }
    return !types.isEmpty();
  }

  private static void requireFifoLimits(EventSourceMapping m, boolean fifo) {
    if (!fifo) {
      return;
    }
    if (m.batchSize() > EventSourceMapping.MAX_UNWINDOWED_BATCH_SIZE) {
      throw GustException.invalidParameter("BatchSize " + m.batchSize() + " is too large for the"
          + " FIFO queue " + m.eventSourceArn() + ": FIFO queues take batches of 1 to 10.");
    }
    if (m.maximumBatchingWindowSeconds() > 0) {
      throw GustException.invalidParameter("Batching window is not supported for FIFO queues:"
          + " leave MaximumBatchingWindowInSeconds out (or 0) for " + m.eventSourceArn() + ".");
    }
  }

  private void requireNoTwin(EventSourceMapping m) {
    for (EventSourceMapping other : byUuid.values()) {
      if (!other.uuid().equals(m.uuid()) && other.eventSourceArn().equals(m.eventSourceArn())
          && other.target().equals(m.target())) {
        throw GustException.conflict("An event source mapping with SQS arn (\" "
            + m.eventSourceArn() + " \") and function (\" " + describe(m) + " \") already"
            + " exists. Please update or delete the existing mapping with UUID " + other.uuid());
      }
    }
  }

  private String describe(EventSourceMapping m) {
    return m.qualifier().map(q -> m.functionName() + ":" + q).orElse(m.functionName());
  }
}

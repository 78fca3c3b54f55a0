package dev.gust.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gust.core.Alias;
import dev.gust.core.Arns;
import dev.gust.core.Clock;
import dev.gust.core.CodePackage;
import dev.gust.core.CodeStore;
import dev.gust.core.ErrorType;
import dev.gust.core.EventSourceMapping;
import dev.gust.core.EventSourceMappingStore;
import dev.gust.core.FunctionConfig;
import dev.gust.core.FunctionRegistry;
import dev.gust.core.FunctionState;
import dev.gust.core.FunctionVersion;
import dev.gust.core.GustException;
import dev.gust.core.RegistryStore;
import dev.gust.core.RuntimeCatalog;
import dev.gust.core.RuntimeId;
import dev.gust.queue.BatchEntry;
import dev.gust.queue.QueueService;
import dev.gust.queue.ReceiveRequest;
import dev.gust.queue.ReceivedMessage;
import dev.gust.queue.SendRequest;
import dev.gust.store.SqliteQueueStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mappings over real queues (SQLite in a temporary directory) and a fake function: what gets
 * delivered, deleted, retried and redriven. Waits are on observable state, bounded by a guard.
 */
class EventSourceMappingsTest {
  static final String ARN_PREFIX = "arn:aws:sqs:us-east-1:000000000000:";

  @TempDir Path dir;
  SqliteQueueStore queueStore;
  QueueService queues;
  FunctionRegistry functions;
  final FakeFunction function = new FakeFunction();
  final MemoryStore mappingStore = new MemoryStore();
  final AtomicInteger uuidCounter = new AtomicInteger();
  EventSourceMappings mappings;

  @BeforeEach
  void open() {
    queueStore = new SqliteQueueStore(dir.resolve("queues.db"));
    queues = new QueueService(queueStore, Arns.DEFAULT, Clock.SYSTEM);
    functions = registry();
    functions.create("worker", FunctionConfig.of("python3.11", "app.handler"), new byte[] {1}, true);
    functions.create("other", FunctionConfig.of("python3.11", "app.handler"), new byte[] {2}, false);
    mappings = open(mappingStore);
  }

  EventSourceMappings open(EventSourceMappingStore store) {
    EventSourceMappings m = new EventSourceMappings(store, functions, queues, function,
        Thread.ofVirtual().name("esm-test-", 0).factory(), Clock.SYSTEM,
        new MappingRunner.Settings(5, 20, 50, 200, 50, 60_000),
        () -> String.format("00000000-0000-0000-0000-%012d", uuidCounter.incrementAndGet()));
    m.start();
    return m;
  }

  @AfterEach
  void close() {
    mappings.close();
    queues.close();
    queueStore.close();
  }

  // ---- delivery --------------------------------------------------------------------------------

  @Test
  void messagesOnAnIdleQueueAreDeliveredInBatchesOfAtMostBatchSizeAndDeleted() throws Exception {
    queues.createQueue("jobs", Map.of());
    mappings.create(ARN_PREFIX + "jobs", request("worker").batchSize(4).build());
    send("jobs", 25);
    await(() -> function.records().size(), n -> n == 25, "all 25 messages delivered");
    await(() -> backlog("jobs"), n -> n == 0, "the queue emptied");
    assertTrue(function.events.stream().allMatch(e -> e.get("Records").size() <= 4),
        "batches: " + function.batchSizes());
    JsonNode first = function.records().get(0);
    assertEquals("aws:sqs", first.get("eventSource").asText());
    assertEquals(ARN_PREFIX + "jobs", first.get("eventSourceARN").asText());
    assertEquals("us-east-1", first.get("awsRegion").asText());
    assertEquals("1", first.at("/attributes/ApproximateReceiveCount").asText());
    assertEquals(Set.of(new Arns.FunctionRef("worker", Optional.empty())), function.targets());
  }

  @Test
  void aLargeBatchFillsAcrossReceivesWithinTheWindow() throws Exception {
    queues.createQueue("bulk", Map.of());
    send("bulk", 25);
    mappings.create(ARN_PREFIX + "bulk",
        request("worker").batchSize(25).window(1).build());
    await(() -> backlog("bulk"), n -> n == 0, "the queue emptied");
    assertEquals(List.of(25), function.batchSizes(), "one invocation with all 25");
  }

  @Test
  void aFunctionErrorLeavesTheBatchUntilTheQueueRedrivesIt() throws Exception {
    queues.createQueue("dead", Map.of());
    queues.createQueue("jobs", Map.of("VisibilityTimeout", "1", "RedrivePolicy",
        "{\"deadLetterTargetArn\":\"" + ARN_PREFIX + "dead\",\"maxReceiveCount\":\"2\"}"));
    function.answer = (ref, event) -> failure();
    mappings.create(ARN_PREFIX + "jobs", request("worker").build());
    send("jobs", 1);
    await(() -> visible("dead"), n -> n == 1, "the message in the dead-letter queue");
    assertEquals(List.of("1", "2"), function.records().stream()
        .map(r -> r.at("/attributes/ApproximateReceiveCount").asText()).toList());
    assertEquals(0, backlog("jobs"));
  }

  @Test
  void partialBatchFailuresRetryOnlyTheReportedMessages() throws Exception {
    queues.createQueue("jobs", Map.of("VisibilityTimeout", "1"));
    function.answer = (ref, event) -> {
      StringBuilder failures = new StringBuilder("{\"batchItemFailures\": [");
      String sep = "";
      for (JsonNode r : event.get("Records")) {
        if (r.get("body").asText().startsWith("bad")
            && r.at("/attributes/ApproximateReceiveCount").asText().equals("1")) {
          failures.append(sep).append("{\"itemIdentifier\": \"")
              .append(r.get("messageId").asText()).append("\"}");
          sep = ",";
        }
      }
      return success(failures + "]}");
    };
    mappings.create(ARN_PREFIX + "jobs", request("worker").reportFailures().build());
    sendBodies("jobs", "ok-1", "bad-2", "ok-3");
    await(() -> backlog("jobs"), n -> n == 0, "every message acknowledged");
    assertEquals(List.of("bad-2", "bad-2", "ok-1", "ok-3"), function.bodies().stream().sorted().toList());
  }

  @Test
  void aResponseNamingAnUnknownMessageFailsTheWholeBatch() throws Exception {
    queues.createQueue("jobs", Map.of("VisibilityTimeout", "1"));
    AtomicInteger calls = new AtomicInteger();
    function.answer = (ref, event) -> calls.incrementAndGet() == 1
        ? success("{\"batchItemFailures\": [{\"itemIdentifier\": \"not-in-this-batch\"}]}")
        : success("{\"batchItemFailures\": []}");
    mappings.create(ARN_PREFIX + "jobs", request("worker").reportFailures().build());
    sendBodies("jobs", "a", "b");
    await(() -> backlog("jobs"), n -> n == 0, "every message acknowledged");
    assertEquals(List.of("a", "a", "b", "b"), function.bodies().stream().sorted().toList());
  }

  @Test
  void messagesNoFilterAdmitsAreDeletedWithoutInvoking() throws Exception {
    queues.createQueue("jobs", Map.of());
    mappings.create(ARN_PREFIX + "jobs", request("worker")
        .filters("{\"body\": {\"kind\": [\"order\"]}}", "{\"body\": [{\"prefix\": \"urgent\"}]}")
        .build());
    sendBodies("jobs", "{\"kind\": \"order\", \"n\": 1}", "{\"kind\": \"refund\"}", "hello",
        "urgent: call back");
    await(() -> backlog("jobs"), n -> n == 0, "every message acknowledged or dropped");
    assertEquals(List.of("urgent: call back", "{\"kind\": \"order\", \"n\": 1}"),
        function.bodies().stream().sorted().toList());
  }

  @Test
  void aThrottledBatchWaitsAndIsDeliveredOnceTheFunctionMayRun() throws Exception {
    queues.createQueue("jobs", Map.of());
    AtomicInteger calls = new AtomicInteger();
    function.answer = (ref, event) -> {
      if (calls.incrementAndGet() <= 2) {
        throw GustException.throttled("ReservedFunctionConcurrentInvocationLimitExceeded",
            "Rate Exceeded.", 1);
      }
      return success("null");
    };
    mappings.create(ARN_PREFIX + "jobs", request("worker").build());
    send("jobs", 1);
    await(() -> backlog("jobs"), n -> n == 0, "the message delivered after the throttles");
    assertEquals(3, calls.get());
    assertEquals("3", function.records().get(2).at("/attributes/ApproximateReceiveCount").asText(),
        "each redelivery after a throttle is a receive, as in Lambda");
  }

  @Test
  void concurrencyGrowsWithTheBacklogUpToMaximumConcurrency() throws Exception {
    queues.createQueue("jobs", Map.of());
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    function.answer = (ref, event) -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        release.await(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      running.decrementAndGet();
      return success("");
    };
    mappings.create(ARN_PREFIX + "jobs", request("worker").batchSize(1).maxConcurrency(3).build());
    send("jobs", 10);
    await(running::get, n -> n == 3, "three batches in flight");
    release.countDown();
    await(() -> backlog("jobs"), n -> n == 0, "the queue emptied");
    assertEquals(3, most.get(), "never more than MaximumConcurrency");
  }

  @Test
  void aFifoQueueIsDeliveredInOrderWithinEachGroup() throws Exception {
    queues.createQueue("orders.fifo", Map.of("FifoQueue", "true",
        "ContentBasedDeduplication", "true"));
    mappings.create(ARN_PREFIX + "orders.fifo", request("worker").batchSize(2).build());
    List<BatchEntry<SendRequest>> entries = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      for (String group : List.of("a", "b")) {
        entries.add(new BatchEntry<>(group + i, new SendRequest(group + i, Optional.empty(),
            Map.of(), Map.of(), Optional.of(group), Optional.empty())));
      }
    }
    queues.sendBatch("orders.fifo", entries);
    await(() -> backlog("orders.fifo"), n -> n == 0, "the queue emptied");
    List<String> bodies = function.bodies();
    assertEquals(List.of("a1", "a2", "a3", "a4", "a5"),
        bodies.stream().filter(b -> b.startsWith("a")).toList());
    assertEquals(List.of("b1", "b2", "b3", "b4", "b5"),
        bodies.stream().filter(b -> b.startsWith("b")).toList());
    JsonNode first = function.records().get(0);
    assertTrue(first.at("/attributes/MessageGroupId").isTextual(), first.toString());
    assertTrue(first.at("/attributes/SequenceNumber").isTextual(), first.toString());
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  @Test
  void disablingStopsDeliveryAndEnablingResumesIt() throws Exception {
    queues.createQueue("jobs", Map.of());
    EventSourceMappings.View created = mappings.create(ARN_PREFIX + "jobs", request("worker").build());
    assertEquals("Creating", created.state());
    String uuid = created.mapping().uuid();
    assertEquals("Enabled", mappings.get(uuid).state());
    sendBodies("jobs", "before");
    await(() -> function.bodies(), b -> b.contains("before"), "the first message delivered");

    EventSourceMappings.View disabling = mappings.update(uuid, request(null).enabled(false).build());
    assertEquals("Disabling", disabling.state());
    await(() -> mappings.get(uuid).state(), "Disabled"::equals, "the mapping disabled");
    sendBodies("jobs", "while-disabled");
    List<ReceivedMessage> mine = queues.receive("jobs", ReceiveRequest.upTo(10));
    assertEquals(List.of("while-disabled"), mine.stream().map(ReceivedMessage::body).toList(),
        "nothing reads the queue while the mapping is disabled");
    queues.changeVisibility("jobs", mine.get(0).receiptHandle(), 0);

    assertEquals("Enabling", mappings.update(uuid, request(null).enabled(true).build()).state());
    await(() -> function.bodies(), b -> b.contains("while-disabled"), "delivery resumed");
    assertEquals("Enabled", mappings.get(uuid).state());
  }

  @Test
  void mappingsAreReloadedAndRestartedFromTheStore() throws Exception {
    queues.createQueue("jobs", Map.of());
    String uuid = mappings.create(ARN_PREFIX + "jobs", request("worker:1").build()).mapping().uuid();
    mappings.close();
    mappings = open(mappingStore);
    assertEquals("Enabled", mappings.get(uuid).state());
    sendBodies("jobs", "after-restart");
    await(() -> function.bodies(), b -> b.contains("after-restart"), "delivery after reloading");
    assertEquals(Set.of(new Arns.FunctionRef("worker", Optional.of("1"))), function.targets());
  }

  @Test
  void updatesChangeOnlyWhatTheyNameAndMayMoveToAnotherFunction() {
    queues.createQueue("jobs", Map.of());
    String uuid = mappings.create(ARN_PREFIX + "jobs", request("worker").batchSize(100).window(5)
        .reportFailures().filters("{\"body\": {\"a\": [1]}}").maxConcurrency(4).build())
        .mapping().uuid();
    EventSourceMapping m = mappings.update(uuid, request("other").batchSize(50).build()).mapping();
    assertEquals("other", m.functionName());
    assertEquals(50, m.batchSize());
    assertEquals(5, m.maximumBatchingWindowSeconds());
    assertTrue(m.reportBatchItemFailures());
    assertEquals(Optional.of(4), m.maximumConcurrency());
    assertEquals(List.of("{\"body\": {\"a\": [1]}}"), m.filterPatterns());
    EventSourceMapping cleared = mappings.update(uuid, new EventSourceMappings.Request(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(List.of()), Optional.of(Optional.empty()), Optional.of(List.of()))).mapping();
    assertTrue(!cleared.reportBatchItemFailures() && cleared.maximumConcurrency().isEmpty()
        && cleared.filterPatterns().isEmpty(), cleared.toString());
    assertEquals(cleared, mappingStore.rows.get(uuid));
  }

  @Test
  void deletingAMappingOrItsFunctionForgetsIt() throws Exception {
    queues.createQueue("jobs", Map.of());
    String a = mappings.create(ARN_PREFIX + "jobs", request("worker").build()).mapping().uuid();
    String b = mappings.create(ARN_PREFIX + "jobs", request("other").build()).mapping().uuid();
    assertEquals("Deleting", mappings.delete(a).state());
    assertError(ErrorType.RESOURCE_NOT_FOUND, () -> mappings.get(a));
    functions.delete(new Arns.FunctionRef("other", Optional.empty()));
    assertError(ErrorType.RESOURCE_NOT_FOUND, () -> mappings.get(b));
    await(() -> mappings.workers(b), n -> n == 0, "the runner of the deleted function stopped");
  }

  @Test
  void listingFiltersByFunctionAndQueueAndPagesByUuid() {
    queues.createQueue("one", Map.of());
    queues.createQueue("two", Map.of());
    String a = mappings.create(ARN_PREFIX + "one", request("worker").build()).mapping().uuid();
    String b = mappings.create(ARN_PREFIX + "two", request("worker").build()).mapping().uuid();
    String c = mappings.create(ARN_PREFIX + "one", request("other").build()).mapping().uuid();
    assertEquals(List.of(a, b), uuids(mappings.list(
        Optional.of(new Arns.FunctionRef("worker", Optional.empty())), Optional.empty(),
        Optional.empty(), 100)));
    assertEquals(List.of(a, c), uuids(mappings.list(Optional.empty(),
        Optional.of(ARN_PREFIX + "one"), Optional.empty(), 100)));
    EventSourceMappings.Page first = mappings.list(Optional.empty(), Optional.empty(),
        Optional.empty(), 2);
    assertEquals(List.of(a, b), uuids(first));
    assertEquals(Optional.of(b), first.nextMarker());
    EventSourceMappings.Page rest = mappings.list(Optional.empty(), Optional.empty(),
        first.nextMarker(), 2);
    assertEquals(List.of(c), uuids(rest));
    assertEquals(Optional.empty(), rest.nextMarker());
  }

  // ---- validation ------------------------------------------------------------------------------

  @Test
  void badRequestsAreRefusedWithLambdasErrorsAndChangeNothing() {
    queues.createQueue("jobs", Map.of());
    queues.createQueue("jobs.fifo", Map.of("FifoQueue", "true"));
    String jobs = ARN_PREFIX + "jobs";
    assertError(ErrorType.INVALID_PARAMETER_VALUE, "NonExistentQueue",
        () -> mappings.create(ARN_PREFIX + "missing", request("worker").build()));
    assertError(ErrorType.INVALID_PARAMETER_VALUE, "Unrecognized event source",
        () -> mappings.create("arn:aws:kinesis:us-east-1:000000000000:stream/s",
            request("worker").build()));
    assertError(ErrorType.INVALID_PARAMETER_VALUE, "Unrecognized event source",
        () -> mappings.create("arn:aws:sqs:eu-west-1:000000000000:jobs", request("worker").build()));
    assertError(ErrorType.RESOURCE_NOT_FOUND, "nobody",
        () -> mappings.create(jobs, request("nobody").build()));
    assertError(ErrorType.RESOURCE_NOT_FOUND, "worker:7",
        () -> mappings.create(jobs, request("worker:7").build()));
    assertError(ErrorType.INVALID_PARAMETER_VALUE, "greater than or equal to 1",
        () -> mappings.create(jobs, request("worker").batchSize(0).build()));
    assertError(ErrorType.INVALID_PARAMETER_VALUE, "less than or equal to 10000",
        () -> mappings.create(jobs, request("worker").batchSize(10_001).window(1).build()));
    assertError(ErrorType.INVALID_PARAMETER_VALUE, "Maximum batch window in seconds must be",
        () -> mappings.create(jobs, request("worker").batchSize(11).build()));
    assertError(ErrorType.INVALID_PARAMETER_VALUE, "less than or equal to 300",
        () -> mappings.create(jobs, request("worker").window(301).build()));
    assertError(ErrorType.INVALID_PARAMETER_VALUE, "scalingConfig.maximumConcurrency",
        () -> mappings.create(jobs, request("worker").maxConcurrency(1).build()));
    assertError(ErrorType.INVALID_PARAMETER_VALUE, "FIFO queues take batches of 1 to 10",
        () -> mappings.create(jobs + ".fifo", request("worker").batchSize(11).window(1).build()));
    assertError(ErrorType.INVALID_PARAMETER_VALUE, "Batching window is not supported",
        () -> mappings.create(jobs + ".fifo", request("worker").window(1).build()));
    assertError(ErrorType.INVALID_PARAMETER_VALUE, "ReportBatchItemFailures", () -> mappings
        .create(jobs, request("worker").responseTypes(List.of("ReportEverything")).build()));
    assertError(ErrorType.INVALID_PARAMETER_VALUE, "Invalid filter pattern definition",
        () -> mappings.create(jobs, request("worker").filters("{\"body\": \"x\"}").build()));
    assertError(ErrorType.INVALID_PARAMETER_VALUE, "at most 5", () -> mappings.create(jobs,
        request("worker").filters("{\"a\":[1]}", "{\"a\":[2]}", "{\"a\":[3]}", "{\"a\":[4]}",
            "{\"a\":[5]}", "{\"a\":[6]}").build()));
    assertTrue(mappingStore.rows.isEmpty(), "nothing stored");

    String uuid = mappings.create(jobs, request("worker").build()).mapping().uuid();
    assertError(ErrorType.RESOURCE_CONFLICT, uuid,
        () -> mappings.create(jobs, request("worker").build()));
    assertError(ErrorType.INVALID_PARAMETER_VALUE, "Maximum batch window",
        () -> mappings.update(uuid, request(null).batchSize(500).build()));
    assertEquals(10, mappings.get(uuid).mapping().batchSize(), "a refused update changes nothing");
    assertError(ErrorType.RESOURCE_NOT_FOUND, "no-such-uuid", () -> mappings.get("no-such-uuid"));
    assertError(ErrorType.RESOURCE_NOT_FOUND, "no-such-uuid",
        () -> mappings.update("no-such-uuid", request(null).build()));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  static List<String> uuids(EventSourceMappings.Page page) {
    return page.mappings().stream().map(v -> v.mapping().uuid()).toList();
  }

  void send(String queue, int count) {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      bodies.add("message-" + i);
    }
    sendBodies(queue, bodies.toArray(String[]::new));
  }

  void sendBodies(String queue, String... bodies) {
    for (int start = 0; start < bodies.length; start += 10) {
      List<BatchEntry<SendRequest>> entries = new ArrayList<>();
      for (int i = start; i < Math.min(bodies.length, start + 10); i++) {
        entries.add(new BatchEntry<>("e" + i, new SendRequest(bodies[i], Optional.empty(),
            Map.of(), Map.of(), Optional.empty(), Optional.empty())));
      }
      assertTrue(queues.sendBatch(queue, entries).failed().isEmpty());
    }
  }

  long backlog(String queue) {
    Map<String, String> a = queues.queueAttributes(queue, List.of("ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"));
    return a.values().stream().mapToLong(Long::parseLong).sum();
  }

  long visible(String queue) {
    return Long.parseLong(queues.queueAttributes(queue, List.of("ApproximateNumberOfMessages"))
        .get("ApproximateNumberOfMessages"));
  }

  /** Polls until {@code done} holds; the guard only stops a hang, it asserts no timing. */
  static <T> T await(Callable<T> probe, Predicate<T> done, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    T value = probe.call();
    while (!done.test(value)) {
      assertTrue(System.nanoTime() < deadline, "gave up waiting for " + what + "; last: " + value);
      Thread.sleep(20);
      value = probe.call();
    }
    return value;
  }

  static void assertError(ErrorType type, Runnable action) {
    assertError(type, "", action);
  }

  static void assertError(ErrorType type, String text, Runnable action) {
    GustException e = assertThrows(GustException.class, action::run);
    assertEquals(type, e.type(), e.getMessage());
    assertTrue(e.getMessage().contains(text), e.getMessage());
  }

  static FunctionInvoker.Result success(String payload) {
    return new FunctionInvoker.Result(payload.getBytes(StandardCharsets.UTF_8), Optional.empty());
  }

  static FunctionInvoker.Result failure() {
    return new FunctionInvoker.Result(
        "{\"errorMessage\":\"no\",\"errorType\":\"RuntimeError\"}".getBytes(StandardCharsets.UTF_8),
        Optional.of("Unhandled"));
  }

  RequestBuilder request(String function) {
    return new RequestBuilder(function == null ? Optional.empty()
        : Optional.of(functions.arns().parseFunctionName(function)));
  }

  static final class RequestBuilder {
    final Optional<Arns.FunctionRef> function;
    Optional<Boolean> enabled = Optional.empty();
    Optional<Integer> batchSize = Optional.empty();
    Optional<Integer> window = Optional.empty();
    Optional<List<String>> types = Optional.empty();
    Optional<Optional<Integer>> concurrency = Optional.empty();
    Optional<List<String>> filters = Optional.empty();

    RequestBuilder(Optional<Arns.FunctionRef> function) {
      this.function = function;
    }

    RequestBuilder enabled(boolean on) {
      enabled = Optional.of(on);
      return this;
    }

    RequestBuilder batchSize(int n) {
      batchSize = Optional.of(n);
      return this;
    }

    RequestBuilder window(int seconds) {
      window = Optional.of(seconds);
      return this;
    }

    RequestBuilder reportFailures() {
      return responseTypes(List.of("ReportBatchItemFailures"));
    }

    RequestBuilder responseTypes(List<String> t) {
      types = Optional.of(t);
      return this;
    }

    RequestBuilder maxConcurrency(int n) {
      concurrency = Optional.of(Optional.of(n));
      return this;
    }

    RequestBuilder filters(String... patterns) {
      filters = Optional.of(List.of(patterns));
      return this;
    }

    EventSourceMappings.Request build() {
      return new EventSourceMappings.Request(function, enabled, batchSize, window, types,
          concurrency, filters);
    }
  }

  /** The function: records every event; answers as the test says (success by default). */
  static final class FakeFunction implements FunctionInvoker {
    final List<JsonNode> events = new CopyOnWriteArrayList<>();
    final Set<Arns.FunctionRef> targets = ConcurrentHashMap.newKeySet();
    volatile BiFunction<Arns.FunctionRef, JsonNode, Result> answer = (ref, e) -> success("");

    @Override
    public Result invoke(Arns.FunctionRef ref, byte[] event) {
      try {
        JsonNode parsed = FilterPattern.JSON.readTree(event);
        events.add(parsed);
        targets.add(ref);
        return answer.apply(ref, parsed);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }

    List<JsonNode> records() {
      List<JsonNode> out = new ArrayList<>();
      events.forEach(e -> e.get("Records").forEach(out::add));
      return out;
    }

    List<String> bodies() {
      return records().stream().map(r -> r.get("body").asText()).toList();
    }

    List<Integer> batchSizes() {
      return events.stream().map(e -> e.get("Records").size()).toList();
    }

    Set<Arns.FunctionRef> targets() {
      return Set.copyOf(targets);
    }
  }

  /** The mapping store, in memory. */
  static final class MemoryStore implements EventSourceMappingStore {
    final Map<String, EventSourceMapping> rows = new ConcurrentHashMap<>();

    @Override
    public List<EventSourceMapping> loadEventSourceMappings() {
      return List.copyOf(rows.values());
    }

    @Override
    public void putEventSourceMapping(EventSourceMapping m) {
      rows.put(m.uuid(), m);
    }

    @Override
    public void deleteEventSourceMapping(String uuid) {
      rows.remove(uuid);
    }
  }

  /** A function registry over in-memory fakes of its ports. */
  static FunctionRegistry registry() {
    RegistryStore store = new RegistryStore() {
      @Override public List<FunctionState> loadAll() { return List.of(); }
      @Override public void createFunction(FunctionState f) {}
      @Override public void updateLatest(FunctionVersion latest) {}
      @Override public void insertVersion(FunctionVersion published) {}
      @Override public void deleteVersion(String f, long v) {}
      @Override public void deleteFunction(String f) {}
      @Override public void putAlias(Alias a) {}
      @Override public void deleteAlias(String f, String a) {}
      @Override public void setReservedConcurrency(String f, Integer r) {}
      @Override public void close() {}
    };
    CodeStore code = new CodeStore() {
      @Override public CodePackage store(byte[] zip) {
        return new CodePackage(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(zip, 32)),
            zip.length, zip.length);
      }
      @Override public Path directory(CodePackage c) { return Path.of("/"); }
      @Override public InputStream open(String key) { return InputStream.nullInputStream(); }
      @Override public void retainOnly(Set<String> keys) {}
    };
    RuntimeCatalog runtimes = new RuntimeCatalog() {
      @Override public Optional<RuntimeRecipe> recipe(RuntimeId r) {
        return Optional.of(new RuntimeRecipe(r, Optional.of("py"), "3.11"));
      }
      @Override public String whyUnavailable(RuntimeId r) { return "not here"; }
      @Override public List<String> available() { return List.of("python3.11"); }
    };
    return new FunctionRegistry(store, code, runtimes, Arns.DEFAULT, Clock.SYSTEM, 1000);
  }
}

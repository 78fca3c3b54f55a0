package dev.gust.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gust.core.Arns;
import dev.gust.core.ManualClock;
import dev.gust.core.queue.MessageAttributeValue;
import dev.gust.core.queue.QueueError;
import dev.gust.core.queue.QueueException;
import dev.gust.store.SqliteQueueStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueServiceTest {
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
  private static final String DLQ_ARN = "arn:aws:sqs:us-east-1:000000000000:dead";

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(T0);
  private SqliteQueueStore store;
  private QueueService queues;

  @BeforeEach
  void open() {
    store = new SqliteQueueStore(dir.resolve("queues.db"));
    queues = new QueueService(store, Arns.DEFAULT, clock);
  }

  @AfterEach
  void close() {
    queues.close();
    store.close();
  }

  @Test
  void queueNamesFollowSqsRules() {
    assertError(QueueError.INVALID_PARAMETER_VALUE, () -> queues.createQueue("has space", Map.of()));
    assertError(QueueError.INVALID_PARAMETER_VALUE, () -> queues.createQueue("x".repeat(81), Map.of()));
    assertError(QueueError.INVALID_PARAMETER_VALUE, () -> queues.createQueue("plain.fifo", Map.of()));
    assertError(QueueError.INVALID_PARAMETER_VALUE,
        () -> queues.createQueue("nofifo", Map.of("FifoQueue", "true")));
    assertEquals("x".repeat(80), queues.createQueue("x".repeat(80), Map.of()).name());
    assertTrue(queues.createQueue("y".repeat(75) + ".fifo", Map.of("FifoQueue", "true")).fifo());
  }

  @Test
  void attributesAreCheckedByNameAndRange() {
    assertError(QueueError.INVALID_ATTRIBUTE_VALUE,
        () -> queues.createQueue("q", Map.of("VisibilityTimeout", "43201")));
    assertError(QueueError.INVALID_ATTRIBUTE_VALUE,
        () -> queues.createQueue("q", Map.of("DelaySeconds", "901")));
    assertError(QueueError.INVALID_ATTRIBUTE_VALUE,
        () -> queues.createQueue("q", Map.of("MessageRetentionPeriod", "59")));
    assertError(QueueError.INVALID_ATTRIBUTE_VALUE,
        () -> queues.createQueue("q", Map.of("ReceiveMessageWaitTimeSeconds", "21")));
    assertError(QueueError.INVALID_ATTRIBUTE_VALUE,
        () -> queues.createQueue("q", Map.of("MaximumMessageSize", "1023")));
    assertError(QueueError.INVALID_ATTRIBUTE_NAME,
        () -> queues.createQueue("q", Map.of("Colour", "blue")));
    assertError(QueueError.INVALID_ATTRIBUTE_NAME,
        () -> queues.createQueue("q", Map.of("ContentBasedDeduplication", "true")));
    assertTrue(queues.listQueues("", Optional.empty(), Optional.empty()).names().isEmpty());

    queues.createQueue("q", Map.of("VisibilityTimeout", "60", "Policy", "{}"));
    Map<String, String> a = queues.queueAttributes("q", List.of("All"));
    assertEquals("60", a.get("VisibilityTimeout"));
    assertEquals("{}", a.get("Policy"));
    assertEquals("arn:aws:sqs:us-east-1:000000000000:q", a.get("QueueArn"));
    assertEquals("0", a.get("ApproximateNumberOfMessages"));
    assertEquals(Long.toString(T0.getEpochSecond()), a.get("CreatedTimestamp"));
    assertEquals(Map.of("DelaySeconds", "0"), queues.queueAttributes("q", List.of("DelaySeconds")));
    assertError(QueueError.INVALID_ATTRIBUTE_NAME, () -> queues.queueAttributes("q", List.of("Nope")));

    clock.advance(Duration.ofSeconds(5));
    queues.setQueueAttributes("q", Map.of("DelaySeconds", "10", "Policy", ""));
    a = queues.queueAttributes("q", List.of("All"));
    assertEquals("10", a.get("DelaySeconds"));
    assertFalse(a.containsKey("Policy"));
    assertEquals(Long.toString(T0.getEpochSecond() + 5), a.get("LastModifiedTimestamp"));
  }

  @Test
  void creatingAnExistingQueueReturnsItUnlessAnAttributeDiffers() {
    queues.createQueue("q", Map.of("VisibilityTimeout", "60"));
    assertEquals("q", queues.createQueue("q", Map.of("VisibilityTimeout", "60")).name());
    assertEquals("q", queues.createQueue("q", Map.of()).name());
    assertError(QueueError.QUEUE_NAME_EXISTS,
        () -> queues.createQueue("q", Map.of("VisibilityTimeout", "61")));
  }

  @Test
  void missingQueuesAreQueueDoesNotExist() {
    assertError(QueueError.QUEUE_DOES_NOT_EXIST, () -> queues.send("none", SendRequest.of("x")));
    assertError(QueueError.QUEUE_DOES_NOT_EXIST, () -> queues.deleteQueue("none"));
    assertError(QueueError.QUEUE_DOES_NOT_EXIST,
        () -> queues.queueName("http://127.0.0.1:9000/123456789012/q"));
    assertEquals("q", queues.queueName("http://localhost:1/000000000000/q"));
    assertEquals("q", queues.queueName("q"));
    assertEquals("http://h:1/000000000000/q", queues.queueUrl("http://h:1", "q"));
  }

  @Test
  void sendAnswersTheDigestsAndReceiveReturnsBodyAttributesAndSystemAttributes() {
    queues.createQueue("q", Map.of());
    Map<String, MessageAttributeValue> attributes = Map.of(
        "colour", MessageAttributeValue.ofString("String", "blue"),
        "size", MessageAttributeValue.ofString("Number", "42"),
        "order.id", MessageAttributeValue.ofString("String", "7"),
        "blob", MessageAttributeValue.ofBinary("Binary", new byte[] {0, 1, 2}));
    SendResult sent = queues.send("q", SendRequest.of("hello").withAttributes(attributes));
    assertEquals("5d41402abc4b2a76b9719d911017c592", sent.md5OfBody());
    assertTrue(sent.md5OfAttributes().isPresent());
    assertTrue(sent.sequenceNumber().isEmpty());

    clock.advance(Duration.ofSeconds(1));
    ReceivedMessage m = queues.receive("q", ReceiveRequest.upTo(10)).get(0);
    assertEquals(sent.messageId(), m.messageId());
    assertEquals("hello", m.body());
    assertEquals(sent.md5OfBody(), m.md5OfBody());
    assertEquals(sent.md5OfAttributes(), m.md5OfMessageAttributes());
    assertEquals(attributes, m.messageAttributes());
    assertEquals("1", m.attributes().get("ApproximateReceiveCount"));
    assertEquals(Long.toString(T0.toEpochMilli()), m.attributes().get("SentTimestamp"));
    assertEquals(Long.toString(T0.plusSeconds(1).toEpochMilli()),
        m.attributes().get("ApproximateFirstReceiveTimestamp"));
  }

  @Test
  void receiveReturnsOnlyTheRequestedAttributesWithTheDigestOfThoseReturned() {
    queues.createQueue("q", Map.of());
    queues.send("q", SendRequest.of("b").withAttributes(Map.of(
        "order.id", MessageAttributeValue.ofString("String", "7"),
        "order.kind", MessageAttributeValue.ofString("String", "x"),
        "other", MessageAttributeValue.ofString("String", "y"))));
    ReceiveRequest only = new ReceiveRequest(1, Optional.empty(), Optional.of(0),
        Set.of("SentTimestamp"), List.of("order.*"));
    ReceivedMessage m = queues.receive("q", only).get(0);
    assertEquals(Set.of("order.id", "order.kind"), m.messageAttributes().keySet());
    assertEquals(Optional.of(Digests.md5OfAttributes(m.messageAttributes())), m.md5OfMessageAttributes());
    assertEquals(Set.of("SentTimestamp"), m.attributes().keySet());
  }

  @Test
  void messageContentsAndSizeAreChecked() {
    queues.createQueue("small", Map.of("MaximumMessageSize", "1024"));
    assertError(QueueError.INVALID_MESSAGE_CONTENTS, () -> queues.send("small", SendRequest.of("bad\u0001")));
    assertError(QueueError.MISSING_PARAMETER, () -> queues.send("small", SendRequest.of("")));
    assertError(QueueError.INVALID_PARAMETER_VALUE, () -> queues.send("small", SendRequest.of("x".repeat(1025))));
    queues.send("small", SendRequest.of("x".repeat(1024)));
    queues.send("small", SendRequest.of("emoji \uD83D\uDE00 ok"));
    assertError(QueueError.INVALID_PARAMETER_VALUE, () -> queues.send("small",
        SendRequest.of("x").withAttributes(Map.of("AWS.reserved", MessageAttributeValue.ofString("String", "v")))));
    assertError(QueueError.INVALID_PARAMETER_VALUE, () -> queues.send("small",
        SendRequest.of("x").withAttributes(Map.of("n", MessageAttributeValue.ofString("Number", "abc")))));
    assertError(QueueError.INVALID_PARAMETER_VALUE, () -> queues.send("small",
        SendRequest.of("x").withAttributes(Map.of("n", MessageAttributeValue.ofString("Text", "abc")))));
    assertError(QueueError.INVALID_PARAMETER_VALUE, () -> queues.send("small", SendRequest.of("x").withDelay(901)));
  }

  @Test
  void anUnacknowledgedMessageReturnsAfterItsVisibilityTimeoutWithANewReceiptHandle() {
    queues.createQueue("q", Map.of("VisibilityTimeout", "10"));
    queues.send("q", SendRequest.of("work"));
    ReceivedMessage first = queues.receive("q", ReceiveRequest.upTo(1)).get(0);
    assertTrue(queues.receive("q", ReceiveRequest.upTo(1)).isEmpty());
    assertEquals("1", queues.queueAttributes("q", List.of("ApproximateNumberOfMessagesNotVisible"))
        .get("ApproximateNumberOfMessagesNotVisible"));

    clock.advance(Duration.ofSeconds(10));
    ReceivedMessage second = queues.receive("q", ReceiveRequest.upTo(1)).get(0);
    assertEquals(first.messageId(), second.messageId());
    assertNotEquals(first.receiptHandle(), second.receiptHandle());
    assertEquals("2", second.attributes().get("ApproximateReceiveCount"));

    queues.deleteMessage("q", first.receiptHandle()); // stale: succeeds, deletes nothing
    assertEquals(1, store.counts("q", clock.now()).inFlight());
    queues.deleteMessage("q", second.receiptHandle());
    assertEquals(0, store.counts("q", clock.now()).inFlight());
  }

  @Test
  void changingVisibilityReleasesOrExtendsAndRefusesBadHandles() {
    queues.createQueue("q", Map.of());
    queues.send("q", SendRequest.of("m"));
    ReceivedMessage m = queues.receive("q", ReceiveRequest.upTo(1)).get(0);
    assertError(QueueError.RECEIPT_HANDLE_IS_INVALID, () -> queues.changeVisibility("q", "garbage", 0));
    assertError(QueueError.RECEIPT_HANDLE_IS_INVALID, () -> queues.deleteMessage("q", "garbage"));
    assertError(QueueError.INVALID_PARAMETER_VALUE,
        () -> queues.changeVisibility("q", m.receiptHandle(), 43_201));
    queues.changeVisibility("q", m.receiptHandle(), 0);
    assertError(QueueError.MESSAGE_NOT_INFLIGHT, () -> queues.changeVisibility("q", m.receiptHandle(), 5));
    ReceivedMessage again = queues.receive("q", ReceiveRequest.upTo(1).hiding(100)).get(0);
    clock.advance(Duration.ofSeconds(99));
    assertTrue(queues.receive("q", ReceiveRequest.upTo(1)).isEmpty());
    queues.changeVisibility("q", again.receiptHandle(), 50);
    clock.advance(Duration.ofSeconds(49));
    assertTrue(queues.receive("q", ReceiveRequest.upTo(1)).isEmpty());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(1, queues.receive("q", ReceiveRequest.upTo(1)).size());
  }

  @Test
  void queueAndMessageDelaysHoldTheFirstDelivery() {
    queues.createQueue("q", Map.of("DelaySeconds", "5"));
    queues.send("q", SendRequest.of("queue-delayed"));
    queues.send("q", SendRequest.of("message-delayed").withDelay(20));
    queues.send("q", SendRequest.of("now").withDelay(0));
    assertEquals(List.of("now"), bodies(queues.receive("q", ReceiveRequest.upTo(10))));
    assertEquals("2", queues.queueAttributes("q", List.of("ApproximateNumberOfMessagesDelayed"))
        .get("ApproximateNumberOfMessagesDelayed"));
    clock.advance(Duration.ofSeconds(5));
    assertEquals(List.of("queue-delayed"), bodies(queues.receive("q", ReceiveRequest.upTo(10))));
    clock.advance(Duration.ofSeconds(15));
    assertEquals(List.of("message-delayed"), bodies(queues.receive("q", ReceiveRequest.upTo(10))));
  }

  @Test
  void afterMaxReceiveCountReceivesTheMessageMovesToTheDeadLetterQueue() {
    queues.createQueue("dead", Map.of());
    assertError(QueueError.INVALID_PARAMETER_VALUE, () -> queues.createQueue("q",
        Map.of("RedrivePolicy", "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:missing\",\"maxReceiveCount\":2}")));
    assertError(QueueError.INVALID_PARAMETER_VALUE, () -> queues.createQueue("q",
        Map.of("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + DLQ_ARN + "\",\"maxReceiveCount\":0}")));
    assertError(QueueError.INVALID_PARAMETER_VALUE, () -> queues.createQueue("q",
        Map.of("RedrivePolicy", "not json")));
    queues.createQueue("q", Map.of("VisibilityTimeout", "1",
        "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + DLQ_ARN + "\",\"maxReceiveCount\":\"2\"}"));
    assertEquals("{\"deadLetterTargetArn\":\"" + DLQ_ARN + "\",\"maxReceiveCount\":2}",
        queues.queueAttributes("q", List.of("RedrivePolicy")).get("RedrivePolicy"));
    List<String> available = new CopyOnWriteArrayList<>();
    queues.addListener(available::add);
    queues.send("q", SendRequest.of("poison"));

    for (int i = 0; i < 2; i++) {
      assertEquals(1, queues.receive("q", ReceiveRequest.upTo(1)).size());
      clock.advance(Duration.ofSeconds(1));
    }
    assertTrue(queues.receive("q", ReceiveRequest.upTo(1)).isEmpty());
    ReceivedMessage dead = queues.receive("dead", ReceiveRequest.upTo(1)).get(0);
    assertEquals("poison", dead.body());
    assertEquals("arn:aws:sqs:us-east-1:000000000000:q", dead.attributes().get("DeadLetterQueueSourceArn"));
    assertEquals(List.of("q", "dead"), available);
  }

  @Test
  void fifoNeedsAGroupAndADeduplicationIdAndRefusesPerMessageDelays() {
    queues.createQueue("f.fifo", Map.of("FifoQueue", "true"));
    assertError(QueueError.MISSING_PARAMETER, () -> queues.send("f.fifo", SendRequest.of("x")));
    assertError(QueueError.INVALID_PARAMETER_VALUE,
        () -> queues.send("f.fifo", SendRequest.of("x").inGroup("g", Optional.empty())));
    assertError(QueueError.INVALID_PARAMETER_VALUE,
        () -> queues.send("f.fifo", SendRequest.of("x").withDelay(1).inGroup("g", Optional.of("d"))));
    queues.createQueue("s", Map.of());
    assertError(QueueError.INVALID_PARAMETER_VALUE,
        () -> queues.send("s", SendRequest.of("x").inGroup("g", Optional.of("d"))));
    assertTrue(queues.send("s", SendRequest.of("x").inGroup("g", Optional.empty())).sequenceNumber().isEmpty());
  }

  @Test
  void fifoDeduplicatesWithinFiveMinutesByIdOrByContent() {
    queues.createQueue("f.fifo", Map.of("FifoQueue", "true", "ContentBasedDeduplication", "true"));
    SendResult a = queues.send("f.fifo", SendRequest.of("same").inGroup("g", Optional.empty()));
    clock.advance(Duration.ofMinutes(4));
    SendResult b = queues.send("f.fifo", SendRequest.of("same").inGroup("g", Optional.empty()));
    assertEquals(a.messageId(), b.messageId());
    assertEquals(a.sequenceNumber(), b.sequenceNumber());
    SendResult c = queues.send("f.fifo", SendRequest.of("same").inGroup("g", Optional.of("explicit")));
    assertNotEquals(a.messageId(), c.messageId());
    clock.advance(Duration.ofMinutes(1).plusSeconds(1));
    SendResult d = queues.send("f.fifo", SendRequest.of("same").inGroup("g", Optional.empty()));
    assertNotEquals(a.messageId(), d.messageId());
    assertTrue(d.sequenceNumber().orElseThrow().compareTo(a.sequenceNumber().orElseThrow()) > 0);
    assertEquals(3, store.counts("f.fifo", clock.now()).visible());
  }

  @Test
  void fifoKeepsEachGroupInOrderWithOneBatchInFlightPerGroup() {
    queues.createQueue("f.fifo", Map.of("FifoQueue", "true", "ContentBasedDeduplication", "true"));
    for (String m : List.of("a1", "b1", "a2", "b2", "a3")) {
      queues.send("f.fifo", SendRequest.of(m).inGroup(m.substring(0, 1), Optional.empty()));
    }
    List<ReceivedMessage> first = queues.receive("f.fifo", ReceiveRequest.upTo(2));
    assertEquals(List.of("a1", "b1"), bodies(first));
    assertTrue(queues.receive("f.fifo", ReceiveRequest.upTo(10)).isEmpty());
    queues.deleteMessage("f.fifo", first.get(1).receiptHandle());
    assertEquals(List.of("b2"), bodies(queues.receive("f.fifo", ReceiveRequest.upTo(10))));
    queues.deleteMessage("f.fifo", first.get(0).receiptHandle());
    List<ReceivedMessage> rest = queues.receive("f.fifo", ReceiveRequest.upTo(10));
    assertEquals(List.of("a2", "a3"), bodies(rest));
    assertEquals("a", rest.get(0).attributes().get("MessageGroupId"));
    assertEquals(20, rest.get(0).attributes().get("SequenceNumber").length());
  }

  @Test
  void batchesReportEachEntryAndRefuseMalformedBatchesWhole() {
    queues.createQueue("q", Map.of());
    BatchResult<SendResult> sent = queues.sendBatch("q", List.of(
        new BatchEntry<>("ok-1", SendRequest.of("one")),
        new BatchEntry<>("bad", SendRequest.of("bad\u0000")),
        new BatchEntry<>("ok-2", SendRequest.of("two"))));
    assertEquals(List.of("ok-1", "ok-2"), sent.successful().stream().map(BatchResult.Success::id).toList());
    assertEquals("bad", sent.failed().get(0).id());
    assertEquals("InvalidMessageContents", sent.failed().get(0).code());
    assertTrue(sent.failed().get(0).senderFault());

    assertError(QueueError.EMPTY_BATCH_REQUEST, () -> queues.sendBatch("q", List.of()));
    assertError(QueueError.BATCH_ENTRY_IDS_NOT_DISTINCT, () -> queues.sendBatch("q",
        List.of(new BatchEntry<>("x", SendRequest.of("1")), new BatchEntry<>("x", SendRequest.of("2")))));
    assertError(QueueError.INVALID_BATCH_ENTRY_ID,
        () -> queues.sendBatch("q", List.of(new BatchEntry<>("no spaces", SendRequest.of("1")))));
    List<BatchEntry<SendRequest>> eleven = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      eleven.add(new BatchEntry<>("e" + i, SendRequest.of("m")));
    }
    assertError(QueueError.TOO_MANY_ENTRIES_IN_BATCH_REQUEST, () -> queues.sendBatch("q", eleven));

    List<ReceivedMessage> got = queues.receive("q", ReceiveRequest.upTo(10));
    BatchResult<Void> deleted = queues.deleteMessageBatch("q", List.of(
        new BatchEntry<>("a", got.get(0).receiptHandle()),
        new BatchEntry<>("b", "not-a-handle"),
        new BatchEntry<>("c", got.get(1).receiptHandle())));
    assertEquals(2, deleted.successful().size());
    assertEquals("ReceiptHandleIsInvalid", deleted.failed().get(0).code());
    assertEquals(0, store.counts("q", clock.now()).inFlight());
  }

  @Test
  void messagesPastTheRetentionPeriodAreNeverDeliveredAndAreSwept() {
    queues.createQueue("q", Map.of("MessageRetentionPeriod", "60"));
    queues.send("q", SendRequest.of("old"));
    clock.advance(Duration.ofSeconds(61));
    queues.send("q", SendRequest.of("fresh"));
    assertEquals(1, queues.sweep());
    assertEquals(List.of("fresh"), bodies(queues.receive("q", ReceiveRequest.upTo(10))));
  }

  @Test
  void purgeEmptiesTheQueueAtMostOnceAMinute() {
    queues.createQueue("q", Map.of());
    queues.send("q", SendRequest.of("1"));
    queues.purgeQueue("q");
    assertEquals(0, store.counts("q", clock.now()).visible());
    assertError(QueueError.PURGE_QUEUE_IN_PROGRESS, () -> queues.purgeQueue("q"));
    clock.advance(Duration.ofSeconds(60));
    queues.purgeQueue("q");
  }

  @Test
  void listQueuesFiltersByPrefixAndPages() {
    for (String n : List.of("a1", "a2", "a3", "b1")) {
      queues.createQueue(n, Map.of());
    }
    assertEquals(List.of("a1", "a2", "a3"),
        queues.listQueues("a", Optional.empty(), Optional.empty()).names());
    ListPage first = queues.listQueues("", Optional.of(2), Optional.empty());
    assertEquals(List.of("a1", "a2"), first.names());
    ListPage second = queues.listQueues("", Optional.of(2), first.nextToken());
    assertEquals(List.of("a3", "b1"), second.names());
    assertTrue(second.nextToken().isEmpty());
  }

  @Test
  void aLongPollReturnsTheMessageSentWhileItWaits() throws Exception {
    queues.createQueue("q", Map.of());
    List<String> told = new CopyOnWriteArrayList<>();
    queues.addListener(told::add);
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletableFuture<List<ReceivedMessage>> poll = CompletableFuture.supplyAsync(
          () -> queues.receive("q", ReceiveRequest.upTo(1).waiting(20)), threads);
      while (queues.parkedReceives() == 0) {
        Thread.sleep(5); // Observable state: the receive found nothing and parked.
      }
      queues.send("q", SendRequest.of("wake up"));
      assertEquals(List.of("wake up"), bodies(poll.get()));
    }
    assertEquals(List.of("q"), told);
    assertEquals(0, queues.parkedReceives());
  }

  @Test
  void closingTheServiceReleasesParkedReceives() throws Exception {
    queues.createQueue("q", Map.of());
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletableFuture<List<ReceivedMessage>> poll = CompletableFuture.supplyAsync(
          () -> queues.receive("q", ReceiveRequest.upTo(1).waiting(20)), threads);
      while (queues.parkedReceives() == 0) {
        Thread.sleep(5);
      }
      queues.close();
      assertTrue(poll.get().isEmpty());
    }
  }

  @Test
  void concurrentConsumersNeverReceiveTheSameMessageWhileItIsInFlight() throws Exception {
    queues.createQueue("q", Map.of());
    List<BatchEntry<SendRequest>> batch = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      batch.add(new BatchEntry<>("m" + (i % 10), SendRequest.of("body " + i)));
      if (batch.size() == 10) {
        queues.sendBatch("q", batch);
        batch.clear();
      }
    }
    List<String> received = new CopyOnWriteArrayList<>();
    try (var threads = Executors.newFixedThreadPool(4)) {
      List<CompletableFuture<Void>> consumers = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        consumers.add(CompletableFuture.runAsync(() -> {
          List<ReceivedMessage> got;
          while (!(got = queues.receive("q", ReceiveRequest.upTo(10))).isEmpty()) {
            got.forEach(m -> received.add(m.messageId()));
          }
        }, threads));
      }
      CompletableFuture.allOf(consumers.toArray(CompletableFuture[]::new)).get();
    }
    assertEquals(200, received.size());
    assertEquals(200, Set.copyOf(received).size());
  }

  @Test
  void messagesSurviveARestartOfTheStore() {
    queues.createQueue("q", Map.of());
    queues.send("q", SendRequest.of("kept"));
    queues.close();
    store.close();
    store = new SqliteQueueStore(dir.resolve("queues.db"));
    queues = new QueueService(store, Arns.DEFAULT, clock);
    assertEquals(List.of("kept"), bodies(queues.receive("q", ReceiveRequest.upTo(1))));
  }

  private static List<String> bodies(List<ReceivedMessage> messages) {
    return messages.stream().map(ReceivedMessage::body).toList();
  }

  private static void assertError(QueueError expected, Executable action) {
    QueueException e = assertThrows(QueueException.class, action::execute);
    assertEquals(expected, e.error(), e.getMessage());
  }

  @FunctionalInterface
  interface Executable {
    void execute();
  }
}

package dev.gust.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gust.core.queue.Appended;
import dev.gust.core.queue.Claim;
import dev.gust.core.queue.MessageAttributeValue;
import dev.gust.core.queue.NewMessage;
import dev.gust.core.queue.Queue;
import dev.gust.core.queue.QueueAttributes;
import dev.gust.core.queue.QueueCounts;
import dev.gust.core.queue.QueueError;
import dev.gust.core.queue.QueueException;
import dev.gust.core.queue.QueueMessage;
import dev.gust.core.queue.Receipt;
import dev.gust.core.queue.ReceiptOutcome;
import dev.gust.core.queue.RedrivePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteQueueStoreTest {
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
  private static final Duration VISIBILITY = Duration.ofSeconds(30);

  @TempDir Path dir;
  private SqliteQueueStore store;
  private final AtomicInteger tokens = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger();

  @BeforeEach
  void open() {
    store = new SqliteQueueStore(dir.resolve("queues.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void createFindListUpdateAndDeleteQueues() {
    assertTrue(store.create(queue("alpha", false)));
    assertFalse(store.create(queue("alpha", false)));
    store.create(queue("beta", false));
    store.create(queue("alpine.fifo", true));

    assertEquals(List.of("alpha", "alpine.fifo"), names(store.list("al", "", 10)));
    assertEquals(List.of("alpine.fifo", "beta"), names(store.list("", "alpha", 10)));
    assertEquals(List.of("alpha"), names(store.list("", "", 1)));

    Queue alpha = store.find("alpha").orElseThrow();
    QueueAttributes changed =
        new QueueAttributes(5, 2, 1024, 60, 20, false, false,
            Optional.of(new RedrivePolicy("arn:aws:sqs:us-east-1:000000000000:beta", 3)),
            Map.of("Policy", "{}"));
    assertTrue(store.update(alpha.withAttributes(changed, T0.plusSeconds(9))));
    Queue read = store.find("alpha").orElseThrow();
    assertEquals(changed, read.attributes());
    assertEquals(T0.plusSeconds(9), read.lastModified());
    assertEquals("beta", read.attributes().redrivePolicy().orElseThrow().targetQueueName());

    assertTrue(store.delete("alpha"));
    assertFalse(store.delete("alpha"));
    assertTrue(store.find("alpha").isEmpty());
  }

  @Test
  void messageOperationsOnAMissingQueueFailWithQueueDoesNotExist() {
    QueueException e =
        assertThrows(QueueException.class, () -> store.append("nope", List.of(plain("x", T0)), T0));
    assertEquals(QueueError.QUEUE_DOES_NOT_EXIST, e.error());
    assertThrows(QueueException.class, () -> store.claim(claim("nope", false, T0, 1)));
  }

  @Test
  void aReceivedMessageIsHiddenUntilItsVisibilityTimeoutEndsThenReturnsWithANewReceipt() {
    store.create(queue("q", false));
    store.append("q", List.of(plain("hello", T0)), T0);

    QueueMessage first = only(store.claim(claim("q", false, T0, 10)));
    assertEquals("hello", first.body());
    assertEquals(1, first.receiveCount());
    assertEquals(Optional.of(T0), first.firstReceivedAt());
    assertTrue(store.claim(claim("q", false, T0.plusSeconds(29), 10)).messages().isEmpty());
    assertEquals(new QueueCounts(0, 1, 0), store.counts("q", T0.plusSeconds(29)));

    Instant later = T0.plusSeconds(30);
    QueueMessage second = only(store.claim(claim("q", false, later, 10)));
    assertEquals(first.messageId(), second.messageId());
    assertEquals(2, second.receiveCount());
    assertEquals(Optional.of(T0), second.firstReceivedAt());
    assertNotEquals(first.receiptToken(), second.receiptToken());

    // The first receipt is stale now: deleting with it succeeds without deleting.
    assertEquals(ReceiptOutcome.STALE, store.delete("q", receipt(first)));
    assertEquals(ReceiptOutcome.DONE, store.delete("q", receipt(second)));
    assertEquals(ReceiptOutcome.GONE, store.delete("q", receipt(second)));
    assertEquals(new QueueCounts(0, 0, 0), store.counts("q", later));
  }

  @Test
  void aDelayedMessageIsNotReceivedBeforeItsDelayEnds() {
    store.create(queue("q", false));
    store.append("q", List.of(NewMessage.plain("m1", "later", T0, T0.plusSeconds(5))), T0);

    assertTrue(store.claim(claim("q", false, T0, 10)).messages().isEmpty());
    assertEquals(new QueueCounts(0, 0, 1), store.counts("q", T0));
    assertEquals(Optional.of(T0.plusSeconds(5)), store.nextVisible("q", T0));
    assertEquals("later", only(store.claim(claim("q", false, T0.plusSeconds(5), 10))).body());
  }

  @Test
  void changingVisibilityHidesLongerOrReleasesAndRefusesMessagesNotInFlight() {
    store.create(queue("q", false));
    store.append("q", List.of(plain("m", T0)), T0);
    QueueMessage m = only(store.claim(claim("q", false, T0, 1)));

    assertEquals(Optional.of(T0), store.receivedAt("q", receipt(m)));
    assertEquals(
        ReceiptOutcome.DONE, store.changeVisibility("q", receipt(m), T0.plusSeconds(1), T0.plusSeconds(1)));
    assertEquals(
        ReceiptOutcome.NOT_IN_FLIGHT,
        store.changeVisibility("q", receipt(m), T0.plusSeconds(1), T0.plusSeconds(60)));
    assertEquals(
        ReceiptOutcome.GONE,
        store.changeVisibility("q", new Receipt(999, "x"), T0, T0.plusSeconds(60)));
    assertEquals("m", only(store.claim(claim("q", false, T0.plusSeconds(1), 1))).body());
  }

  @Test
  void aMessageReceivedMaxReceiveCountTimesMovesToTheDeadLetterQueueOnTheNextReceive() {
    store.create(queue("dlq", false));
    store.create(queue("q", false));
    store.append("q", List.of(plain("poison", T0)), T0);
    Optional<Claim.Redrive> redrive = Optional.of(new Claim.Redrive("dlq", 2));

    Instant t = T0;
    for (int i = 1; i <= 2; i++) {
      Claim.Result r = store.claim(claim("q", false, t, 1, redrive));
      assertEquals(i, only(r).receiveCount());
      t = t.plus(VISIBILITY);
    }
    Claim.Result third = store.claim(claim("q", false, t, 1, redrive));
    assertTrue(third.messages().isEmpty());
    assertEquals(1, third.movedToDeadLetter());

    QueueMessage dead = only(store.claim(claim("dlq", false, t, 1)));
    assertEquals("poison", dead.body());
    assertEquals(1, dead.receiveCount());
    assertEquals(T0, dead.sentAt());
    assertEquals(Optional.of("q"), dead.deadLetterSource());
  }

  @Test
  void fifoDeliversEachGroupInOrderAndHoldsAGroupWhileOneOfItsMessagesIsInFlight() {
    store.create(queue("q.fifo", true));
    List<NewMessage> batch = new ArrayList<>();
    for (String m : List.of("a1", "b1", "a2", "b2", "a3", "c1")) {
      batch.add(fifo(m, m.substring(0, 1), m, T0));
    }
    store.append("q.fifo", batch, T0);

    List<QueueMessage> first = store.claim(claim("q.fifo", true, T0, 2)).messages();
    assertEquals(List.of("a1", "b1"), bodies(first));
    // a and b are in flight: only c is free.
    List<QueueMessage> c = store.claim(claim("q.fifo", true, T0, 10)).messages();
    assertEquals(List.of("c1"), bodies(c));
    assertTrue(store.claim(claim("q.fifo", true, T0, 10)).messages().isEmpty());

    store.delete("q.fifo", receipt(first.get(0)));
    List<QueueMessage> a = store.claim(claim("q.fifo", true, T0, 10)).messages();
    assertEquals(List.of("a2", "a3"), bodies(a));
    for (QueueMessage m : List.of(a.get(0), a.get(1), c.get(0))) {
      assertEquals(ReceiptOutcome.DONE, store.delete("q.fifo", receipt(m)));
    }

    // b1 was never deleted: when its visibility ends it comes back before b2.
    Instant later = T0.plus(VISIBILITY);
    assertEquals(List.of("b1", "b2"), bodies(store.claim(claim("q.fifo", true, later, 10)).messages()));
  }

  @Test
  void fifoDropsADuplicateWithinTheWindowAndAcceptsItAfter() {
    store.create(queue("q.fifo", true));
    Appended first = store.append("q.fifo", List.of(fifo("one", "g", "d1", T0)), T0).get(0);
    List<Appended> again =
        store.append(
            "q.fifo",
            List.of(fifo("one again", "g", "d1", T0.plusSeconds(60)), fifo("two", "g", "d2", T0)),
            T0.plusSeconds(60).minus(Duration.ofMinutes(5)));
    assertTrue(again.get(0).duplicate());
    assertEquals(first.messageId(), again.get(0).messageId());
    assertEquals(first.sequence(), again.get(0).sequence());
    assertFalse(again.get(1).duplicate());
    assertEquals(2, store.counts("q.fifo", T0).visible());

    Instant afterWindow = T0.plus(Duration.ofMinutes(5)).plusSeconds(1);
    Appended third =
        store.append("q.fifo", List.of(fifo("one later", "g", "d1", afterWindow)),
            afterWindow.minus(Duration.ofMinutes(5))).get(0);
    assertFalse(third.duplicate());
    assertEquals(3, store.counts("q.fifo", afterWindow).visible());
  }

  @Test
  void messagesPastTheRetentionPeriodAreExpiredAndNeverReceived() {
    QueueAttributes shortRetention =
        new QueueAttributes(30, 0, 262_144, 60, 0, false, false, Optional.empty(), Map.of());
    store.create(new Queue("q", shortRetention, T0, T0));
    store.append("q", List.of(plain("old", T0), plain("new", T0.plusSeconds(30))), T0);

    Instant t = T0.plusSeconds(61);
    Claim claim = new Claim("q", false, t, t.plus(VISIBILITY), t.minusSeconds(60), Optional.empty(),
        List.of("t1", "t2"));
    assertEquals(List.of("new"), bodies(store.claim(claim).messages()));

    store.append("q", List.of(plain("newer", t)), t);
    // At t+31 the cut-off is T0+32: "new" (sent at T0+30) expires, "newer" (T0+61) stays.
    assertEquals(1, store.expire(t.plusSeconds(31), t));
    assertEquals(new QueueCounts(1, 0, 0), store.counts("q", t.plusSeconds(31)));
  }

  @Test
  void purgeDeletesEveryMessageOfTheQueueOnly() {
    store.create(queue("a", false));
    store.create(queue("b", false));
    store.append("a", List.of(plain("1", T0), plain("2", T0)), T0);
    store.append("b", List.of(plain("3", T0)), T0);
    assertEquals(2, store.purge("a"));
    assertEquals(0, store.counts("a", T0).visible());
    assertEquals(1, store.counts("b", T0).visible());
  }

  @Test
  void messagesAndTheirAttributesSurviveReopeningTheStore() {
    store.create(queue("q", false));
    TreeMap<String, MessageAttributeValue> attributes = new TreeMap<>();
    attributes.put("s", MessageAttributeValue.ofString("String", "text"));
    attributes.put("b", MessageAttributeValue.ofBinary("Binary.png", new byte[] {1, 2, 3}));
    NewMessage m =
        new NewMessage("id-1", "durable", attributes, new TreeMap<>(), T0, T0,
            Optional.of("grp"), Optional.empty(), Optional.empty());
    long seq = store.append("q", List.of(m), T0).get(0).sequence();
    store.close();

    store = new SqliteQueueStore(dir.resolve("queues.db"));
    QueueMessage read = only(store.claim(claim("q", false, T0, 1)));
    assertEquals("durable", read.body());
    assertEquals(attributes, read.attributes());
    assertEquals(Optional.of("grp"), read.groupId());
    assertTrue(store.append("q", List.of(plain("next", T0)), T0).get(0).sequence() > seq);
  }

  private Queue queue(String name, boolean fifo) {
    return new Queue(name, QueueAttributes.defaults(fifo), T0, T0);
  }

  private NewMessage plain(String body, Instant at) {
    return NewMessage.plain("id-" + ids.incrementAndGet(), body, at, at);
  }

  private NewMessage fifo(String body, String group, String dedup, Instant at) {
    return new NewMessage("id-" + ids.incrementAndGet(), body, new TreeMap<>(), new TreeMap<>(),
        at, at, Optional.of(group), Optional.of(dedup), Optional.of(dedup));
  }

  private Claim claim(String queue, boolean fifo, Instant now, int max) {
    return claim(queue, fifo, now, max, Optional.empty());
  }

  private Claim claim(
      String queue, boolean fifo, Instant now, int max, Optional<Claim.Redrive> redrive) {
    List<String> t = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      t.add("token-" + tokens.incrementAndGet());
    }
    return new Claim(queue, fifo, now, now.plus(VISIBILITY), now.minus(Duration.ofDays(4)), redrive, t);
  }

  private static Receipt receipt(QueueMessage m) {
    return new Receipt(m.sequence(), m.receiptToken());
  }

  private static QueueMessage only(Claim.Result r) {
    assertEquals(1, r.messages().size(), "messages: " + r.messages());
    return r.messages().get(0);
  }

  private static List<String> bodies(List<QueueMessage> messages) {
    return messages.stream().map(QueueMessage::body).toList();
  }

  private static List<String> names(List<Queue> queues) {
    return queues.stream().map(Queue::name).toList();
  }
}

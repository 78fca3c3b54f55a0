package dev.gust.core.queue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where queues and their messages are kept. Every method is one transaction: what it returned is
 * committed (durably, before a send is answered), and a failure changes nothing.
 *
 * <p>The store applies no SQS rule beyond those it must apply atomically: claiming visible messages
 * with FIFO group locking and redrive to a dead-letter queue, and FIFO deduplication. Everything
 * else (names, ranges, digests) is checked by the queue service before it calls the store.
 *
 * <p>Message operations on a queue that does not exist throw {@link QueueException} with {@link
 * QueueError#QUEUE_DOES_NOT_EXIST}.
 */
public interface QueueStore extends AutoCloseable {

  /** Creates a queue; false (and nothing changed) when a queue of that name exists. */
  boolean create(Queue queue);

  Optional<Queue> find(String name);

  /** Queues whose name starts with {@code prefix} and sorts after {@code after}, by name. */
  List<Queue> list(String prefix, String after, int limit);

  /** Replaces a queue's attributes and last-modified time; false when it does not exist. */
  boolean update(Queue queue);

  /** Deletes a queue with all its messages; false when it did not exist. */
  boolean delete(String name);

  /**
   * Appends messages to a queue in the order given. For a message with a deduplication key, a
   * message with the same key appended to the same queue since {@code dedupSince} makes it a
   * duplicate, which is not stored; otherwise its key is remembered.
   */
  List<Appended> append(String queue, List<NewMessage> messages, Instant dedupSince);

  /** Claims visible messages; see {@link Claim}. */
  Claim.Result claim(Claim claim);

  /** Deletes the received message the receipt names, if it is still the latest receive. */
  ReceiptOutcome delete(String queue, Receipt receipt);

  /** Deletes several received messages in one transaction; one outcome per receipt, in order. */
  java.util.List<ReceiptOutcome> deleteAll(String queue, java.util.List<Receipt> receipts);

  /**
   * Hides the received message the receipt names until {@code visibleAt}, if it is the latest
   * receive and still in flight at {@code now}.
   */
  ReceiptOutcome changeVisibility(String queue, Receipt receipt, Instant now, Instant visibleAt);

  /** When the message the receipt names was last received, if the receipt is its latest. */
  Optional<Instant> receivedAt(String queue, Receipt receipt);

  /** Deletes every message of a queue; returns how many. */
  long purge(String queue);

  /**
   * Deletes messages older than their queue's retention period and deduplication entries older than
   * {@code dedupSince}; returns how many messages.
   */
  long expire(Instant now, Instant dedupSince);

  QueueCounts counts(String queue, Instant now);

  /** The earliest time after {@code now} at which a hidden message of the queue becomes visible. */
  Optional<Instant> nextVisible(String queue, Instant now);

  @Override
  void close();
}

package dev.gust.core.queue;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A stored message as a receive sees it, after the receive was counted.
 *
 * @param sequence the store's number for it: increasing in send order across all queues
 * @param messageId the id given when it was sent
 * @param body its body
 * @param attributes its message attributes
 * @param systemAttributes its message system attributes
 * @param sentAt when it was sent (kept when it moves to a dead-letter queue)
 * @param firstReceivedAt when it was first received
 * @param receiveCount how many times it was received, this receive included
 * @param groupId its message group, if any
 * @param deduplicationId FIFO: its deduplication id
 * @param deadLetterSource the queue it was moved from, when it is in a dead-letter queue
 * @param receiptToken the token of this receive; a receipt handle names it
 */
public record QueueMessage(
    long sequence,
    String messageId,
    String body,
    SortedMap<String, MessageAttributeValue> attributes,
    SortedMap<String, MessageAttributeValue> systemAttributes,
    Instant sentAt,
    Optional<Instant> firstReceivedAt,
    int receiveCount,
    Optional<String> groupId,
    Optional<String> deduplicationId,
    Optional<String> deadLetterSource,
    String receiptToken) {

  public QueueMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(body, "body");
    attributes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    systemAttributes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(systemAttributes));
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(firstReceivedAt, "firstReceivedAt");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(deduplicationId, "deduplicationId");
    Objects.requireNonNull(deadLetterSource, "deadLetterSource");
    Objects.requireNonNull(receiptToken, "receiptToken");
  }
}

package dev.gust.core.queue;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A message accepted by the queue service, to be appended to a queue.
 *
 * @param messageId the id SQS clients see (a UUID)
 * @param body the body, already checked against SQS's allowed characters and size
 * @param attributes the message attributes, by name
 * @param systemAttributes the message system attributes ({@code AWSTraceHeader}), by name
 * @param sentAt when it was accepted
 * @param visibleAt when it may first be received (later than {@code sentAt} when delayed)
 * @param groupId the message group (required on FIFO queues, optional on standard ones)
 * @param deduplicationId FIFO: the id given or derived from the body
 * @param deduplicationKey FIFO: what deduplication compares, the id alone or scoped to the group
 */
public record NewMessage(
    String messageId,
    String body,
    SortedMap<String, MessageAttributeValue> attributes,
    SortedMap<String, MessageAttributeValue> systemAttributes,
    Instant sentAt,
    Instant visibleAt,
    Optional<String> groupId,
    Optional<String> deduplicationId,
    Optional<String> deduplicationKey) {

  public NewMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(body, "body");
    attributes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    systemAttributes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(systemAttributes));
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(visibleAt, "visibleAt");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(deduplicationId, "deduplicationId");
    Objects.requireNonNull(deduplicationKey, "deduplicationKey");
  }

  /** A standard-queue message without attributes, for tests and simple producers. */
  public static NewMessage plain(String messageId, String body, Instant sentAt, Instant visibleAt) {
    return new NewMessage(
        messageId, body, new TreeMap<>(), new TreeMap<>(), sentAt, visibleAt,
        Optional.empty(), Optional.empty(), Optional.empty());
  }
}

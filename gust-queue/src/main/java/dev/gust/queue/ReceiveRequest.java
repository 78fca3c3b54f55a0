package dev.gust.queue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A ReceiveMessage request.
 *
 * @param maxMessages {@code MaxNumberOfMessages}, 1-10
 * @param visibilityTimeout overrides the queue's visibility timeout for these messages
 * @param waitTimeSeconds overrides the queue's {@code ReceiveMessageWaitTimeSeconds}
 * @param systemAttributeNames which system attributes to return ({@code All} for every one)
 * @param messageAttributeNames which message attributes to return: names, {@code All} or {@code
 *     .*}, or prefixes such as {@code order.*}
 */
public record ReceiveRequest(
    int maxMessages,
    Optional<Integer> visibilityTimeout,
    Optional<Integer> waitTimeSeconds,
    Set<String> systemAttributeNames,
    List<String> messageAttributeNames) {

  public ReceiveRequest {
    systemAttributeNames = Set.copyOf(systemAttributeNames);
    messageAttributeNames = List.copyOf(messageAttributeNames);
  }

  /** Up to {@code max} messages, no wait override, every attribute. */
  public static ReceiveRequest upTo(int max) {
    return new ReceiveRequest(
        max, Optional.empty(), Optional.of(0), Set.of("All"), List.of("All"));
  }

  public ReceiveRequest waiting(int seconds) {
    return new ReceiveRequest(
        maxMessages, visibilityTimeout, Optional.of(seconds), systemAttributeNames,
        messageAttributeNames);
  }

  public ReceiveRequest hiding(int seconds) {
    return new ReceiveRequest(
        maxMessages, Optional.of(seconds), waitTimeSeconds, systemAttributeNames,
        messageAttributeNames);
  }
}

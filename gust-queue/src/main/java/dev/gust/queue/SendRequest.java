package dev.gust.queue;

import dev.gust.core.queue.MessageAttributeValue;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One message to send, as decoded from SendMessage or a SendMessageBatch entry; the service checks
 * it against the queue's rules.
 *
 * @param body the body ({@code MessageBody})
 * @param delaySeconds a per-message delay (standard queues only)
 * @param attributes {@code MessageAttributes}
 * @param systemAttributes {@code MessageSystemAttributes} ({@code AWSTraceHeader} only)
 * @param groupId {@code MessageGroupId}
 * @param deduplicationId {@code MessageDeduplicationId}
 */
public record SendRequest(
    String body,
    Optional<Integer> delaySeconds,
    Map<String, MessageAttributeValue> attributes,
    Map<String, MessageAttributeValue> systemAttributes,
    Optional<String> groupId,
    Optional<String> deduplicationId) {

  public SendRequest {
    body = body == null ? "" : body;
    Objects.requireNonNull(delaySeconds, "delaySeconds");
    attributes = Map.copyOf(attributes);
    systemAttributes = Map.copyOf(systemAttributes);
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(deduplicationId, "deduplicationId");
  }

  /** A body alone. */
  public static SendRequest of(String body) {
    return new SendRequest(
        body, Optional.empty(), Map.of(), Map.of(), Optional.empty(), Optional.empty());
  }

  public SendRequest withAttributes(Map<String, MessageAttributeValue> value) {
    return new SendRequest(body, delaySeconds, value, systemAttributes, groupId, deduplicationId);
  }

  public SendRequest withDelay(int seconds) {
    return new SendRequest(
        body, Optional.of(seconds), attributes, systemAttributes, groupId, deduplicationId);
  }

  public SendRequest inGroup(String group, Optional<String> dedupId) {
    return new SendRequest(body, delaySeconds, attributes, systemAttributes, Optional.of(group), dedupId);
  }
}

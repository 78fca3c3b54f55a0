package dev.gust.queue;

import dev.gust.core.queue.MessageAttributeValue;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * One message as ReceiveMessage returns it.
 *
 * @param messageId its id
 * @param receiptHandle the handle of this receive, for DeleteMessage and ChangeMessageVisibility
 * @param body its body
 * @param md5OfBody MD5 of the body
 * @param attributes the requested system attributes ({@code SentTimestamp}, ...) as text
 * @param messageAttributes the requested message attributes
 * @param md5OfMessageAttributes MD5 of the returned message attributes, when any are returned
 */
public record ReceivedMessage(
    String messageId,
    String receiptHandle,
    String body,
    String md5OfBody,
    Map<String, String> attributes,
    SortedMap<String, MessageAttributeValue> messageAttributes,
    Optional<String> md5OfMessageAttributes) {}

package dev.gust.queue;

import java.util.Optional;

/**
 * What SendMessage answers for one message.
 *
 * @param messageId the message's id (for a FIFO duplicate, the original's)
 * @param md5OfBody MD5 of the body
 * @param md5OfAttributes MD5 of the message attributes, when there are any
 * @param md5OfSystemAttributes MD5 of the message system attributes, when there are any
 * @param sequenceNumber FIFO queues: the message's sequence number
 */
public record SendResult(
    String messageId,
    String md5OfBody,
    Optional<String> md5OfAttributes,
    Optional<String> md5OfSystemAttributes,
    Optional<String> sequenceNumber) {}

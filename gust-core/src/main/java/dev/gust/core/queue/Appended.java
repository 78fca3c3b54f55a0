package dev.gust.core.queue;

/**
 * What became of one appended message.
 *
 * @param messageId its id; for a FIFO duplicate, the id of the message it duplicates
 * @param sequence its store number (a FIFO duplicate: the original's)
 * @param duplicate true when a FIFO queue dropped it as a duplicate within the deduplication window
 */
public record Appended(String messageId, long sequence, boolean duplicate) {}

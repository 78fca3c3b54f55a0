/**
 * Gust's queues, SQS-compatible: the records a queue and its messages are made of, the errors
 * with SQS's wire names ({@link dev.gust.core.queue.QueueError}), and the port through which
 * they are stored ({@link dev.gust.core.queue.QueueStore}).
 *
 * <p>The rules (names, attribute ranges, digests, FIFO groups and deduplication, long polling)
 * live in {@code gust-queue}; storage adapters in {@code gust-store}. JDK only.
 */
package dev.gust.core.queue;

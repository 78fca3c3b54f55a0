/**
 * SQS-compatible queues: {@link dev.gust.queue.QueueService} applies SQS's rules (queue names,
 * attribute ranges, message contents and sizes, FIFO groups and deduplication, redrive, receipt
 * handles) over a {@link dev.gust.core.queue.QueueStore}, and answers long polls.
 *
 * <p>Depends on {@code gust-core} only: no HTTP, no JSON library, no database. The HTTP front
 * decodes the AWS JSON 1.0 protocol and calls the service; the store adapter commits.
 *
 * <p>Threads: the service starts none. A long poll parks its caller (a virtual thread of the HTTP
 * front) on the queue's condition until a change that may make a message available signals it, a
 * hidden message's visibility ends, or the wait time runs out. The number of parked receives is
 * bounded ({@link dev.gust.queue.QueueService#MAX_WAITING_RECEIVES}); beyond it a receive answers
 * at once. Retention is enforced by {@link dev.gust.queue.QueueService#sweep()}, which the server
 * schedules, and by every receive for its own queue.
 */
package dev.gust.queue;

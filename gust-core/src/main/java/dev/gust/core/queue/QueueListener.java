package dev.gust.core.queue;

/**
 * Told when messages may have become available in a queue: after a send commits, after a
 * visibility change or a move to a dead-letter queue. Event source mappings use it to poll only
 * when there is something to poll. Called on the thread that made the change, after the change
 * committed, outside every lock: it must return quickly and never block.
 */
@FunctionalInterface
public interface QueueListener {
  void onMessageAvailable(String queueName);
}

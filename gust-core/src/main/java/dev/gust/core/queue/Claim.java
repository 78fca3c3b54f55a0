package dev.gust.core.queue;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One receive: claim up to {@code receiptTokens.size()} visible messages of a queue, hide them
 * until {@code visibleUntil} and count the receive, all in one transaction.
 *
 * @param queue the queue
 * @param fifo whether to honour message groups: take a group's messages in order, and none of a
 *     group that has a message in flight or not yet visible ahead of them
 * @param now the time of the receive
 * @param visibleUntil when the claimed messages become visible again
 * @param retentionCutoff messages sent before this are expired and never returned
 * @param redrive where to move messages already received {@code maxReceiveCount} times
 * @param receiptTokens one fresh token per message that may be claimed
 */
public record Claim(
    String queue,
    boolean fifo,
    Instant now,
    Instant visibleUntil,
    Instant retentionCutoff,
    Optional<Redrive> redrive,
    List<String> receiptTokens) {

  /**
   * Moving over-received messages to a dead-letter queue.
   *
   * @param targetQueue the dead-letter queue's name
   * @param maxReceiveCount receives after which a message is moved instead of received again
   */
  public record Redrive(String targetQueue, int maxReceiveCount) {
    public Redrive {
      Objects.requireNonNull(targetQueue, "targetQueue");
    }
  }

  public Claim {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(visibleUntil, "visibleUntil");
    Objects.requireNonNull(retentionCutoff, "retentionCutoff");
    Objects.requireNonNull(redrive, "redrive");
    receiptTokens = List.copyOf(receiptTokens);
    if (receiptTokens.isEmpty()) {
      throw new IllegalArgumentException("a claim needs at least one receipt token");
    }
  }

  public int max() {
    return receiptTokens.size();
  }

  /**
   * What a claim did.
   *
   * @param messages the messages claimed, in the order to deliver them
   * @param movedToDeadLetter how many messages were moved to the dead-letter queue instead
   */
  public record Result(List<QueueMessage> messages, int movedToDeadLetter) {
    public Result {
      messages = List.copyOf(messages);
    }
  }
}

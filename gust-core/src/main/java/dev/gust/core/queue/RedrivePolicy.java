package dev.gust.core.queue;

import java.util.Objects;

/**
 * Where a queue's messages go after too many receives.
 *
 * @param deadLetterTargetArn the dead-letter queue's ARN, as the user gave it
 * @param maxReceiveCount receives after which the next receive moves the message instead (1-1000)
 */
public record RedrivePolicy(String deadLetterTargetArn, int maxReceiveCount) {
  public RedrivePolicy {
    Objects.requireNonNull(deadLetterTargetArn, "deadLetterTargetArn");
    if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
      throw new IllegalArgumentException("maxReceiveCount must be 1-1000, not " + maxReceiveCount);
    }
  }

  /** The dead-letter queue's name: the ARN's last component. */
  public String targetQueueName() {
    return deadLetterTargetArn.substring(deadLetterTargetArn.lastIndexOf(':') + 1);
  }
}

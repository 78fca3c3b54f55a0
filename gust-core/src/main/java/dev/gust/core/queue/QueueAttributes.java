package dev.gust.core.queue;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A queue's settable attributes, typed where Gust acts on them. Ranges are checked by the queue
 * service, which turns violations into SQS's errors; the checks here only catch programming errors.
 *
 * @param visibilityTimeoutSeconds how long a received message stays hidden (0-43200)
 * @param delaySeconds how long a new message stays hidden before its first delivery (0-900)
 * @param maximumMessageSize the largest message accepted, body and attributes, in bytes
 * @param messageRetentionPeriodSeconds how long a message is kept after it was sent (60-1209600)
 * @param receiveMessageWaitTimeSeconds the default long-poll wait of a receive (0-20)
 * @param fifo whether this is a FIFO queue (fixed at creation)
 * @param contentBasedDeduplication FIFO only: derive the deduplication id from the body
 * @param redrivePolicy where messages go after {@code maxReceiveCount} receives
 * @param other attributes Gust keeps and reports but does not act on (Policy, KMS settings,
 *     DeduplicationScope, FifoThroughputLimit, RedriveAllowPolicy, SqsManagedSseEnabled)
 */
public record QueueAttributes(
    int visibilityTimeoutSeconds,
    int delaySeconds,
    int maximumMessageSize,
    int messageRetentionPeriodSeconds,
    int receiveMessageWaitTimeSeconds,
    boolean fifo,
    boolean contentBasedDeduplication,
    Optional<RedrivePolicy> redrivePolicy,
    Map<String, String> other) {

  public static final int DEFAULT_VISIBILITY_TIMEOUT = 30;
  public static final int DEFAULT_MAXIMUM_MESSAGE_SIZE = 262_144;
  public static final int DEFAULT_RETENTION = 345_600;

  public QueueAttributes {
    Objects.requireNonNull(redrivePolicy, "redrivePolicy");
    other = Map.copyOf(new TreeMap<>(other));
    if (visibilityTimeoutSeconds < 0 || delaySeconds < 0 || maximumMessageSize < 1
        || messageRetentionPeriodSeconds < 1 || receiveMessageWaitTimeSeconds < 0) {
      throw new IllegalArgumentException("queue attributes out of range");
    }
  }

  /** SQS's defaults for a standard or FIFO queue. */
  public static QueueAttributes defaults(boolean fifo) {
    return new QueueAttributes(
        DEFAULT_VISIBILITY_TIMEOUT,
        0,
        DEFAULT_MAXIMUM_MESSAGE_SIZE,
        DEFAULT_RETENTION,
        0,
        fifo,
        false,
        Optional.empty(),
        Map.of());
  }

  /** One of the attributes kept as given, if set. */
  public Optional<String> other(String name) {
    return Optional.ofNullable(other.get(name));
  }
}

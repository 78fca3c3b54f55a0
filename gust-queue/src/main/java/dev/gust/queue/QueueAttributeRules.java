package dev.gust.queue;

import dev.gust.core.queue.QueueAttributes;
import dev.gust.core.queue.QueueError;
import dev.gust.core.queue.QueueException;
import dev.gust.core.queue.RedrivePolicy;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SQS's queue attributes as text (what CreateQueue and SetQueueAttributes take) applied to typed
 * {@link QueueAttributes}: names known, numbers in range, booleans spelled {@code true} or {@code
 * false}, FIFO-only attributes on FIFO queues only, and a well-formed {@code RedrivePolicy}.
 */
final class QueueAttributeRules {
  static final String VISIBILITY_TIMEOUT = "VisibilityTimeout";
  static final String DELAY_SECONDS = "DelaySeconds";
  static final String MAXIMUM_MESSAGE_SIZE = "MaximumMessageSize";
  static final String MESSAGE_RETENTION_PERIOD = "MessageRetentionPeriod";
  static final String RECEIVE_WAIT = "ReceiveMessageWaitTimeSeconds";
  static final String FIFO_QUEUE = "FifoQueue";
  static final String CONTENT_BASED_DEDUPLICATION = "ContentBasedDeduplication";
  static final String REDRIVE_POLICY = "RedrivePolicy";
  static final String DEDUPLICATION_SCOPE = "DeduplicationScope";
  static final String FIFO_THROUGHPUT_LIMIT = "FifoThroughputLimit";

  /** Kept as given and reported back; Gust does not act on them. */
  static final Set<String> KEPT =
      Set.of("Policy", "RedriveAllowPolicy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds",
          "SqsManagedSseEnabled", DEDUPLICATION_SCOPE, FIFO_THROUGHPUT_LIMIT);

  /** Only FIFO queues have these. */
  static final Set<String> FIFO_ONLY =
      Set.of(CONTENT_BASED_DEDUPLICATION, DEDUPLICATION_SCOPE, FIFO_THROUGHPUT_LIMIT);

  private QueueAttributeRules() {}

  /**
   * {@code current} with {@code changes} applied. {@code FifoQueue} is accepted only when it
   * matches {@code current} (CreateQueue decides it before calling this).
   */
  static QueueAttributes apply(QueueAttributes current, Map<String, String> changes) {
    int visibility = current.visibilityTimeoutSeconds();
    int delay = current.delaySeconds();
    int maxSize = current.maximumMessageSize();
    int retention = current.messageRetentionPeriodSeconds();
    int wait = current.receiveMessageWaitTimeSeconds();
    boolean contentDedup = current.contentBasedDeduplication();
    Optional<RedrivePolicy> redrive = current.redrivePolicy();
    Map<String, String> other = new HashMap<>(current.other());
    for (Map.Entry<String, String> e : changes.entrySet()) {
      String name = e.getKey();
      String value = e.getValue() == null ? "" : e.getValue();
      if (FIFO_ONLY.contains(name) && !current.fifo()) {
        throw unknown(name);
      }
      switch (name) {
        case VISIBILITY_TIMEOUT -> visibility = integer(name, value, 0, 43_200);
        case DELAY_SECONDS -> delay = integer(name, value, 0, 900);
        case MAXIMUM_MESSAGE_SIZE -> maxSize = integer(name, value, 1024, 1_048_576);
        case MESSAGE_RETENTION_PERIOD -> retention = integer(name, value, 60, 1_209_600);
        case RECEIVE_WAIT -> wait = integer(name, value, 0, 20);
        case CONTENT_BASED_DEDUPLICATION -> contentDedup = bool(name, value);
        case FIFO_QUEUE -> {
          if (bool(name, value) != current.fifo()) {
            throw invalid(name);
          }
        }
        case REDRIVE_POLICY -> redrive = value.isEmpty() ? Optional.empty() : Optional.of(redrive(value));
        case "KmsDataKeyReusePeriodSeconds" -> other.put(name, Integer.toString(integer(name, value, 60, 86_400)));
        case "SqsManagedSseEnabled" -> other.put(name, Boolean.toString(bool(name, value)));
        case DEDUPLICATION_SCOPE -> other.put(name, oneOf(name, value, "messageGroup", "queue"));
        case FIFO_THROUGHPUT_LIMIT -> other.put(name, oneOf(name, value, "perQueue", "perMessageGroupId"));
        default -> {
          if (!KEPT.contains(name)) {
            throw unknown(name);
          }
          if (value.isEmpty()) {
            other.remove(name);
          } else {
            other.put(name, value);
          }
        }
      }
    }
    return new QueueAttributes(
        visibility, delay, maxSize, retention, wait, current.fifo(), contentDedup, redrive, other);
  }

  /** The attributes as SQS reports them (without counts, timestamps and the ARN). */
  static Map<String, String> asText(QueueAttributes a) {
    Map<String, String> out = new HashMap<>(a.other());
    out.put(VISIBILITY_TIMEOUT, Integer.toString(a.visibilityTimeoutSeconds()));
    out.put(DELAY_SECONDS, Integer.toString(a.delaySeconds()));
    out.put(MAXIMUM_MESSAGE_SIZE, Integer.toString(a.maximumMessageSize()));
    out.put(MESSAGE_RETENTION_PERIOD, Integer.toString(a.messageRetentionPeriodSeconds()));
    out.put(RECEIVE_WAIT, Integer.toString(a.receiveMessageWaitTimeSeconds()));
    out.putIfAbsent("SqsManagedSseEnabled", "false");
    a.redrivePolicy()
        .ifPresent(r -> out.put(REDRIVE_POLICY,
            "{\"deadLetterTargetArn\":\"" + r.deadLetterTargetArn() + "\",\"maxReceiveCount\":"
                + r.maxReceiveCount() + "}"));
    if (a.fifo()) {
      out.put(FIFO_QUEUE, "true");
      out.put(CONTENT_BASED_DEDUPLICATION, Boolean.toString(a.contentBasedDeduplication()));
      out.putIfAbsent(DEDUPLICATION_SCOPE, "queue");
      out.putIfAbsent(FIFO_THROUGHPUT_LIMIT, "perQueue");
    }
    return out;
  }

  private static RedrivePolicy redrive(String value) {
    Map<String, String> fields =
        FlatJson.parseObject(value)
            .orElseThrow(() -> redriveInvalid(value, "Redrive policy is not a valid JSON map."));
    String arn = fields.get("deadLetterTargetArn");
    String count = fields.get("maxReceiveCount");
    if (arn == null || arn.isEmpty()) {
      throw redriveInvalid(value, "Redrive policy does not contain mandatory attribute: deadLetterTargetArn.");
    }
    if (count == null) {
      throw redriveInvalid(value, "Redrive policy does not contain mandatory attribute: maxReceiveCount.");
    }
    int max;
    try {
      max = Integer.parseInt(count.trim());
    } catch (NumberFormatException e) {
      throw redriveInvalid(value, "Invalid value for maxReceiveCount: " + count + ", valid values are from 1 to 1000 both inclusive.");
    }
    if (max < 1 || max > 1000) {
      throw redriveInvalid(value, "Invalid value for maxReceiveCount: " + max + ", valid values are from 1 to 1000 both inclusive.");
    }
    return new RedrivePolicy(arn, max);
  }

  static QueueException redriveInvalid(String value, String reason) {
    return QueueException.invalidParameter(
        "Value " + value + " for parameter RedrivePolicy is invalid. Reason: " + reason);
  }

  private static int integer(String name, String value, int min, int max) {
    try {
      int v = Integer.parseInt(value.trim());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // Falls through to the error.
    }
    throw invalid(name);
  }

  private static boolean bool(String name, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(name);
    };
  }

  private static String oneOf(String name, String value, String a, String b) {
    if (value.equals(a) || value.equals(b)) {
      return value;
    }
    throw invalid(name);
  }

  static QueueException invalid(String name) {
    return new QueueException(
        QueueError.INVALID_ATTRIBUTE_VALUE, "Invalid value for the parameter " + name + ".");
  }

  static QueueException unknown(String name) {
    return new QueueException(QueueError.INVALID_ATTRIBUTE_NAME, "Unknown Attribute " + name + ".");
  }
}

package dev.gust.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An event source mapping: Gust reads a queue and invokes a function with batches of its messages,
 * as Lambda's event source mappings for Amazon SQS do. The record checks what can be checked
 * without the queue (ranges, the batching window that large batches need); the service checks the
 * queue, the function and the filter patterns' syntax.
 *
 * @param uuid the mapping's identifier
 * @param functionName the function invoked
 * @param qualifier its alias or version, or empty for the unqualified function
 * @param eventSourceArn the queue's ARN, {@code arn:aws:sqs:<region>:<account>:<name>}
 * @param enabled whether messages are read
 * @param batchSize at most this many messages per invocation (1 to 10,000; Lambda's default 10)
 * @param maximumBatchingWindowSeconds how long to gather a batch (0 to 300); a batch size above 10
 *     needs at least 1, as in Lambda
 * @param reportBatchItemFailures {@code FunctionResponseTypes: ["ReportBatchItemFailures"]}: the
 *     function answers which messages failed, and only those are retried
 * @param maximumConcurrency {@code ScalingConfig.MaximumConcurrency} (2 to 1,000): batches in
 *     flight at once; empty for Gust's default
 * @param filterPatterns {@code FilterCriteria.Filters[].Pattern}, at most 5, each at most 4,096
 *     characters; a message matching none is deleted without invoking the function
 * @param lastModified when it was created or last updated
 * @param mqtt the MQTT broker and topics, for a mapping from an MQTT broker instead of a queue
 *     (then {@code eventSourceArn} is empty)
 */
public record EventSourceMapping(
    String uuid,
    String functionName,
    Optional<String> qualifier,
    String eventSourceArn,
    boolean enabled,
    int batchSize,
    int maximumBatchingWindowSeconds,
    boolean reportBatchItemFailures,
    Optional<Integer> maximumConcurrency,
    List<String> filterPatterns,
    Instant lastModified,
    Optional<Mqtt> mqtt) {

  /**
   * An MQTT source: Lambda's {@code SelfManagedEventSource.Endpoints.MQTT_BROKER_URL} and {@code
   * Topics}.
   *
   * @param broker {@code tcp://host:port} or {@code ssl://host:port}
   * @param topics topic filters, MQTT wildcards allowed
   */
  public record Mqtt(String broker, List<String> topics) {
    public Mqtt {
      if (broker == null || !broker.matches("(tcp|ssl)://[^\\s/]+:\\d{1,5}")) {
        throw GustException.invalidParameter("SelfManagedEventSource.Endpoints.MQTT_BROKER_URL must"
            + " be one URL such as tcp://127.0.0.1:1883 or ssl://broker.example:8883, not '" + broker
            + "'.");
      }
      topics = List.copyOf(topics);
      if (topics.isEmpty() || topics.size() > 10) {
        throw GustException.invalidParameter("Topics must list 1 to 10 MQTT topic filters, such as"
            + " [\"sensors/+/temperature\"].");
      }
      for (String t : topics) {
        if (t.isEmpty() || t.length() > 256 || t.contains("#") && !(t.equals("#") || t.endsWith("/#"))
            || t.indexOf('#') != t.lastIndexOf('#')) {
          throw GustException.invalidParameter("'" + t + "' is not an MQTT topic filter: '#' may only"
              + " be the last level, e.g. sensors/#.");
        }
      }
    }
  }

  /** A mapping from a queue. */
  public EventSourceMapping(String uuid, String functionName, Optional<String> qualifier,
      String eventSourceArn, boolean enabled, int batchSize, int maximumBatchingWindowSeconds,
      boolean reportBatchItemFailures, Optional<Integer> maximumConcurrency,
      List<String> filterPatterns, Instant lastModified) {
    this(uuid, functionName, qualifier, eventSourceArn, enabled, batchSize,
        maximumBatchingWindowSeconds, reportBatchItemFailures, maximumConcurrency, filterPatterns,
        lastModified, Optional.empty());
  }

  public static final int DEFAULT_BATCH_SIZE = 10;
  public static final int MAX_BATCH_SIZE = 10_000;
  /** The largest batch one receive can return, and the largest batch of a FIFO queue. */
  public static final int MAX_UNWINDOWED_BATCH_SIZE = 10;
  public static final int MAX_BATCHING_WINDOW_SECONDS = 300;
  public static final int MIN_MAXIMUM_CONCURRENCY = 2;
  public static final int MAX_MAXIMUM_CONCURRENCY = 1000;
  public static final int MAX_FILTERS = 5;
  public static final int MAX_PATTERN_CHARS = 4096;
  public static final String REPORT_BATCH_ITEM_FAILURES = "ReportBatchItemFailures";

  public EventSourceMapping {
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(functionName, "functionName");
    Objects.requireNonNull(qualifier, "qualifier");
    Objects.requireNonNull(eventSourceArn, "eventSourceArn");
    Objects.requireNonNull(maximumConcurrency, "maximumConcurrency");
    Objects.requireNonNull(lastModified, "lastModified");
    Objects.requireNonNull(mqtt, "mqtt");
    filterPatterns = List.copyOf(filterPatterns);
    requireRange("batchSize", batchSize, 1, MAX_BATCH_SIZE);
    requireRange("maximumBatchingWindowInSeconds", maximumBatchingWindowSeconds, 0,
        MAX_BATCHING_WINDOW_SECONDS);
    if (batchSize > MAX_UNWINDOWED_BATCH_SIZE && maximumBatchingWindowSeconds < 1) {
      throw GustException.invalidParameter("Maximum batch window in seconds must be greater than 0"
          + " if maximum batch size is greater than 10. Set MaximumBatchingWindowInSeconds to at"
          + " least 1 for a BatchSize of " + batchSize + ".");
    }
    maximumConcurrency.ifPresent(n -> requireRange("scalingConfig.maximumConcurrency", n,
        MIN_MAXIMUM_CONCURRENCY, MAX_MAXIMUM_CONCURRENCY));
    if (filterPatterns.size() > MAX_FILTERS) {
      throw GustException.invalidParameter("FilterCriteria has " + filterPatterns.size()
          + " filters; an event source mapping takes at most " + MAX_FILTERS + ".");
    }
    for (int i = 0; i < filterPatterns.size(); i++) {
      if (filterPatterns.get(i).length() > MAX_PATTERN_CHARS) {
        throw GustException.invalidParameter("1 validation error detected: Value at"
            + " 'filterCriteria.filters." + (i + 1) + ".member.pattern' failed to satisfy"
            + " constraint: Member must have length less than or equal to " + MAX_PATTERN_CHARS);
      }
    }
  }

  /** The function and qualifier invoked. */
  public Arns.FunctionRef target() {
    return new Arns.FunctionRef(functionName, qualifier);
  }

  /** The same mapping, enabled or disabled, modified at {@code now}. */
  public EventSourceMapping withEnabled(boolean on, Instant now) {
    return new EventSourceMapping(uuid, functionName, qualifier, eventSourceArn, on, batchSize,
        maximumBatchingWindowSeconds, reportBatchItemFailures, maximumConcurrency, filterPatterns,
        now, mqtt);
  }

  private static void requireRange(String field, int value, int min, int max) {
    if (value < min) {
      throw GustException.invalidParameter("1 validation error detected: Value '" + value
          + "' at '" + field + "' failed to satisfy constraint: Member must have value greater"
          + " than or equal to " + min);
    }
    if (value > max) {
      throw GustException.invalidParameter("1 validation error detected: Value '" + value
          + "' at '" + field + "' failed to satisfy constraint: Member must have value less than"
          + " or equal to " + max);
    }
  }
}

package dev.gust.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a function's asynchronous invocations are retried and where their outcomes go: Lambda's
 * EventInvokeConfig.
 *
 * @param functionName the function
 * @param qualifier an alias or version, or empty for the unqualified function ($LATEST)
 * @param maximumRetryAttempts 0 to 2; empty for Lambda's default (2)
 * @param maximumEventAgeSeconds 60 to 21,600; empty for the default (21,600: six hours)
 * @param onSuccess destination ARN (a function or a queue) for successful invocations
 * @param onFailure destination ARN for invocations that failed for good
 * @param lastModified when it was last written
 */
public record EventInvokeConfig(
    String functionName,
    Optional<String> qualifier,
    Optional<Integer> maximumRetryAttempts,
    Optional<Integer> maximumEventAgeSeconds,
    Optional<String> onSuccess,
    Optional<String> onFailure,
    Instant lastModified) {

  public static final int DEFAULT_RETRY_ATTEMPTS = 2;
  public static final int DEFAULT_MAX_EVENT_AGE_SECONDS = 21_600;

  public EventInvokeConfig {
    Objects.requireNonNull(functionName);
    Objects.requireNonNull(qualifier);
    Objects.requireNonNull(lastModified);
    maximumRetryAttempts.ifPresent(n -> {
      if (n < 0 || n > 2) {
        throw GustException.invalidParameter(
            "MaximumRetryAttempts must be between 0 and 2, not " + n + ".");
      }
    });
    maximumEventAgeSeconds.ifPresent(n -> {
      if (n < 60 || n > 21_600) {
        throw GustException.invalidParameter(
            "MaximumEventAgeInSeconds must be between 60 and 21600, not " + n + ".");
      }
    });
    onSuccess.ifPresent(arn -> requireDestination("OnSuccess", arn));
    onFailure.ifPresent(arn -> requireDestination("OnFailure", arn));
  }

  public int retryAttempts() {
    return maximumRetryAttempts.orElse(DEFAULT_RETRY_ATTEMPTS);
  }

  public int maxEventAgeSeconds() {
    return maximumEventAgeSeconds.orElse(DEFAULT_MAX_EVENT_AGE_SECONDS);
  }

  /** Lambda's defaults, for a function without a config. */
  public static EventInvokeConfig defaults(String functionName) {
    return new EventInvokeConfig(functionName, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Instant.EPOCH);
  }

  private static void requireDestination(String which, String arn) {
    if (!arn.matches("arn:aws[a-z-]*:(lambda|sqs):[a-z0-9-]+:\\d{12}:.+")) {
      throw GustException.invalidParameter("DestinationConfig." + which + ".Destination must be"
          + " the ARN of a function or a queue, such as"
          + " arn:aws:lambda:us-east-1:000000000000:function:audit or"
          + " arn:aws:sqs:us-east-1:000000000000:failures, not '" + arn + "'.");
    }
  }
}

package dev.gust.core;

import java.time.Instant;

/**
 * The metering record of one invocation (or one throttled attempt).
 *
 * @param requestId the invocation's request id
 * @param functionName the function
 * @param version the version that ran (or would have run)
 * @param start when the invocation started
 * @param durationMs time spent in the function, in milliseconds
 * @param billedMs billed duration (duration rounded up to the billing granularity)
 * @param memorySizeMb the configured memory size
 * @param maxMemoryUsedMb peak memory of the instance, 0 when unknown
 * @param coldStart whether a new instance was started for it
 * @param initDurationMs init time of the new instance, 0 when warm
 * @param outcome how it ended
 * @param errorType Lambda's error type when it failed, else empty
 */
public record InvocationRecord(
    String requestId,
    String functionName,
    String version,
    Instant start,
    double durationMs,
    long billedMs,
    int memorySizeMb,
    long maxMemoryUsedMb,
    boolean coldStart,
    double initDurationMs,
    Outcome outcome,
    String errorType) {

  /** How an invocation ended. */
  public enum Outcome {
    SUCCESS,
    /** The function returned an error or crashed. */
    ERROR,
    /** The function ran past its timeout. */
    TIMEOUT,
    /** Refused for lack of concurrency; the function never ran. */
    THROTTLED
  }

  public InvocationRecord {
    errorType = errorType == null ? "" : errorType;
  }

  /** Billed duration for a measured duration: rounded up to whole milliseconds, at least 1. */
  public static long billed(double durationMs) {
    return Math.max(1, (long) Math.ceil(durationMs));
  }
}

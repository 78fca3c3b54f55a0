package dev.gust.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One asynchronous ({@code Event}) invocation, as the durable event store keeps it from the moment
 * Invoke accepts it until it succeeds or fails for good.
 *
 * @param requestId the id Invoke answered with
 * @param functionName the function
 * @param qualifier the alias or version invoked, or empty for {@code $LATEST}
 * @param payload the event; empty in listings, which do not load it
 * @param status where it is
 * @param attempts how many times the function ran it (throttled tries do not count)
 * @param accepted when Invoke accepted it
 * @param nextAttemptAt when it may run next (for QUEUED and RETRYING)
 * @param lastError the last function error or reason it failed, if any
 * @param finished when it succeeded or failed, if it has
 */
public record AsyncEvent(
    String requestId,
    String functionName,
    Optional<String> qualifier,
    byte[] payload,
    Status status,
    int attempts,
    Instant accepted,
    Instant nextAttemptAt,
    Optional<String> lastError,
    Optional<Instant> finished) {

  /** Where an event is. */
  public enum Status {
    /** Accepted, waiting to run (also: waiting out a throttle). */
    QUEUED,
    /** Claimed by the dispatcher; a crash leaves it here and start-up queues it again. */
    RUNNING,
    /** The function failed; waiting for its next attempt. */
    RETRYING,
    SUCCEEDED,
    /** Retries or the maximum event age exhausted; can be redriven. */
    FAILED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code queued}, {@code FAILED}, ... */
    public static Status parse(String name) {
      for (Status s : values()) {
        if (s.name().equalsIgnoreCase(name)) {
          return s;
        }
      }
      throw GustException.invalidParameter("Unknown invocation status '" + name
          + "'; use queued, running, retrying, succeeded or failed.");
    }
  }

  public AsyncEvent {
    Objects.requireNonNull(requestId);
    Objects.requireNonNull(functionName);
    Objects.requireNonNull(qualifier);
    Objects.requireNonNull(payload);
    Objects.requireNonNull(status);
    Objects.requireNonNull(accepted);
    Objects.requireNonNull(nextAttemptAt);
    Objects.requireNonNull(lastError);
    Objects.requireNonNull(finished);
  }

  /** A newly accepted event, due at once. */
  public static AsyncEvent accepted(
      String requestId, Arns.FunctionRef function, byte[] payload, Instant now) {
    return new AsyncEvent(requestId, function.name(), function.qualifier(), payload,
        Status.QUEUED, 0, now, now, Optional.empty(), Optional.empty());
  }

  public Arns.FunctionRef function() {
    return new Arns.FunctionRef(functionName, qualifier);
  }

  /** This event waiting again, until {@code at}. */
  public AsyncEvent waiting(Status status, int attempts, Instant at, Optional<String> lastError) {
    return new AsyncEvent(requestId, functionName, qualifier, payload, status, attempts, accepted,
        at, lastError, Optional.empty());
  }

  /** This event done for good. */
  public AsyncEvent finished(Status status, int attempts, Optional<String> lastError, Instant at) {
    return new AsyncEvent(requestId, functionName, qualifier, payload, status, attempts, accepted,
        nextAttemptAt, lastError, Optional.of(at));
  }
}

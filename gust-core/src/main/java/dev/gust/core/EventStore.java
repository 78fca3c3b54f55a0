package dev.gust.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of asynchronous invocations. An event is in the store before Invoke answers 202,
 * and leaves it only by retention after it has finished: nothing accepted is lost.
 */
public interface EventStore extends AutoCloseable {

  /**
   * In one durable transaction: stores newly accepted events and records new states of known
   * ones (payloads untouched). Callers batch many of each (group commit).
   */
  void write(List<AsyncEvent> accepted, List<AsyncEvent> updated);

  /**
   * Claims up to {@code limit} events that may run at {@code now} (QUEUED or RETRYING, due), oldest
   * due first, marking them RUNNING; their payloads are loaded. A function named in {@code
   * capacity} gets at most that many (0: none, its events keep waiting); others are unlimited.
   */
  List<AsyncEvent> claimDue(Instant now, int limit, java.util.Map<String, Integer> capacity);

  /** When the earliest waiting event is due, if any waits. */
  Optional<Instant> nextDue();

  /** At start-up: events left RUNNING by a crash are queued again (at-least-once). Returns how many. */
  int requeueRunning(Instant now);

  /** A function's events, newest first, without payloads; optionally only those in one status. */
  List<AsyncEvent> list(String functionName, Optional<AsyncEvent.Status> status, int limit);

  Optional<AsyncEvent> find(String requestId);

  /**
   * Queues failed events again with their attempts reset: one ({@code requestId}) or all of a
   * function's. Returns the redriven ids.
   */
  List<String> redrive(String functionName, Optional<String> requestId, Instant now);

  /** Deletes finished events that finished before {@code before}; returns how many. */
  int purgeFinished(AsyncEvent.Status status, Instant before);

  /** Events not yet finished (QUEUED, RUNNING, RETRYING). */
  long pending();

  @Override
  void close();
}

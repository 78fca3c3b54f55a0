package dev.gust.core.queue;

/** What became of an operation on a received message. */
public enum ReceiptOutcome {
  /** Done: the message was deleted, or its visibility changed. */
  DONE,
  /** The message was received again since: the handle is not the latest one. */
  STALE,
  /** The handle is the latest, but the message is not in flight (its visibility ran out). */
  NOT_IN_FLIGHT,
  /** No such message in this queue (deleted, expired, moved or never there). */
  GONE
}

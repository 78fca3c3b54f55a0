package dev.gust.queue;

import dev.gust.core.queue.QueueError;
import java.util.List;

/**
 * What a batch operation did, entry by entry: a batch succeeds as a whole (HTTP 200) even when
 * some entries failed.
 *
 * @param successful the entries that succeeded, with their results
 * @param failed the entries that failed, with SQS's error code
 */
public record BatchResult<T>(List<Success<T>> successful, List<Failure> failed) {
  public BatchResult {
    successful = List.copyOf(successful);
    failed = List.copyOf(failed);
  }

  /** One entry that succeeded. */
  public record Success<T>(String id, T result) {}

  /**
   * One entry that failed.
   *
   * @param id the entry's id
   * @param senderFault whether the caller is to blame
   * @param code SQS's code for the error (the query-protocol code)
   * @param message what was wrong
   */
  public record Failure(String id, boolean senderFault, String code, String message) {
    static Failure of(String id, QueueError error, String message) {
      return new Failure(id, error.senderFault(), error.queryCode(), message);
    }
  }
}

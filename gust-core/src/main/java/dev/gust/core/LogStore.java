package dev.gust.core;

import java.time.Duration;

/**
 * Function logs, kept per function with bounded retention (oldest dropped first). A cursor is an
 * opaque position in a function's log; reading from it returns what was appended since.
 */
public interface LogStore extends AutoCloseable {

  /** Appends text (whole lines) to a function's log. */
  void append(String functionName, String text);

  /**
   * Reads from a cursor, waiting up to {@code wait} for something new when nothing is there yet.
   * A cursor of -1 means "the last {@code maxBytes} of the log"; a cursor older than what is
   * retained continues from the oldest retained text.
   */
  LogChunk read(String functionName, long cursor, int maxBytes, Duration wait)
      throws InterruptedException;

  /** Deletes a function's logs. */
  void delete(String functionName);

  @Override
  void close();

  /**
   * A piece of a log.
   *
   * @param text whole lines
   * @param nextCursor where to read next
   */
  record LogChunk(String text, long nextCursor) {}
}

package dev.gust.cli;

/**
 * A failure the user can fix, reported as {@code error: <message>} with exit code 1. The message
 * says what was wrong and what to do; no stack trace is printed.
 */
final class CliException extends Exception {
  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }

  CliException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.gust.cli;

/**
 * A non-2xx answer from the server, in Lambda's shape: the {@code x-amzn-ErrorType} header (for
 * instance {@code ResourceNotFoundException}) and the body's {@code message}.
 */
final class ApiException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String errorType;

  ApiException(int status, String errorType, String message) {
    super(message);
    this.status = status;
    this.errorType = errorType;
  }

  int status() {
    return status;
  }

  /** The exception name, e.g. {@code ResourceNotFoundException}. */
  String errorType() {
    return errorType;
  }

  boolean isNotFound() {
    return status == 404 || "ResourceNotFoundException".equals(errorType);
  }

  /** The line printed to stderr: {@code <ErrorType>: <message>}. */
  String describe() {
    return errorType + ": " + getMessage();
  }
}

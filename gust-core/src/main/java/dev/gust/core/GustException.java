package dev.gust.core;

import java.util.Optional;

/**
 * A service error with Lambda's shape. The HTTP layer maps it, and only it, to a status code, an
 * {@code x-amzn-ErrorType} header and a JSON body; anything else thrown is a {@code
 * ServiceException}.
 */
public class GustException extends RuntimeException {
  private final ErrorType type;
  private final String reason;
  private final Integer retryAfterSeconds;

  public GustException(ErrorType type, String message) {
    this(type, message, null, null, null);
  }

  public GustException(ErrorType type, String message, Throwable cause) {
    this(type, message, null, null, cause);
  }

  private GustException(
      ErrorType type, String message, String reason, Integer retryAfterSeconds, Throwable cause) {
    super(message, cause);
    this.type = type;
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static GustException notFound(String message) {
    return new GustException(ErrorType.RESOURCE_NOT_FOUND, message);
  }

  public static GustException invalidParameter(String message) {
    return new GustException(ErrorType.INVALID_PARAMETER_VALUE, message);
  }

  public static GustException invalidContent(String message) {
    return new GustException(ErrorType.INVALID_REQUEST_CONTENT, message);
  }

  public static GustException conflict(String message) {
    return new GustException(ErrorType.RESOURCE_CONFLICT, message);
  }

  public static GustException preconditionFailed(String message) {
    return new GustException(ErrorType.PRECONDITION_FAILED, message);
  }

  public static GustException tooLarge(String message) {
    return new GustException(ErrorType.REQUEST_TOO_LARGE, message);
  }

  /** A 429 with Lambda's {@code Reason} and a {@code Retry-After} hint. */
  public static GustException throttled(String reason, String message, int retryAfterSeconds) {
    return new GustException(
        ErrorType.TOO_MANY_REQUESTS, message, reason, retryAfterSeconds, null);
  }

  public ErrorType type() {
    return type;
  }

  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  public Optional<Integer> retryAfterSeconds() {
    return Optional.ofNullable(retryAfterSeconds);
  }
}

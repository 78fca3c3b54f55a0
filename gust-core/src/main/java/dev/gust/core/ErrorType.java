package dev.gust.core;

/**
 * The service errors a client can see, with Lambda's wire names and HTTP statuses. Function errors
 * (the user's code failing) are not service errors: they travel as a {@link FunctionError} inside a
 * 200 response.
 */
public enum ErrorType {
  RESOURCE_NOT_FOUND("ResourceNotFoundException", 404, Blame.USER),
  INVALID_PARAMETER_VALUE("InvalidParameterValueException", 400, Blame.USER),
  INVALID_REQUEST_CONTENT("InvalidRequestContentException", 400, Blame.USER),
  RESOURCE_CONFLICT("ResourceConflictException", 409, Blame.USER),
  PRECONDITION_FAILED("PreconditionFailedException", 412, Blame.USER),
  REQUEST_TOO_LARGE("RequestTooLargeException", 413, Blame.USER),
  UNSUPPORTED_MEDIA_TYPE("UnsupportedMediaTypeException", 415, Blame.USER),
  TOO_MANY_REQUESTS("TooManyRequestsException", 429, Blame.USER),
  CODE_STORAGE_EXCEEDED("CodeStorageExceededException", 400, Blame.USER),
  RESOURCE_NOT_READY("ResourceNotReadyException", 502, Blame.SERVICE),
  SERVICE("ServiceException", 500, Blame.SERVICE);

  /** Who is to blame for an error: the caller, or the platform. Lambda's {@code Type} field. */
  public enum Blame {
    USER("User"),
    SERVICE("Service");

    private final String wireName;

    Blame(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  private final String wireName;
  private final int status;
  private final Blame blame;

  ErrorType(String wireName, int status, Blame blame) {
    this.wireName = wireName;
    this.status = status;
    this.blame = blame;
  }

  public String wireName() {
    return wireName;
  }

  public int status() {
    return status;
  }

  public Blame blame() {
    return blame;
  }
}

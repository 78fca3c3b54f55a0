package dev.gust.core.queue;

/** A refused queue operation, with SQS's error; the HTTP layer maps it to SQS's error shape. */
public class QueueException extends RuntimeException {
  private final QueueError error;

  public QueueException(QueueError error, String message) {
    super(message);
    this.error = error;
  }

  public QueueError error() {
    return error;
  }

  public static QueueException noSuchQueue() {
    return new QueueException(
        QueueError.QUEUE_DOES_NOT_EXIST, "The specified queue does not exist.");
  }

  public static QueueException invalidParameter(String message) {
    return new QueueException(QueueError.INVALID_PARAMETER_VALUE, message);
  }

  public static QueueException missingParameter(String name) {
    return new QueueException(
        QueueError.MISSING_PARAMETER, "The request must contain the parameter " + name + ".");
  }
}

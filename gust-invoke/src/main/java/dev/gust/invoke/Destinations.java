package dev.gust.invoke;

/**
 * Delivers destination records (OnSuccess, OnFailure) to a function or a queue by ARN, and failed
 * events to a function's dead-letter queue. The server wires the kinds it serves; an ARN of an
 * unknown kind or target throws.
 */
public interface Destinations {

  void deliver(String destinationArn, byte[] record);

  /**
   * Sends a failed event's original payload to a dead-letter queue, with Lambda's message
   * attributes: {@code RequestID}, {@code ErrorCode} and {@code ErrorMessage}.
   */
  void deadLetter(String queueArn, byte[] payload, String requestId, int errorCode,
      String errorMessage);
}

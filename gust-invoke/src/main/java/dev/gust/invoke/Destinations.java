package dev.gust.invoke;

/**
 * Delivers destination records (OnSuccess, OnFailure) to a function or a queue by ARN. The server
 * wires the kinds it serves; an ARN of an unknown kind or target throws.
 */
@FunctionalInterface
public interface Destinations {

  void deliver(String destinationArn, byte[] record);
}

package dev.gust.invoke;

import dev.gust.core.Arns;

/** Where {@link InvocationService} puts {@code Event} invocations. */
public interface EventQueue {

  /**
   * Accepts an event for {@code function}; returns once it is durable (or throws, and the caller
   * answers an error instead of 202).
   */
  void enqueue(String requestId, Arns.FunctionRef function, byte[] payload);
}

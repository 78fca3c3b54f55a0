package dev.gust.triggers;

import dev.gust.core.Arns;
import java.util.Optional;

/**
 * Runs one synchronous (RequestResponse) invocation for a mapping. The server wires it to the
 * invocation pipeline. A throttle is thrown as a {@code GustException} of type {@code
 * TOO_MANY_REQUESTS}; other service errors as other {@code GustException}s.
 */
@FunctionalInterface
public interface FunctionInvoker {

  /**
   * What the function answered.
   *
   * @param payload its response, or its error document
   * @param functionError {@code Unhandled} when the function failed (threw, timed out, crashed)
   */
  record Result(byte[] payload, Optional<String> functionError) {}

  Result invoke(Arns.FunctionRef function, byte[] event);
}

package dev.gust.core;

/**
 * Usage of one function over a period: what {@code gust usage} shows.
 *
 * @param functionName the function
 * @param invocations invocations that ran (successful or not)
 * @param errors invocations that ended in a function error or timeout
 * @param throttles attempts refused with 429
 * @param coldStarts invocations that started a new instance
 * @param p50DurationMs median duration
 * @param p99DurationMs 99th percentile duration
 * @param gbSeconds billed GB-seconds: sum of billed ms times memory GB
 */
public record FunctionUsage(
    String functionName,
    long invocations,
    long errors,
    long throttles,
    long coldStarts,
    double p50DurationMs,
    double p99DurationMs,
    double gbSeconds) {

  /** The estimated cost of this usage at the given prices. */
  public double cost(Prices prices) {
    return invocations * prices.perRequest() + gbSeconds * prices.perGbSecond();
  }

  /**
   * Prices per request and per GB-second. Defaults are Lambda's published x86 prices (US East,
   * first pricing tier): $0.20 per million requests and $0.0000166667 per GB-second.
   */
  public record Prices(double perRequest, double perGbSecond) {
    public static final Prices LAMBDA_X86 = new Prices(0.20 / 1_000_000, 0.0000166667);
  }
}

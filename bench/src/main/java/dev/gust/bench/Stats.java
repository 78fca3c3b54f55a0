package dev.gust.bench;

import java.util.Arrays;
import java.util.Locale;

/** Latency samples in nanoseconds, with nearest-rank percentiles. */
record Stats(long[] nanos) {
  static Stats of(long[] samples) {
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    return new Stats(sorted);
  }

  double percentileMs(double p) {
    if (nanos.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * nanos.length);
    return nanos[Math.max(0, Math.min(nanos.length - 1, rank - 1))] / 1e6;
  }

  double p50() {
    return percentileMs(50);
  }

  double p99() {
    return percentileMs(99);
  }

  static String ms(double v) {
    return String.format(Locale.ROOT, v < 1 ? "%.3f" : "%.1f", v);
  }
}

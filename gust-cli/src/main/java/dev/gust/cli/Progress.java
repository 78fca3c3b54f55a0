package dev.gust.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress indicator on stderr, redrawn with a carriage return each time the percentage
 * changes and ended with a newline at 100%.
 */
final class Progress {
  private final PrintWriter err;
  private final String label;
  private int shown = -1;

  Progress(PrintWriter err, String label) {
    this.err = err;
    this.label = label;
  }

  void update(long done, long total, String detail) {
    int percent = total <= 0 ? 100 : (int) (done * 100 / total);
    if (percent == shown) {
      return;
    }
    shown = percent;
    err.print("\r" + label + " " + percent + "% " + detail);
    if (percent >= 100) {
      err.println();
    }
    err.flush();
  }

  /** Formats a byte count as B, KiB or MiB. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024.0));
  }
}

package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How values from the API are shown in tables. */
final class Formats {
  private Formats() {}

  /**
   * Lambda's {@code LastModified} ({@code 2024-05-01T12:34:56.789+0000}) as {@code 2024-05-01
   * 12:34:56}; anything else unchanged, and {@code -} when empty.
   */
  static String timestamp(String lastModified) {
    if (lastModified.isEmpty()) {
      return "-";
    }
    if (lastModified.length() >= 19 && lastModified.charAt(10) == 'T') {
      return lastModified.substring(0, 10) + " " + lastModified.substring(11, 19);
    }
    return lastModified;
  }

  /** An alias's {@code RoutingConfig.AdditionalVersionWeights} as {@code 2=20%}, or {@code -}. */
  static String weights(JsonNode alias) {
    JsonNode weights = alias.path("RoutingConfig").path("AdditionalVersionWeights");
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : weights.properties()) {
      parts.add(e.getKey() + "=" + percent(e.getValue().asDouble()));
    }
    return parts.isEmpty() ? "-" : String.join(", ", parts);
  }

  static String percent(double fraction) {
    double percent = fraction * 100;
    return percent == Math.rint(percent)
        ? String.format(Locale.ROOT, "%.0f%%", percent)
        : String.format(Locale.ROOT, "%.2f%%", percent);
  }

  /** Milliseconds: one decimal below 10 ms, whole numbers above. */
  static String millis(double ms) {
    return String.format(Locale.ROOT, ms < 10 ? "%.1f" : "%.0f", ms);
  }

  /** A unit price in plain notation without trailing zeros: 2.0E-7 becomes 0.0000002. */
  static String price(JsonNode price) {
    return price.decimalValue().stripTrailingZeros().toPlainString();
  }

  static String decimal(double value, int places) {
    return String.format(Locale.ROOT, "%." + places + "f", value);
  }

  /** A number without a needless fraction: 10.0 is 10, 0.5 stays 0.5. */
  static String number(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}

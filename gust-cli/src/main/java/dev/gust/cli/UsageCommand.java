package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gust usage}: invocations, durations and estimated cost per function. */
@Command(
    name = "usage",
    description = "Show invocations, latency, GB-seconds and estimated cost per function.")
final class UsageCommand extends ApiCommand {
  private static final Pattern RELATIVE = Pattern.compile("(\\d+)([mhdw])");

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description =
          "Start of the period: 30m, 24h, 7d, 2w, a date (2024-05-01) or an ISO-8601 instant"
              + " (default: 24h).")
  String since = "24h";

  @Override
  public Integer call() throws Exception {
    Instant start = start(since, context().clock().instant());
    JsonNode usage = client().usage(start);
    JsonNode prices = usage.path("prices");
    out()
        .println(
            "since "
                + Json.text(usage, "since", start.toString())
                + "  (prices: $"
                + Formats.price(prices.path("perRequest"))
                + " per request, $"
                + Formats.price(prices.path("perGbSecond"))
                + " per GB-s)");
    Table table =
        new Table(
            "FUNCTION",
            "INVOCATIONS",
            "ERRORS",
            "THROTTLES",
            "COLD",
            "P50 ms",
            "P99 ms",
            "GB-s",
            "COST $");
    table.alignRight(1, 2, 3, 4, 5, 6, 7, 8);
    long invocations = 0, errors = 0, throttles = 0, cold = 0;
    double gbSeconds = 0, cost = 0;
    for (JsonNode f : usage.path("functions")) {
      invocations += f.path("Invocations").asLong();
      errors += f.path("Errors").asLong();
      throttles += f.path("Throttles").asLong();
      cold += f.path("ColdStarts").asLong();
      gbSeconds += f.path("GbSeconds").asDouble();
      cost += f.path("EstimatedCost").asDouble();
      table.add(
          Json.text(f, "FunctionName", "?"),
          f.path("Invocations").asLong(),
          f.path("Errors").asLong(),
          f.path("Throttles").asLong(),
          f.path("ColdStarts").asLong(),
          Formats.millis(f.path("P50DurationMs").asDouble()),
          Formats.millis(f.path("P99DurationMs").asDouble()),
          Formats.decimal(f.path("GbSeconds").asDouble(), 3),
          Formats.decimal(f.path("EstimatedCost").asDouble(), 6));
    }
    table.add(
        "TOTAL",
        invocations,
        errors,
        throttles,
        cold,
        "",
        "",
        Formats.decimal(gbSeconds, 3),
        Formats.decimal(cost, 6));
    table.print(out());
    return 0;
  }

  /** Resolves {@code --since} against {@code now}. */
  Instant start(String value, Instant now) {
    Matcher relative = RELATIVE.matcher(value.strip());
    if (relative.matches()) {
      long n = Long.parseLong(relative.group(1));
      Duration unit =
          switch (relative.group(2)) {
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            case "d" -> Duration.ofDays(1);
            default -> Duration.ofDays(7);
          };
      return now.minus(unit.multipliedBy(n));
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException notInstant) {
      try {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDate) {
        throw usage(
            "--since "
                + value
                + ": expected 30m, 24h, 7d, 2w, a date such as 2024-05-01, or an"
                + " ISO-8601 instant such as 2024-05-01T00:00:00Z");
      }
    }
  }
}

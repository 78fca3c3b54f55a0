package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One schedule of a function, as {@code gust.yaml}'s {@code schedule} events and {@code gust
 * schedules add} describe it. The server checks the expression and the time zone.
 *
 * @param name the schedule's name; empty to derive one from the function and the settings
 * @param expression {@code rate(...)}, {@code cron(...)} or {@code at(...)}
 * @param timezone an IANA time zone ({@code UTC} by default)
 * @param missedRuns {@code FIRE_ONCE} (default) or {@code SKIP}
 * @param input the event to send instead of EventBridge's Scheduled Event, if any
 */
record ScheduleSpec(
    Optional<String> name,
    String expression,
    String timezone,
    String missedRuns,
    Optional<JsonNode> input) {
  static final List<String> KEYS = List.of("name", "expression", "timezone", "missedRuns", "input");
  static final List<String> MISSED_RUNS = List.of("FIRE_ONCE", "SKIP");

  ScheduleSpec {
    if (!expression.matches("(rate|cron|at)\\(.*\\)")) {
      throw new IllegalArgumentException("the schedule '" + expression
          + "' must be rate(...), cron(...) or at(...), e.g. 'cron(0 2 * * ? *)' or 'rate(5 minutes)'");
    }
    if (!MISSED_RUNS.contains(missedRuns)) {
      throw new IllegalArgumentException(
          "missedRuns must be FIRE_ONCE or SKIP, got '" + missedRuns + "'");
    }
  }

  /** The name on the server: given, or {@code <function>-<8 hex digits of the settings>}. */
  String nameFor(String function) {
    return name.orElseGet(() -> {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(
            (expression + "|" + timezone + "|" + missedRuns + "|" + input.map(JsonNode::toString).orElse(""))
                .getBytes(StandardCharsets.UTF_8));
        String prefix = function.length() > 55 ? function.substring(0, 55) : function;
        return prefix + "-" + HexFormat.of().formatHex(digest, 0, 4);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** The body of {@code POST /gust/v1/schedules}. */
  ObjectNode request(String function) {
    ObjectNode body = Json.object()
        .put("Name", nameFor(function))
        .put("FunctionName", function)
        .put("ScheduleExpression", expression)
        .put("ScheduleExpressionTimezone", timezone)
        .put("MissedRuns", missedRuns);
    input.ifPresent(i -> body.put("Input", i.toString()));
    return body;
  }

  /** Whether a schedule as the server lists it has exactly these settings. */
  boolean sameSettingsAs(JsonNode listed) {
    return Json.text(listed, "ScheduleExpression", "").equals(expression)
        && Json.text(listed, "ScheduleExpressionTimezone", "").equals(timezone)
        && Json.text(listed, "MissedRuns", "").equals(missedRuns)
        && Json.text(listed, "Input", "").equals(input.map(JsonNode::toString).orElse(""));
  }
}

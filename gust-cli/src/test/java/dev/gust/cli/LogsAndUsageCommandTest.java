package dev.gust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogsAndUsageCommandTest {
  private final FakeLambdaServer server = new FakeLambdaServer();

  LogsAndUsageCommandTest() throws Exception {}

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void logsPrintsTheRecentTailUntilCaughtUp() {
    server.logPages.add(Json.object().put("text", "line 1\nline 2\n").put("nextCursor", 14));
    server.logPages.add(Json.object().put("text", "").put("nextCursor", 14));

    CliRun run = CliRun.run(server.endpoint(), "logs", "fn");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("line 1\nline 2\n", run.out());
    assertEquals("cursor: 14\n", run.err());
    assertEquals("-1", server.requests.get(0).query().get("cursor"));
    assertEquals("0", server.requests.get(0).query().get("wait"));
    assertEquals("14", server.requests.get(1).query().get("cursor"));
  }

  @Test
  void followLongPollsFromTheLastCursorUntilTheFunctionGoes() {
    server.logPages.add(Json.object().put("text", "a\n").put("nextCursor", 2));
    server.logPages.add(Json.object().put("text", "").put("nextCursor", 2));
    server.logPages.add(Json.object().put("text", "b\n").put("nextCursor", 4));
    server.logsEndWithNotFound = true;

    CliRun run = CliRun.run(server.endpoint(), "logs", "fn", "--follow", "--since-cursor", "5");

    assertEquals(1, run.exitCode());
    assertEquals("a\nb\n", run.out());
    assertTrue(run.err().startsWith("error: ResourceNotFoundException: "), run.err());
    assertEquals(
        List.of("5", "2", "2", "4"),
        server.requests.stream().map(r -> r.query().get("cursor")).toList());
    String wait = String.valueOf(LogsCommand.FOLLOW_WAIT_SECONDS);
    assertTrue(server.requests.stream().allMatch(r -> r.query().get("wait").equals(wait)));
  }

  @Test
  void usagePrintsATableWithTotals() {
    server.usage =
        (ObjectNode)
            parse(
                """
                {"prices": {"perRequest": 0.0000002, "perGbSecond": 0.0000166667},
                 "functions": [
                   {"FunctionName": "api", "Invocations": 1200, "Errors": 3, "Throttles": 0,
                    "ColdStarts": 4, "P50DurationMs": 12.4, "P99DurationMs": 180.2,
                    "GbSeconds": 15.5, "EstimatedCost": 0.000498},
                   {"FunctionName": "cron", "Invocations": 24, "Errors": 0, "Throttles": 1,
                    "ColdStarts": 24, "P50DurationMs": 3.25, "P99DurationMs": 4.0,
                    "GbSeconds": 0.5, "EstimatedCost": 0.000013}]}
                """);

    CliRun run = CliRun.run(server.endpoint(), "usage", "--since", "7d");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("2026-02-22T12:00:00Z", server.requests.get(0).query().get("since"));
    assertEquals(
        List.of(
            "since 2026-02-22T12:00:00Z  (prices: $0.0000002 per request, $0.0000166667 per GB-s)",
            "FUNCTION  INVOCATIONS  ERRORS  THROTTLES  COLD  P50 ms  P99 ms    GB-s    COST $",
            "api              1200       3          0     4      12     180  15.500  0.000498",
            "cron               24       0          1    24     3.3     4.0   0.500  0.000013",
            "TOTAL            1224       3          1    28                  16.000  0.000511"),
        run.out().lines().toList());
  }

  @Test
  void usageSinceAcceptsDatesAndInstantsAndRejectsNonsense() {
    server.usage = Json.object();
    CliRun.run(server.endpoint(), "usage", "--since", "2026-02-01");
    CliRun.run(server.endpoint(), "usage", "--since", "2026-02-03T04:05:06Z");
    assertEquals("2026-02-01T00:00:00Z", server.requests.get(0).query().get("since"));
    assertEquals("2026-02-03T04:05:06Z", server.requests.get(1).query().get("since"));
    CliRun bad = CliRun.run(server.endpoint(), "usage", "--since", "yesterday");
    assertEquals(2, bad.exitCode());
    assertTrue(bad.err().contains("--since yesterday: expected 30m, 24h, 7d"), bad.err());
  }

  private static JsonNode parse(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

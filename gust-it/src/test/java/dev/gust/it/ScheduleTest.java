package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gust.core.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Schedules on a running server, with the scheduler on a manual clock: the test moves time and
 * asks for a round instead of waiting. The function really runs and prints which scheduled time
 * fired it.
 */
class ScheduleTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static HttpResponse<String> post(TestServer gust, String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(gust.endpoint() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static void schedule(TestServer gust, String json) throws Exception {
    HttpResponse<String> r = post(gust, "/gust/v1/schedules", json);
    assertEquals(201, r.statusCode(), r.body());
  }

  static void deployTicker(TestServer gust) {
    gust.lambda.createFunction(b -> b.functionName("ticker").runtime("python3.11").handler("app.handler")
        .role("r").code(c -> c.zipFile(Functions.zip("ticker"))));
  }

  /** Moves the clock in steps, asking for a round after each, as the real loop would. */
  static void run(TestServer gust, ManualClock clock, Duration total, Duration step) {
    for (Duration d = Duration.ZERO; d.compareTo(total) < 0; d = d.plus(step)) {
      clock.advance(step);
      gust.server.scheduler().tick();
    }
  }

  /** The scheduled times the function was fired for by {@code rule}, once all have run. */
  static List<String> fired(TestServer gust, String rule, int expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      List<String> times = new ArrayList<>();
      String logs = DurableAsyncTest.logsOf(gust, "ticker");
      for (String line : logs.split("\n")) {
        int at = line.indexOf("FIRED " + rule + " ");
        if (at >= 0) {
          times.add(line.substring(at + ("FIRED " + rule + " ").length()).strip());
        }
      }
      if (times.size() >= expected || System.nanoTime() > deadline) {
        Thread.sleep(300); // a duplicate would show up right behind
        times.clear();
        for (String line : DurableAsyncTest.logsOf(gust, "ticker").split("\n")) {
          int at = line.indexOf("FIRED " + rule + " ");
          if (at >= 0) {
            times.add(line.substring(at + ("FIRED " + rule + " ").length()).strip());
          }
        }
        times.sort(String::compareTo);
        return times;
      }
      Thread.sleep(100);
    }
  }

  @Test
  void cronFiresOnTheRightMinutes() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-06T12:00:30Z"));
    try (TestServer gust = TestServer.start(Files.createTempDirectory("gust-sched-"), clock)) {
      deployTicker(gust);
      schedule(gust, "{\"Name\":\"quarter\",\"FunctionName\":\"ticker\",\"ScheduleExpression\":\"cron(0/15 * * * ? *)\"}");
      JsonNode listed = Functions.JSON.readTree(HTTP.send(HttpRequest.newBuilder(
          URI.create(gust.endpoint() + "/gust/v1/schedules")).build(), HttpResponse.BodyHandlers.ofString()).body());
      assertEquals("2026-03-06T12:15:00Z", listed.at("/Schedules/0/NextFire").asText());
      run(gust, clock, Duration.ofMinutes(60), Duration.ofMinutes(1));
      assertEquals(List.of("2026-03-06T12:15:00Z", "2026-03-06T12:30:00Z", "2026-03-06T12:45:00Z",
          "2026-03-06T13:00:00Z"), fired(gust, "quarter", 4));
    }
  }

  @Test
  void aTimeZoneScheduleSkipsTheHourThatDaylightSavingTimeRemoves() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-06T12:00:30Z"));
    try (TestServer gust = TestServer.start(Files.createTempDirectory("gust-sched-"), clock)) {
      deployTicker(gust);
      schedule(gust, "{\"Name\":\"nightly\",\"FunctionName\":\"ticker\",\"ScheduleExpression\":\"cron(30 2 * * ? *)\","
          + "\"ScheduleExpressionTimezone\":\"America/New_York\"}");
      run(gust, clock, Duration.ofDays(4), Duration.ofMinutes(30));
      // 02:30 EST is 07:30Z; on 8 March 2026 clocks jump from 02:00 to 03:00 (no 02:30); then EDT.
      assertEquals(List.of("2026-03-07T07:30:00Z", "2026-03-09T06:30:00Z", "2026-03-10T06:30:00Z"),
          fired(gust, "nightly", 3));
    }
  }

  @Test
  void runsMissedWhileDownFireOnceOrAreSkippedAndNeverTwice() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-06T12:00:30Z"));
    Path data = Files.createTempDirectory("gust-sched-");
    TestServer first = TestServer.start(data, clock);
    deployTicker(first);
    schedule(first, "{\"Name\":\"hourly-once\",\"FunctionName\":\"ticker\",\"ScheduleExpression\":\"cron(0 * * * ? *)\"}");
    schedule(first, "{\"Name\":\"hourly-skip\",\"FunctionName\":\"ticker\",\"ScheduleExpression\":\"cron(0 * * * ? *)\","
        + "\"MissedRuns\":\"SKIP\"}");
    run(first, clock, Duration.ofHours(1), Duration.ofMinutes(5)); // fires 13:00 for both
    assertEquals(List.of("2026-03-06T13:00:00Z"), fired(first, "hourly-once", 1));
    first.stop();

    clock.advance(Duration.ofHours(5)); // down over 14:00 .. 18:00
    try (TestServer second = TestServer.start(data, clock)) {
      run(second, clock, Duration.ofHours(1), Duration.ofMinutes(5)); // then 19:00 on time
      assertEquals(List.of("2026-03-06T13:00:00Z", "2026-03-06T18:00:00Z", "2026-03-06T19:00:00Z"),
          fired(second, "hourly-once", 3), "FIRE_ONCE: the latest missed run fires once, at start-up");
      assertEquals(List.of("2026-03-06T13:00:00Z", "2026-03-06T19:00:00Z"), fired(second, "hourly-skip", 2),
          "SKIP: missed runs do not fire");
    }
  }

  @Test
  void aBadExpressionIsRefusedWithAnExampleAndCreatesNothing() throws Exception {
    try (TestServer gust = TestServer.start(Files.createTempDirectory("gust-sched-"), new ManualClock(Instant.now()))) {
      deployTicker(gust);
      HttpResponse<String> r = post(gust, "/gust/v1/schedules",
          "{\"Name\":\"bad\",\"FunctionName\":\"ticker\",\"ScheduleExpression\":\"cron(0 12 * * *)\"}");
      assertEquals(400, r.statusCode(), r.body());
      assertEquals("InvalidParameterValueException", r.headers().firstValue("x-amzn-ErrorType").orElse(""));
      assertTrue(r.body().contains("cron("), r.body());
      HttpResponse<String> zone = post(gust, "/gust/v1/schedules",
          "{\"Name\":\"bad\",\"FunctionName\":\"ticker\",\"ScheduleExpression\":\"rate(5 minutes)\","
              + "\"ScheduleExpressionTimezone\":\"Mars/Olympus\"}");
      assertEquals(400, zone.statusCode(), zone.body());
      String listed = HTTP.send(HttpRequest.newBuilder(URI.create(gust.endpoint() + "/gust/v1/schedules")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertEquals("{\"Schedules\":[]}", listed);
    }
  }
}

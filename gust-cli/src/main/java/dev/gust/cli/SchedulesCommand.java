package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gust schedules ls|add|rm}: schedules that invoke functions. */
@Command(
    name = "schedules",
    description = "List, add and remove schedules (rate, cron or at) that invoke functions.",
    subcommands = {
      SchedulesCommand.SchedulesList.class,
      SchedulesCommand.ScheduleAdd.class,
      SchedulesCommand.ScheduleRemove.class
    })
final class SchedulesCommand extends GroupCommand {

  @Command(name = "ls", description = "List schedules, when each fires next and last ran.")
  static final class SchedulesList extends ApiCommand {
    @Override
    public Integer call() throws Exception {
      Table table = new Table("SCHEDULE", "FUNCTION", "EXPRESSION", "TIME ZONE", "NEXT", "LAST");
      for (JsonNode s : client().listSchedules().path("Schedules")) {
        table.add(
            Json.text(s, "Name", "?"),
            Json.text(s, "FunctionName", "?") + (s.has("Qualifier") ? ":" + Json.text(s, "Qualifier", "") : ""),
            Json.text(s, "ScheduleExpression", "?"),
            Json.text(s, "ScheduleExpressionTimezone", "UTC"),
            Json.text(s, "State", "").equals("DISABLED") ? "disabled"
                : Formats.timestamp(Json.text(s, "NextFire", "")),
            Formats.timestamp(Json.text(s, "LastRun", "")));
      }
      table.print(out());
      return 0;
    }
  }

  @Command(
      name = "add",
      description = {
        "Invoke FUNCTION on a schedule: 'rate(5 minutes)', 'cron(0 2 * * ? *)' (AWS's six"
            + " fields) or 'at(2026-12-01T08:00:00)'. Quote the expression."
      })
  static final class ScheduleAdd extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "FUNCTION")
    String function;

    @Parameters(index = "2", paramLabel = "EXPRESSION")
    String expression;

    @Option(names = "--timezone", paramLabel = "ZONE", description = "IANA time zone (default: UTC).")
    String timezone = "UTC";

    @Option(names = "--skip-missed", description = "Skip runs missed while the server was down"
        + " (default: fire the latest missed run once).")
    boolean skipMissed;

    @Option(names = "--input", paramLabel = "JSON", description = "Send this event instead of"
        + " EventBridge's Scheduled Event.")
    String input;

    @Override
    public Integer call() throws Exception {
      ScheduleSpec spec;
      try {
        spec = new ScheduleSpec(Optional.of(name), expression.strip(), timezone,
            skipMissed ? "SKIP" : "FIRE_ONCE",
            input == null ? Optional.empty() : Optional.of(Json.mapper().readTree(input)));
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      } catch (java.io.IOException e) {
        throw usage("--input is not JSON: " + e.getMessage());
      }
      JsonNode created = client().createSchedule(spec.request(function));
      out().println("created schedule " + Json.text(created, "Name", name) + ": "
          + Json.text(created, "ScheduleExpression", expression) + " -> " + function);
      out().flush();
      return 0;
    }
  }

  @Command(name = "rm", description = "Remove a schedule.")
  static final class ScheduleRemove extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() throws Exception {
      client().deleteSchedule(name);
      out().println("deleted schedule " + name);
      out().flush();
      return 0;
    }
  }
}

package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@code gust deploy} brings a function's schedules in line with {@code gust.yaml}'s {@code
 * schedule} events, which list all of them: by name, create what is new, replace what changed
 * (schedules have no update operation), keep the rest, and delete the function's schedules the
 * file no longer lists. A kept schedule keeps its record of the last run.
 */
final class SchedulePlan {
  private final GustClient client;
  private final String function;
  private final List<ScheduleSpec> create;
  private final List<ScheduleSpec> replace;
  private final List<ScheduleSpec> keep;
  private final List<String> delete;

  private SchedulePlan(GustClient client, String function, List<ScheduleSpec> create,
      List<ScheduleSpec> replace, List<ScheduleSpec> keep, List<String> delete) {
    this.client = client;
    this.function = function;
    this.create = create;
    this.replace = replace;
    this.keep = keep;
    this.delete = delete;
  }

  static SchedulePlan plan(GustClient client, String function, List<ScheduleSpec> wanted)
      throws Exception {
    Map<String, JsonNode> existing = new LinkedHashMap<>();
    for (JsonNode s : client.listSchedules().path("Schedules")) {
      existing.put(Json.text(s, "Name", ""), s);
    }
    List<ScheduleSpec> create = new ArrayList<>();
    List<ScheduleSpec> replace = new ArrayList<>();
    List<ScheduleSpec> keep = new ArrayList<>();
    for (ScheduleSpec spec : wanted) {
      JsonNode found = existing.remove(spec.nameFor(function));
      if (found == null) {
        create.add(spec);
      } else if (!Json.text(found, "FunctionName", "").equals(function)) {
        throw new CliException("schedule '" + spec.nameFor(function) + "' already invokes "
            + Json.text(found, "FunctionName", "?") + "; give this one another name");
      } else if (spec.sameSettingsAs(found)) {
        keep.add(spec);
      } else {
        replace.add(spec);
      }
    }
    List<String> delete = new ArrayList<>();
    existing.forEach((name, s) -> {
      if (Json.text(s, "FunctionName", "").equals(function)) {
        delete.add(name);
      }
    });
    return new SchedulePlan(client, function, create, replace, keep, delete);
  }

  void apply(PrintWriter out) throws Exception {
    for (ScheduleSpec s : keep) {
      print(out, s, "unchanged");
    }
    for (ScheduleSpec s : replace) {
      client.deleteSchedule(s.nameFor(function));
      client.createSchedule(s.request(function));
      print(out, s, "replaced");
    }
    for (ScheduleSpec s : create) {
      client.createSchedule(s.request(function));
      print(out, s, "created");
    }
    for (String name : delete) {
      client.deleteSchedule(name);
      out.println("  schedule  " + name + " (deleted)");
    }
    out.flush();
  }

  private void print(PrintWriter out, ScheduleSpec s, String done) {
    out.println("  schedule  " + s.nameFor(function) + " " + s.expression()
        + (s.timezone().equals("UTC") ? "" : " " + s.timezone()) + " (" + done + ")");
  }
}

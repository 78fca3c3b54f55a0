package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gust keys}: usage plans and the API keys in them, for routes added with {@code
 * --api-key-required} (or {@code ApiKeyRequired: true} in gust.yaml).
 */
@Command(
    name = "keys",
    description = "Manage usage plans and API keys for routes that require an x-api-key.",
    subcommands = {
      KeysCommand.PlansList.class,
      KeysCommand.PlanAdd.class,
      KeysCommand.PlanRemove.class,
      KeysCommand.KeysList.class,
      KeysCommand.KeyAdd.class,
      KeysCommand.KeyRemove.class
    })
final class KeysCommand extends GroupCommand {

  @Command(name = "plans", description = "List usage plans.")
  static final class PlansList extends ApiCommand {
    @Override
    public Integer call() throws Exception {
      Table table = new Table("PLAN", "ID", "RATE/s", "BURST", "DAILY QUOTA");
      table.alignRight(2, 3, 4);
      for (JsonNode p : client().listUsagePlans().path("items")) {
        table.add(
            Json.text(p, "Name", "?"),
            Json.text(p, "Id", "?"),
            Formats.number(p.path("Throttle").path("RateLimit").asDouble()),
            Json.text(p.path("Throttle"), "BurstLimit", "?"),
            Json.text(p.path("Quota"), "Limit", "-"));
      }
      table.print(out());
      return 0;
    }
  }

  @Command(name = "plan-add", description = "Create a usage plan: each of its keys gets RATE and BURST.")
  static final class PlanAdd extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--rate", required = true, paramLabel = "RATE",
        description = "Requests a second per key, steady state (fractions allowed).")
    double rate;

    @Option(names = "--burst", required = true, paramLabel = "BURST",
        description = "Requests per key at once after a quiet spell.")
    int burst;

    @Option(names = "--daily-quota", paramLabel = "N", description = "Requests per key per UTC day.")
    Long dailyQuota;

    @Override
    public Integer call() throws Exception {
      ObjectNode request = Json.object().put("Name", name);
      request.putObject("Throttle").put("RateLimit", rate).put("BurstLimit", burst);
      if (dailyQuota != null) {
        request.putObject("Quota").put("Limit", dailyQuota).put("Period", "DAY");
      }
      JsonNode plan = client().createUsagePlan(request);
      out().println("created usage plan " + Json.text(plan, "Name", name) + " ("
          + Json.text(plan, "Id", "?") + ")");
      out().flush();
      return 0;
    }
  }

  @Command(name = "plan-rm", description = "Delete a usage plan (by name or id) and its keys.")
  static final class PlanRemove extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PLAN")
    String plan;

    @Override
    public Integer call() throws Exception {
      client().deleteUsagePlan(plan);
      out().println("deleted usage plan " + plan);
      out().flush();
      return 0;
    }
  }

  @Command(name = "ls", description = "List API keys (never their values).")
  static final class KeysList extends ApiCommand {
    @Override
    public Integer call() throws Exception {
      Table table = new Table("KEY", "ID", "PLAN", "CREATED");
      for (JsonNode k : client().listApiKeys().path("items")) {
        table.add(
            Json.text(k, "Name", "?"),
            Json.text(k, "Id", "?"),
            Json.text(k, "UsagePlanId", "?"),
            Formats.timestamp(Json.text(k, "CreatedDate", "")));
      }
      table.print(out());
      return 0;
    }
  }

  @Command(name = "add", description = "Create an API key in a plan; prints its value once.")
  static final class KeyAdd extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--plan", required = true, paramLabel = "PLAN", description = "Plan name or id.")
    String plan;

    @Override
    public Integer call() throws Exception {
      JsonNode key = client().createApiKey(Json.object().put("Name", name).put("UsagePlanId", plan));
      out().println("created API key " + Json.text(key, "Name", name) + " ("
          + Json.text(key, "Id", "?") + ") in plan " + plan);
      out().println("x-api-key: " + Json.text(key, "Value", "?"));
      out().println("(the value is shown only now; keep it)");
      out().flush();
      return 0;
    }
  }

  @Command(name = "rm", description = "Delete an API key (by name or id).")
  static final class KeyRemove extends ApiCommand {
    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Override
    public Integer call() throws Exception {
      client().deleteApiKey(key);
      out().println("deleted API key " + key);
      out().flush();
      return 0;
    }
  }
}

package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gust alias ls|set|rm}: a function's aliases and their weighted routing. */
@Command(
    name = "alias",
    description = "List, create, update and delete aliases.",
    subcommands = {
      AliasCommand.AliasList.class,
      AliasCommand.AliasSet.class,
      AliasCommand.AliasRemove.class
    })
final class AliasCommand extends GroupCommand {

  @Command(name = "ls", description = "List a function's aliases.")
  static final class AliasList extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Function name or ARN.")
    String name;

    @Override
    public Integer call() throws Exception {
      Table table = new Table("ALIAS", "VERSION", "ADDITIONAL WEIGHTS", "DESCRIPTION");
      for (JsonNode a : client().listAliases(name)) {
        table.add(
            Json.text(a, "Name", "?"),
            Json.text(a, "FunctionVersion", "?"),
            Formats.weights(a),
            Json.text(a, "Description", ""));
      }
      table.print(out());
      return 0;
    }
  }

  @Command(
      name = "set",
      description = {
        "Point an alias at a version, creating the alias if needed.",
        "Without --weight, all traffic goes to VERSION (any previous split is removed)."
      })
  static final class AliasSet extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Function name or ARN.")
    String name;

    @Parameters(index = "1", paramLabel = "ALIAS", description = "Alias name, e.g. prod.")
    String alias;

    @Parameters(
        index = "2",
        paramLabel = "VERSION",
        description = "The version the alias points at.")
    String version;

    @Option(
        names = "--weight",
        paramLabel = "VERSION=FRACTION",
        description =
            "Send FRACTION (0 to 1) of the traffic to another version, e.g. --weight 3=0.2.")
    Map<String, Double> weights = new LinkedHashMap<>();

    @Option(
        names = {"-d", "--description"},
        paramLabel = "TEXT",
        description = "The alias's description.")
    String description = "";

    @Override
    public Integer call() throws Exception {
      for (Map.Entry<String, Double> w : weights.entrySet()) {
        if (!(w.getValue() >= 0 && w.getValue() <= 1)) {
          throw usage(
              "--weight " + w.getKey() + "=" + w.getValue() + ": the fraction must be from 0 to 1");
        }
      }
      GustClient client = client();
      ObjectNode request = Json.object().put("FunctionVersion", version);
      if (!description.isEmpty()) {
        request.put("Description", description);
      }
      ObjectNode additional =
          request.putObject("RoutingConfig").putObject("AdditionalVersionWeights");
      weights.forEach(additional::put);
      JsonNode result;
      String action;
      if (exists(client)) {
        result = client.updateAlias(name, alias, request);
        action = "updated";
      } else {
        request.put("Name", alias);
        result = client.createAlias(name, request);
        action = "created";
      }
      String split = Formats.weights(result);
      out()
          .println(
              action
                  + " alias "
                  + name
                  + ":"
                  + alias
                  + " -> "
                  + Json.text(result, "FunctionVersion", version)
                  + (split.equals("-") ? "" : " (" + split + ")"));
      out().flush();
      return 0;
    }

    private boolean exists(GustClient client) throws Exception {
      try {
        client.getAlias(name, alias);
        return true;
      } catch (ApiException e) {
        if (e.isNotFound()) {
          return false;
        }
        throw e;
      }
    }
  }

  @Command(name = "rm", description = "Delete an alias.")
  static final class AliasRemove extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Function name or ARN.")
    String name;

    @Parameters(index = "1", paramLabel = "ALIAS", description = "Alias name.")
    String alias;

    @Override
    public Integer call() throws Exception {
      client().deleteAlias(name, alias);
      out().println("deleted alias " + name + ":" + alias);
      out().flush();
      return 0;
    }
  }
}

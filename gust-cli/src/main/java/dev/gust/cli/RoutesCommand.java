package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gust routes ls|add|rm}: Gust's HTTP API routes, which map route keys to functions. */
@Command(
    name = "routes",
    description = "List, add and remove HTTP API routes (route key -> function).",
    subcommands = {
      RoutesCommand.RoutesList.class,
      RoutesCommand.RoutesAdd.class,
      RoutesCommand.RoutesRemove.class
    })
final class RoutesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: ls, add or rm");
  }

  @Command(name = "ls", description = "List every route and where the routes are served.")
  static final class RoutesList extends ApiCommand {
    @Override
    public Integer call() throws Exception {
      JsonNode listing = client().listRoutes();
      out().println("endpoint " + Json.text(listing, "endpoint", "-"));
      Table table = new Table("ROUTE KEY", "FUNCTION", "QUALIFIER", "PAYLOAD", "TIMEOUT");
      table.alignRight(4);
      for (JsonNode r : listing.path("routes")) {
        table.add(
            Json.text(r, "RouteKey", "?"),
            Json.text(r, "FunctionName", "?"),
            Json.text(r, "Qualifier", "-"),
            Json.text(r, "PayloadFormatVersion", "?"),
            Json.text(r, "TimeoutInMillis", "?") + " ms");
      }
      table.print(out());
      return 0;
    }
  }

  @Command(
      name = "add",
      description = {
        "Route requests matching ROUTE_KEY to a function.",
        "ROUTE_KEY is 'METHOD /path' (METHOD ANY matches every method; {name} matches one"
            + " segment, a last {name+} the rest) or $default for requests no other route"
            + " matches. Quote it: 'GET /items/{id}'."
      })
  static final class RoutesAdd extends ApiCommand {
    @Parameters(index = "0", paramLabel = "ROUTE_KEY", description = "e.g. 'GET /items/{id}'.")
    String routeKey;

    @Parameters(index = "1", paramLabel = "FUNCTION", description = "Function name or ARN.")
    String function;

    @Option(
        names = {"-q", "--qualifier"},
        paramLabel = "QUALIFIER",
        description = "Invoke this alias or version (default: $LATEST).")
    String qualifier = "";

    @Option(
        names = "--payload",
        paramLabel = "VERSION",
        description = "Event payload format: 2.0 (default) or 1.0.")
    String payload = RouteSpec.DEFAULT_PAYLOAD;

    @Option(
        names = "--timeout-ms",
        paramLabel = "MS",
        description = "Integration timeout, 50 to 30000 (default: 30000).")
    int timeoutMillis = RouteSpec.DEFAULT_TIMEOUT_MILLIS;

    @Mixin CorsOptions cors;

    @Override
    public Integer call() throws Exception {
      RouteSpec route;
      try {
        Optional<String> q = qualifier.isBlank() ? Optional.empty() : Optional.of(qualifier);
        route = new RouteSpec(routeKey.strip(), q, payload, timeoutMillis, cors.spec());
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
      GustClient client = client();
      JsonNode listing = client.listRoutes();
      for (JsonNode r : listing.path("routes")) {
        if (Json.text(r, "RouteKey", "").equals(route.routeKey())) {
          throw new CliException(
              "route '"
                  + route.routeKey()
                  + "' already exists and invokes "
                  + target(r)
                  + "; remove it first with: gust routes rm '"
                  + route.routeKey()
                  + "'");
        }
      }
      JsonNode created = client.createRoute(route.request(function));
      out().println("created route " + route.routeKey() + " -> " + target(created));
      out()
          .println("  " + RouteSpec.location(Json.text(listing, "endpoint", ""), route.routeKey()));
      out().flush();
      return 0;
    }
  }

  @Command(name = "rm", description = "Remove a route, named by its route key or its id.")
  static final class RoutesRemove extends ApiCommand {
    @Parameters(
        index = "0",
        paramLabel = "ROUTE_KEY_OR_ID",
        description = "e.g. 'GET /items/{id}', or the id from the server.")
    String route;

    @Override
    public Integer call() throws Exception {
      GustClient client = client();
      String wanted = route.strip();
      JsonNode found = null;
      for (JsonNode r : client.listRoutes().path("routes")) {
        if (Json.text(r, "RouteId", "").equals(wanted)
            || Json.text(r, "RouteKey", "").equals(wanted)) {
          found = r;
        }
      }
      if (found == null) {
        throw new CliException("no route '" + wanted + "'; gust routes ls lists them");
      }
      client.deleteRoute(Json.text(found, "RouteId", wanted));
      out()
          .println(
              "deleted route " + Json.text(found, "RouteKey", wanted) + " -> " + target(found));
      out().flush();
      return 0;
    }
  }

  /** {@code hello} or {@code hello:live}. */
  private static String target(JsonNode route) {
    String qualifier = Json.text(route, "Qualifier", "");
    return Json.text(route, "FunctionName", "?") + (qualifier.isEmpty() ? "" : ":" + qualifier);
  }
}

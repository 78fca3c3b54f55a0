package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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
final class RoutesCommand extends GroupCommand {

  @Command(name = "ls", description = "List every route and where the routes are served.")
  static final class RoutesList extends ApiCommand {
    @Override
    public Integer call() throws Exception {
      JsonNode listing = client().listRoutes();
      out().println("endpoint " + Json.text(listing, "endpoint", "-"));
      Table table =
          new Table("ROUTE KEY", "FUNCTION", "QUALIFIER", "PAYLOAD", "TIMEOUT", "PROTECTION");
      table.alignRight(4);
      for (JsonNode r : listing.path("routes")) {
        table.add(
            Json.text(r, "RouteKey", "?"),
            Json.text(r, "FunctionName", "?"),
            Json.text(r, "Qualifier", "-"),
            Json.text(r, "PayloadFormatVersion", "?"),
            Json.text(r, "TimeoutInMillis", "?") + " ms",
            guards(r.path("Protection")));
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

    @Option(
        names = "--protection",
        paramLabel = "JSON|@FILE",
        description = "What guards the route: a Protection document (Jwt, ApiKeyRequired,"
            + " Webhook, Throttle; see docs/API.md), inline or @file.")
    String protection;

    @Option(names = "--api-key-required", description = "Requests need an x-api-key of a usage plan.")
    boolean apiKeyRequired;

    @Option(
        names = "--throttle",
        paramLabel = "RATE/BURST",
        description = "The route's own throttle, e.g. 10/20 (10 requests a second, bursts of 20).")
    String throttle;

    @Override
    public Integer call() throws Exception {
      RouteSpec route;
      try {
        Optional<String> q = qualifier.isBlank() ? Optional.empty() : Optional.of(qualifier);
        route = new RouteSpec(routeKey.strip(), q, payload, timeoutMillis, cors.spec(),
            protectionOf(protection, apiKeyRequired, throttle));
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

  /** A route's protection in a word each: jwt, api-key, webhook:github, throttle 10/20. */
  static String guards(JsonNode p) {
    java.util.List<String> words = new java.util.ArrayList<>();
    if (p.has("Jwt")) {
      words.add("jwt");
    }
    if (p.path("ApiKeyRequired").asBoolean(false)) {
      words.add("api-key");
    }
    if (p.has("Webhook")) {
      words.add("webhook:" + Json.text(p.path("Webhook"), "Scheme", "?"));
    }
    if (p.has("Throttle")) {
      JsonNode t = p.path("Throttle");
      words.add("throttle " + Formats.number(t.path("RateLimit").asDouble()) + "/"
          + t.path("BurstLimit").asInt());
    }
    return words.isEmpty() ? "-" : String.join(", ", words);
  }

  /** The --protection document with --api-key-required and --throttle merged in. */
  private static Optional<ObjectNode> protectionOf(
      String protection, boolean apiKeyRequired, String throttle) throws CliException {
    ObjectNode doc = Json.object();
    if (protection != null) {
      String text = protection;
      try {
        if (text.startsWith("@")) {
          text = java.nio.file.Files.readString(java.nio.file.Path.of(text.substring(1)));
        }
        if (!(Json.mapper().readTree(text) instanceof ObjectNode parsed)) {
          throw new CliException("--protection must be a JSON object, such as '{\"ApiKeyRequired\": true}'");
        }
        doc = parsed;
      } catch (java.io.IOException e) {
        throw new CliException("--protection is not readable JSON: " + e.getMessage());
      }
    }
    if (apiKeyRequired) {
      doc.put("ApiKeyRequired", true);
    }
    if (throttle != null) {
      String[] parts = throttle.split("/");
      try {
        if (parts.length != 2) {
          throw new NumberFormatException();
        }
        doc.putObject("Throttle").put("RateLimit", Double.parseDouble(parts[0]))
            .put("BurstLimit", Integer.parseInt(parts[1]));
      } catch (NumberFormatException e) {
        throw new CliException("--throttle must be RATE/BURST, such as 10/20, not '" + throttle + "'");
      }
    }
    return doc.isEmpty() ? Optional.empty() : Optional.of(doc);
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

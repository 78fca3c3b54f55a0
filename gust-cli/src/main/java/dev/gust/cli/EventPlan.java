package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How {@code gust deploy} brings a function's HTTP API routes and function URLs in line with {@code
 * gust.yaml}'s {@code events}, which list all of them.
 *
 * <p>{@link #plan} runs before the build: it reads the server's routes and the function's URLs and
 * decides, per route key and per URL qualifier, to create, keep, replace, update or delete. A route
 * key that another function holds fails the deploy there, before anything changed. {@link #apply}
 * runs after the code and configuration are updated, in file order, then deletes what the file no
 * longer lists, so a failure part-way leaves old routes rather than none. Routes have no update
 * operation, so a route whose settings changed is deleted and created again.
 */
final class EventPlan {
  private enum Action {
    CREATE("created"),
    KEEP("unchanged"),
    REPLACE("replaced"),
    UPDATE("updated"),
    DELETE("deleted");

    final String done;

    Action(String done) {
      this.done = done;
    }
  }

  /** A route to create, keep or replace ({@code wanted} set) or to delete ({@code existing}). */
  private record RouteStep(Action action, Optional<RouteSpec> wanted, Optional<JsonNode> existing) {
    String key() {
      return wanted
          .map(RouteSpec::routeKey)
          .orElseGet(() -> Json.text(existing.get(), "RouteKey", "?"));
    }
  }

  private record UrlStep(
      Action action, String qualifier, Optional<UrlSpec> wanted, Optional<JsonNode> existing) {}

  private final GustClient client;
  private final String function;
  private final String endpoint;
  private final List<RouteStep> routes;
  private final List<UrlStep> urls;

  private EventPlan(
      GustClient client,
      String function,
      String endpoint,
      List<RouteStep> routes,
      List<UrlStep> urls) {
    this.client = client;
    this.function = function;
    this.endpoint = endpoint;
    this.routes = routes;
    this.urls = urls;
  }

  /**
   * Compares {@code events} with what the server has for {@code function} ({@code exists} false
   * when the deploy is about to create it). Fails, naming them, when other functions hold route
   * keys the file lists.
   */
  static EventPlan plan(GustClient client, String function, boolean exists, Events events)
      throws Exception {
    JsonNode listing = client.listRoutes();
    Map<String, JsonNode> byKey = new LinkedHashMap<>();
    listing.path("routes").forEach(r -> byKey.put(Json.text(r, "RouteKey", ""), r));

    List<RouteStep> routeSteps = new ArrayList<>();
    Map<String, String> taken = new LinkedHashMap<>();
    for (RouteSpec wanted : events.routes()) {
      JsonNode existing = byKey.get(wanted.routeKey());
      if (existing == null) {
        routeSteps.add(new RouteStep(Action.CREATE, Optional.of(wanted), Optional.empty()));
      } else if (!Json.text(existing, "FunctionName", "").equals(function)) {
        taken.put(wanted.routeKey(), Json.text(existing, "FunctionName", "?"));
      } else {
        Action action = wanted.sameSettingsAs(existing) ? Action.KEEP : Action.REPLACE;
        routeSteps.add(new RouteStep(action, Optional.of(wanted), Optional.of(existing)));
      }
    }
    if (!taken.isEmpty()) {
      throw new CliException(conflict(taken));
    }
    List<String> listed = events.routes().stream().map(RouteSpec::routeKey).toList();
    for (JsonNode existing : byKey.values()) {
      if (Json.text(existing, "FunctionName", "").equals(function)
          && !listed.contains(Json.text(existing, "RouteKey", ""))) {
        routeSteps.add(new RouteStep(Action.DELETE, Optional.empty(), Optional.of(existing)));
      }
    }

    Map<String, JsonNode> urlsByQualifier = new LinkedHashMap<>();
    if (exists) {
      for (JsonNode url : client.listFunctionUrls(function)) {
        urlsByQualifier.put(UrlSpec.qualifierOf(Json.text(url, "FunctionArn", "")), url);
      }
    }
    List<UrlStep> urlSteps = new ArrayList<>();
    for (UrlSpec wanted : events.urls()) {
      String qualifier = wanted.qualifier().orElse("");
      JsonNode existing = urlsByQualifier.remove(qualifier);
      Action action =
          existing == null
              ? Action.CREATE
              : wanted.sameSettingsAs(existing) ? Action.KEEP : Action.UPDATE;
      urlSteps.add(
          new UrlStep(action, qualifier, Optional.of(wanted), Optional.ofNullable(existing)));
    }
    urlsByQualifier.forEach(
        (qualifier, existing) ->
            urlSteps.add(
                new UrlStep(Action.DELETE, qualifier, Optional.empty(), Optional.of(existing))));

    return new EventPlan(
        client,
        function,
        Json.text(listing, "endpoint", ""),
        List.copyOf(routeSteps),
        List.copyOf(urlSteps));
  }

  /** Makes the changes, printing one line per route and URL as it goes. */
  void apply(PrintWriter out) throws Exception {
    for (RouteStep step : routes) {
      switch (step.action()) {
        case CREATE -> create(step.wanted().get());
        case REPLACE -> {
          delete(step.existing().get());
          create(step.wanted().get());
        }
        case DELETE -> delete(step.existing().get());
        default -> {}
      }
      String target =
          step.wanted()
              .flatMap(RouteSpec::qualifier)
              .map(q -> " -> " + function + ":" + q)
              .orElse("");
      out.println(
          "  route     "
              + RouteSpec.location(endpoint, step.key())
              + target
              + " ("
              + step.action().done
              + ")");
      out.flush();
    }
    for (UrlStep step : urls) {
      JsonNode url =
          switch (step.action()) {
            case CREATE ->
                client.createFunctionUrl(
                    function, step.qualifier(), step.wanted().get().request(false));
            case UPDATE ->
                client.updateFunctionUrl(
                    function, step.qualifier(), step.wanted().get().request(true));
            case DELETE -> {
              deleteUrl(step.qualifier());
              yield step.existing().get();
            }
            default -> step.existing().get();
          };
      String target = step.qualifier().isEmpty() ? "" : " -> " + function + ":" + step.qualifier();
      out.println(
          "  url       "
              + Json.text(url, "FunctionUrl", "?")
              + target
              + " ("
              + step.action().done
              + ")");
      out.flush();
    }
  }

  private void create(RouteSpec wanted) throws Exception {
    try {
      client.createRoute(wanted.request(function));
    } catch (ApiException e) {
      if (e.status() != 409) {
        throw e;
      }
      String owner = "another function";
      for (JsonNode r : client.listRoutes().path("routes")) {
        if (Json.text(r, "RouteKey", "").equals(wanted.routeKey())) {
          owner = "function '" + Json.text(r, "FunctionName", "?") + "'";
        }
      }
      throw new CliException(
          "route '"
              + wanted.routeKey()
              + "' was taken by "
              + owner
              + " during the deploy ("
              + e.describe()
              + "); see gust routes ls",
          e);
    }
  }

  /** Deletes by RouteId; a route already gone counts as deleted. */
  private void delete(JsonNode existing) throws Exception {
    try {
      client.deleteRoute(Json.text(existing, "RouteId", Json.text(existing, "RouteKey", "")));
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }

  private void deleteUrl(String qualifier) throws Exception {
    try {
      client.deleteFunctionUrl(function, qualifier);
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }

  /** Names each route key the file lists that another function holds, and its owner. */
  private static String conflict(Map<String, String> ownerByKey) {
    if (ownerByKey.size() == 1) {
      Map.Entry<String, String> only = ownerByKey.entrySet().iterator().next();
      return "route '"
          + only.getKey()
          + "' belongs to function '"
          + only.getValue()
          + "'; remove it there first (gust routes rm '"
          + only.getKey()
          + "') or change the path in "
          + DeploySpec.FILE_NAME;
    }
    List<String> taken = new ArrayList<>();
    ownerByKey.forEach((key, owner) -> taken.add("'" + key + "' (function '" + owner + "')"));
    return "routes "
        + String.join(", ", taken)
        + " belong to other functions; remove them there first (gust routes rm ROUTE_KEY) or"
        + " change the paths in "
        + DeploySpec.FILE_NAME;
  }
}

package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How {@code gust deploy} brings a function's HTTP API routes, function URLs and queue event source
 * mappings in line with {@code gust.yaml}'s {@code events}, which list all of them.
 *
 * <p>{@link #plan} runs before the build: it reads the server's routes and the function's URLs and
 * decides, per route key, per URL qualifier and per queue and qualifier, to create, keep, replace,
 * update or delete. A route
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

  /** An event source mapping to create, keep or update ({@code wanted}) or delete. */
  private record QueueStep(
      Action action, String queue, String qualifier, Optional<QueueSpec> wanted,
      Optional<JsonNode> existing) {}

  private final GustClient client;
  private final String function;
  private final String endpoint;
  private final List<RouteStep> routes;
  private final List<UrlStep> urls;
  private final List<QueueStep> queues;

  private EventPlan(
      GustClient client,
      String function,
      String endpoint,
      List<RouteStep> routes,
      List<UrlStep> urls,
      List<QueueStep> queues) {
    this.client = client;
    this.function = function;
    this.endpoint = endpoint;
    this.routes = routes;
    this.urls = urls;
    this.queues = queues;
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

    Map<String, JsonNode> mappings = new LinkedHashMap<>();
    if (exists) {
      for (JsonNode m : client.listEventSourceMappings(function)) {
        String arn = Json.text(m, "EventSourceArn", "");
        mappings.put(arn.substring(arn.lastIndexOf(':') + 1) + "\n"
            + UrlSpec.qualifierOf(Json.text(m, "FunctionArn", "")), m);
      }
    }
    List<QueueStep> queueSteps = new ArrayList<>();
    for (QueueSpec wanted : events.queues()) {
      String qualifier = wanted.qualifier().orElse("");
      JsonNode existing = mappings.remove(wanted.queueName() + "\n" + qualifier);
      Action action = existing == null
          ? Action.CREATE
          : wanted.sameSettingsAs(existing) ? Action.KEEP : Action.UPDATE;
      queueSteps.add(new QueueStep(action, wanted.queueName(), qualifier, Optional.of(wanted),
          Optional.ofNullable(existing)));
    }
    mappings.forEach((key, existing) -> queueSteps.add(new QueueStep(Action.DELETE,
        key.substring(0, key.indexOf('\n')), key.substring(key.indexOf('\n') + 1),
        Optional.empty(), Optional.of(existing))));

    return new EventPlan(
        client,
        function,
        Json.text(listing, "endpoint", ""),
        List.copyOf(routeSteps),
        List.copyOf(urlSteps),
        List.copyOf(queueSteps));
  }

  /**
   * Makes the changes, printing one line per route, URL and queue as it goes; {@code functionArn}
   * (the deployed function's) gives a queue named without an ARN its region and account.
   */
  void apply(PrintWriter out, String functionArn) throws Exception {
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
    applyQueues(out, functionArn);
  }

  private void applyQueues(PrintWriter out, String functionArn) throws Exception {
    for (QueueStep step : queues) {
      switch (step.action()) {
        case CREATE -> {
          QueueSpec wanted = step.wanted().get();
          client.createEventSourceMapping(wanted.request(function,
              Optional.of(wanted.queueArn(unqualified(functionArn)))));
        }
        case UPDATE -> client.updateEventSourceMapping(
            Json.text(step.existing().get(), "UUID", ""),
            step.wanted().get().request(function, Optional.empty()));
        case DELETE -> deleteMapping(Json.text(step.existing().get(), "UUID", ""));
        default -> {}
      }
      String target = step.qualifier().isEmpty() ? "" : " -> " + function + ":" + step.qualifier();
      String settings = step.wanted().map(w -> ": " + w.describe()).orElse("");
      out.println("  queue     " + step.queue() + target + settings + " (" + step.action().done
          + ")");
      out.flush();
    }
  }

  /** {@code arn:aws:lambda:REGION:ACCOUNT:function:NAME} without a version or alias. */
  static String unqualified(String functionArn) {
    String[] parts = functionArn.split(":");
    return parts.length > 7 ? String.join(":", java.util.Arrays.copyOf(parts, 7)) : functionArn;
  }

  private void deleteMapping(String uuid) throws Exception {
    try {
      client.deleteEventSourceMapping(uuid);
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
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

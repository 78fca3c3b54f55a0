package dev.gust.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gust.yaml}'s {@code events}: the complete set of HTTP API routes and function URLs a
 * function should have. Each list item holds exactly one of:
 *
 * <pre>
 * - http:
 *     method: GET            # default ANY; none with path $default
 *     path: /items/{id}      # or $default, the route for requests no other route matches
 *     qualifier: live        # optional alias or version; default $LATEST
 *     payload: "2.0"         # or "1.0"
 *     timeoutMs: 30000       # 50 to 30000
 *     cors: {origins: ["*"], methods: [GET], headers: [content-type]}
 *     protection:            # optional; the server's Protection document (see docs/API.md)
 *       ApiKeyRequired: true
 *       Throttle: {RateLimit: 10, BurstLimit: 20}
 *       Webhook: {Scheme: github, SecretEnv: GITHUB_WEBHOOK_SECRET}  # secret from the environment
 *       Jwt: {Issuer: "https://id.example/", Audience: [api], JwksUri: "https://id.example/jwks"}
 * - schedule: "cron(0 2 * * ? *)"   # or rate(5 minutes), at(2026-12-01T08:00:00)
 * - schedule:
 *     expression: "cron(30 7 ? * MON-FRI *)"
 *     timezone: Europe/Berlin  # IANA; default UTC
 *     missedRuns: SKIP         # runs missed while the server was down: FIRE_ONCE (default) or SKIP
 *     input: {report: daily}   # sent instead of the Scheduled Event
 * - url:
 *     qualifier: live        # optional alias; default the unqualified function
 *     auth: NONE             # or AWS_IAM
 *     stream: false          # true for InvokeMode RESPONSE_STREAM
 *     cors: {origins: ["*"]}
 * - queue:                   # an event source mapping; see QueueSpec
 *     name: jobs
 *     batchSize: 10
 *     reportFailures: true
 * </pre>
 *
 * A route key may appear once, a URL once per qualifier, and a queue once per qualifier. The list
 * is complete: a deploy deletes the function's routes, URLs and queue mappings it does not list.
 */
record Events(
    List<RouteSpec> routes, List<UrlSpec> urls, List<QueueSpec> queues, List<ScheduleSpec> schedules) {
  static final List<String> KINDS = List.of("http", "url", "queue", "schedule");
  static final List<String> HTTP_KEYS =
      List.of("method", "path", "qualifier", "payload", "timeoutMs", "cors", "protection");
  static final List<String> URL_KEYS = List.of("qualifier", "auth", "stream", "cors");
  static final List<String> CORS_KEYS = List.of("origins", "methods", "headers");

  private static final String HTTP_EXAMPLE = "'- http: {method: GET, path: /items}'";

  Events {
    routes = List.copyOf(routes);
    urls = List.copyOf(urls);
    queues = List.copyOf(queues);
    schedules = List.copyOf(schedules);
  }

  Events(List<RouteSpec> routes, List<UrlSpec> urls, List<QueueSpec> queues) {
    this(routes, urls, queues, List.of());
  }

  /** Parses the value of {@code events}; {@code source} names the file in errors. */
  static Events parse(Object value, String source) throws CliException {
    if (!(value instanceof List<?> items)) {
      throw new CliException(
          source + ": 'events' must be a list of http:, url:, queue: and schedule: items, such as "
              + HTTP_EXAMPLE);
    }
    List<RouteSpec> routes = new ArrayList<>();
    List<UrlSpec> urls = new ArrayList<>();
    List<QueueSpec> queues = new ArrayList<>();
    List<ScheduleSpec> schedules = new ArrayList<>();
    Map<String, String> seenKeys = new HashMap<>();
    Map<String, String> seenUrls = new HashMap<>();
    Map<String, String> seenQueues = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String where = source + ": events[" + i + "]";
      if (!(items.get(i) instanceof Map<?, ?> item)) {
        throw new CliException(
            where + " must be http:, url:, queue: or schedule:, such as " + HTTP_EXAMPLE);
      }
      requireKinds(where, item);
      Map.Entry<?, ?> entry = item.entrySet().iterator().next();
      String kind = String.valueOf(entry.getKey());
      String at = where + "." + kind;
      if (kind.equals("http")) {
        RouteSpec route = http(at, body(at, entry.getValue(), true));
        String earlier = seenKeys.putIfAbsent(route.routeKey(), at);
        if (earlier != null) {
          throw new CliException(
              at + ": route '" + route.routeKey() + "' is already listed at " + tail(earlier));
        }
        routes.add(route);
      } else if (kind.equals("schedule")) {
        schedules.add(schedule(at, entry.getValue()));
      } else if (kind.equals("queue")) {
        QueueSpec queue = QueueSpec.read(at, body(at, entry.getValue(), true));
        String key = queue.queueName() + queue.qualifier().map(q -> ":" + q).orElse("");
        String earlier = seenQueues.putIfAbsent(key, at);
        if (earlier != null) {
          throw new CliException(at + ": queue '" + queue.queueName() + "'"
              + queue.qualifier().map(q -> " for qualifier '" + q + "'").orElse("")
              + " is already listed at " + tail(earlier));
        }
        queues.add(queue);
      } else {
        UrlSpec url = url(at, body(at, entry.getValue(), false));
        String earlier = seenUrls.putIfAbsent(url.qualifier().orElse(""), at);
        if (earlier != null) {
          throw new CliException(
              at
                  + ": a function URL"
                  + url.qualifier().map(q -> " for qualifier '" + q + "'").orElse("")
                  + " is already listed at "
                  + tail(earlier));
        }
        urls.add(url);
      }
    }
    return new Events(routes, urls, queues, schedules);
  }

  /** {@code schedule: "cron(0 2 * * ? *)"}, or a mapping with the expression and its settings. */
  private static ScheduleSpec schedule(String at, Object value) throws CliException {
    try {
      if (value instanceof String expression) {
        return new ScheduleSpec(Optional.empty(), expression.strip(), "UTC", "FIRE_ONCE",
            Optional.empty());
      }
      if (!(value instanceof Map<?, ?> map)) {
        throw new CliException(at + " must be an expression such as \"cron(0 2 * * ? *)\" or a"
            + " mapping such as {expression: \"rate(5 minutes)\", timezone: Europe/Berlin}");
      }
      SpecReader r = new SpecReader(at, map);
      r.requireKnownKeys(ScheduleSpec.KEYS);
      String expression = r.string("expression").orElseThrow(() -> new CliException(
          at + ": 'expression' is required, such as \"cron(0 2 * * ? *)\""));
      Optional<com.fasterxml.jackson.databind.JsonNode> input = map.get("input") == null
          ? Optional.empty()
          : Optional.of(Json.mapper().valueToTree(map.get("input")));
      return new ScheduleSpec(r.string("name"), expression.strip(),
          r.string("timezone").orElse("UTC"),
          r.string("missedRuns").map(m -> m.toUpperCase(Locale.ROOT).replace('-', '_'))
              .orElse("FIRE_ONCE"),
          input);
    } catch (IllegalArgumentException e) {
      throw new CliException(at + ": " + e.getMessage());
    }
  }

  /** One kind per item; a setting beside it was most likely meant to be under it. */
  private static void requireKinds(String where, Map<?, ?> item) throws CliException {
    for (Object key : item.keySet()) {
      String name = String.valueOf(key);
      if (!KINDS.contains(name)) {
        boolean setting =
            HTTP_KEYS.contains(name) || URL_KEYS.contains(name) || QueueSpec.KEYS.contains(name);
        throw new CliException(
            where
                + ": unknown key '"
                + name
                + "'; allowed keys: "
                + String.join(", ", KINDS)
                + (setting ? "; indent '" + name + "' under http:, url: or queue:" : ""));
      }
    }
    if (item.size() != 1) {
      throw new CliException(
          where + " holds " + (item.size() == 2 ? "both " : "")
              + String.join(" and ", item.keySet().stream().map(k -> k + ":").toList())
              + "; give each its own list item (- http: / - url: / - queue: / - schedule:)");
    }
  }

  private static Map<?, ?> body(String at, Object value, boolean required) throws CliException {
    if (value == null && !required) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new CliException(
          at
              + " must be a mapping of settings, such as 'path: /items'"
              + (required ? "" : " or {}"));
    }
    return map;
  }

  private static RouteSpec http(String at, Map<?, ?> map) throws CliException {
    SpecReader r = new SpecReader(at, map);
    r.requireKnownKeys(HTTP_KEYS);
    Optional<String> method = r.string("method").map(m -> m.toUpperCase(Locale.ROOT));
    String path =
        r.string("path")
            .orElseThrow(
                () ->
                    new CliException(
                        at
                            + ": 'path' is required, such as '/items/{id}', or '"
                            + RouteSpec.DEFAULT_KEY
                            + "' for the route of requests no other route matches"));
    String key;
    if (path.equals(RouteSpec.DEFAULT_KEY)) {
      if (method.isPresent()) {
        throw new CliException(
            at
                + ": the "
                + RouteSpec.DEFAULT_KEY
                + " route matches every method; remove 'method: "
                + method.get()
                + "'");
      }
      key = RouteSpec.DEFAULT_KEY;
    } else {
      key = method.orElse("ANY") + " " + path;
    }
    Optional<String> qualifier = r.string("qualifier");
    String payload = r.string("payload").orElse(RouteSpec.DEFAULT_PAYLOAD);
    int timeout =
        r.integer("timeoutMs", RouteSpec.MIN_TIMEOUT_MILLIS, RouteSpec.MAX_TIMEOUT_MILLIS, "ms")
            .orElse(RouteSpec.DEFAULT_TIMEOUT_MILLIS);
    Optional<CorsSpec> cors = cors(at, r);
    Optional<ObjectNode> protection =
        r.mapping("protection", "'{ApiKeyRequired: true, Throttle: {RateLimit: 10, BurstLimit: 20}}'")
            .map(m -> (ObjectNode) Json.mapper().valueToTree(m));
    if (protection.isPresent()) {
      secretFromEnvironment(at + ".protection.Webhook", protection.get());
    }
    try {
      return new RouteSpec(key, qualifier, payload, timeout, cors, protection);
    } catch (IllegalArgumentException e) {
      throw new CliException(at + ": " + e.getMessage());
    }
  }

  /**
   * A webhook's {@code SecretEnv: NAME} becomes {@code Secret}, read from the deploying shell's
   * environment, so that gust.yaml need not hold the secret.
   */
  private static void secretFromEnvironment(String where, ObjectNode protection)
      throws CliException {
    if (protection.get("Webhook") instanceof ObjectNode webhook && webhook.has("SecretEnv")) {
      String name = webhook.get("SecretEnv").asText();
      String value = System.getenv(name);
      if (value == null || value.isEmpty()) {
        throw new CliException(where + ": SecretEnv names " + name
            + ", which is not set in this environment; export it before deploying");
      }
      webhook.remove("SecretEnv");
      webhook.put("Secret", value);
    }
  }

  private static UrlSpec url(String at, Map<?, ?> map) throws CliException {
    SpecReader r = new SpecReader(at, map);
    r.requireKnownKeys(URL_KEYS);
    Optional<String> qualifier = r.string("qualifier");
    String auth = r.string("auth").map(a -> a.toUpperCase(Locale.ROOT)).orElse("NONE");
    boolean stream = r.bool("stream").orElse(false);
    Optional<CorsSpec> cors = cors(at, r);
    try {
      return new UrlSpec(qualifier, auth, stream, cors);
    } catch (IllegalArgumentException e) {
      throw new CliException(at + ": " + e.getMessage());
    }
  }

  private static Optional<CorsSpec> cors(String at, SpecReader parent) throws CliException {
    Optional<Map<?, ?>> map = parent.mapping("cors", "'{origins: [\"*\"], methods: [GET]}'");
    if (map.isEmpty()) {
      return Optional.empty();
    }
    String where = at + ".cors";
    SpecReader r = new SpecReader(where, map.get());
    r.requireKnownKeys(CORS_KEYS);
    try {
      return Optional.of(
          new CorsSpec(
              r.strings("origins").orElse(List.of()),
              r.strings("methods").orElse(List.of()),
              r.strings("headers").orElse(List.of())));
    } catch (IllegalArgumentException e) {
      throw new CliException(where + ": " + e.getMessage());
    }
  }

  /** {@code events[0].http} out of {@code gust.yaml: events[0].http}. */
  private static String tail(String where) {
    return where.substring(where.lastIndexOf(": ") + 2);
  }
}

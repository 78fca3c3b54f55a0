package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small in-memory stand-in for Gust's public API, playing Lambda's REST contract closely enough
 * for the CLI: functions, code, configuration, versions, aliases, function URLs, Invoke (scripted),
 * logs, usage and HTTP API routes. Every request is recorded so tests can check what the CLI sent.
 */
final class FakeLambdaServer implements AutoCloseable {
  private static final Pattern FUNCTION =
      Pattern.compile(
          "/2015-03-31/functions/([^/]+)(/code|/configuration|/invocations|/versions|/aliases)?(?:/([^/]+))?");
  private static final Pattern LOGS = Pattern.compile("/gust/v1/functions/([^/]+)/logs");
  private static final Pattern FUNCTION_URL =
      Pattern.compile("/2021-10-31/functions/([^/]+)/(url|urls)");
  private static final String ROUTES = "/gust/v1/routes";
  private static final String MAPPINGS = "/2015-03-31/event-source-mappings";

  /** Where the fake says its HTTP API routes are served. */
  static final String GATEWAY = "http://127.0.0.1:9001";

  static final String ARN_PREFIX = "arn:aws:lambda:local:000000000000:function:";

  record Request(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      byte[] body) {
    JsonNode json() throws IOException {
      return Json.parse(body);
    }
  }

  record Reply(int status, Map<String, String> headers, byte[] body) {
    static Reply json(int status, JsonNode body) {
      return new Reply(status, Map.of("Content-Type", "application/json"), Json.bytes(body));
    }
  }

  final List<Request> requests = new ArrayList<>();
  final Map<String, ObjectNode> functions = new TreeMap<>();
  final Map<String, byte[]> code = new TreeMap<>();
  final Map<String, List<ObjectNode>> versions = new TreeMap<>();
  final Map<String, Map<String, ObjectNode>> aliases = new TreeMap<>();
  final Deque<ObjectNode> logPages = new ArrayDeque<>();

  /** Routes by RouteId, in creation order. */
  final Map<String, ObjectNode> routes = new LinkedHashMap<>();

  /** Function URL configurations by {@code name} or {@code name:qualifier}. */
  final Map<String, ObjectNode> urls = new TreeMap<>();

  /** Event source mappings by UUID, in creation order, as the server stores them (settled). */
  final Map<String, ObjectNode> mappings = new LinkedHashMap<>();

  private int nextId = 1;
  Function<Request, Reply> invokeHandler = r -> new Reply(200, Map.of(), r.body());
  ObjectNode usage = Json.object();
  int pageSize = 50;

  /** When the scripted log pages run out: answer 404 (ends a --follow) rather than empty pages. */
  boolean logsEndWithNotFound;

  private final HttpServer server;

  FakeLambdaServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The requests as "METHOD path" lines, in order. */
  List<String> calls() {
    return requests.stream().map(r -> r.method() + " " + r.path()).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    Reply reply;
    try (exchange) {
      Map<String, String> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
      Request request =
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              query(exchange.getRequestURI().getRawQuery()),
              headers,
              exchange.getRequestBody().readAllBytes());
      synchronized (this) {
        requests.add(request);
        reply = route(request);
      }
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.sendResponseHeaders(
          reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
      exchange.getResponseBody().write(reply.body());
    }
  }

  private Reply route(Request r) throws IOException {
    String path = r.path();
    if (path.equals("/2015-03-31/functions") || path.equals("/2015-03-31/functions/")) {
      return r.method().equals("POST") ? create(r.json()) : list(r.query());
    }
    Matcher logs = LOGS.matcher(path);
    if (logs.matches()) {
      if (logPages.isEmpty() && logsEndWithNotFound) {
        return error(404, "ResourceNotFoundException", "Function not found: " + logs.group(1));
      }
      return Reply.json(
          200,
          logPages.isEmpty()
              ? Json.object().put("text", "").put("nextCursor", 0)
              : logPages.poll());
    }
    if (path.equals("/gust/v1/usage")) {
      return Reply.json(200, usage.deepCopy().put("since", r.query().get("since")));
    }
    if (path.equals(ROUTES) || path.startsWith(ROUTES + "/")) {
      return routesRoute(r);
    }
    if (path.equals("/gust/v1/schedules") && r.method().equals("GET")) {
      return Reply.json(200, Json.object().set("Schedules", Json.mapper().createArrayNode()));
    }
    if (path.equals(MAPPINGS) || path.startsWith(MAPPINGS + "/")) {
      return mappingsRoute(r);
    }
    Matcher url = FUNCTION_URL.matcher(path);
    if (url.matches()) {
      return urlRoute(r, URLDecoder.decode(url.group(1), StandardCharsets.UTF_8), url.group(2));
    }
    Matcher m = FUNCTION.matcher(path);
    if (!m.matches()) {
      return error(
          400, "InvalidRequestContentException", "no route for " + r.method() + " " + path);
    }
    String name = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    String sub = m.group(2) == null ? "" : m.group(2);
    if (!functions.containsKey(name)) {
      return error(
          404,
          "ResourceNotFoundException",
          "Function not found: arn:aws:lambda:local:000000000000:function:" + name);
    }
    ObjectNode config = functions.get(name);
    return switch (r.method() + " " + sub) {
      case "GET " -> Reply.json(200, fullFunction(config));
      case "DELETE " -> {
        if (!r.query().containsKey("Qualifier")) {
          functions.remove(name);
          routes.values().removeIf(route -> route.path("FunctionName").asText().equals(name));
          urls.keySet().removeIf(k -> k.equals(name) || k.startsWith(name + ":"));
        }
        yield new Reply(204, Map.of(), new byte[0]);
      }
      case "PUT /code" -> Reply.json(200, storeCode(config, r.json().path("ZipFile").asText()));
      case "PUT /configuration" -> Reply.json(200, config.setAll((ObjectNode) r.json()));
      case "POST /invocations" -> invokeHandler.apply(r);
      case "POST /versions" -> Reply.json(201, publish(name, config, r.json()));
      case "GET /versions" ->
          Reply.json(
              200, Json.object().set("Versions", array(versions.getOrDefault(name, List.of()))));
      default -> aliasRoute(r, name, sub, m.group(3));
    };
  }

  private Reply aliasRoute(Request r, String function, String sub, String alias)
      throws IOException {
    Map<String, ObjectNode> byName = aliases.computeIfAbsent(function, k -> new TreeMap<>());
    if (!sub.equals("/aliases")) {
      return error(
          400, "InvalidRequestContentException", "unsupported " + r.method() + " " + r.path());
    }
    if (alias == null) {
      if (r.method().equals("GET")) {
        return Reply.json(200, Json.object().set("Aliases", array(byName.values())));
      }
      ObjectNode created = (ObjectNode) r.json();
      byName.put(created.path("Name").asText(), created);
      return Reply.json(201, created);
    }
    if (!byName.containsKey(alias)) {
      return error(404, "ResourceNotFoundException", "Alias not found: " + alias);
    }
    return switch (r.method()) {
      case "GET" -> Reply.json(200, byName.get(alias));
      case "PUT" -> Reply.json(200, byName.get(alias).setAll((ObjectNode) r.json()));
      case "DELETE" -> {
        byName.remove(alias);
        yield new Reply(204, Map.of(), new byte[0]);
      }
      default -> error(405, "InvalidRequestContentException", "method " + r.method());
    };
  }

  private Reply routesRoute(Request r) throws IOException {
    if (r.path().equals(ROUTES)) {
      if (r.method().equals("GET")) {
        ObjectNode listing = Json.object().put("endpoint", GATEWAY);
        listing.set("routes", array(routes.values()));
        return Reply.json(200, listing);
      }
      ObjectNode body = (ObjectNode) r.json();
      String key = body.path("RouteKey").asText();
      String function = body.path("FunctionName").asText();
      if (!functions.containsKey(function)) {
        return error(404, "ResourceNotFoundException", "Function not found: " + function);
      }
      String qualifier = body.path("Qualifier").asText("");
      if (!qualifierExists(function, qualifier)) {
        return error(404, "ResourceNotFoundException", "Alias not found: " + qualifier);
      }
      if (routes.values().stream().anyMatch(x -> x.path("RouteKey").asText().equals(key))) {
        return error(409, "ResourceConflictException", "Route key '" + key + "' already exists.");
      }
      ObjectNode route = Json.object().put("RouteId", String.format("route%05d", nextId++));
      route.put("RouteKey", key).put("FunctionName", function);
      if (body.hasNonNull("Qualifier")) {
        route.put("Qualifier", body.path("Qualifier").asText());
      }
      route.put("PayloadFormatVersion", body.path("PayloadFormatVersion").asText("2.0"));
      route.put("TimeoutInMillis", body.path("TimeoutInMillis").asInt(30_000));
      if (body.hasNonNull("Cors")) {
        route.set("Cors", serverCors(body.path("Cors")));
      }
      route.put("CreatedDate", "2026-01-02T03:04:05Z");
      routes.put(route.path("RouteId").asText(), route);
      return Reply.json(201, route);
    }
    String idOrKey =
        URLDecoder.decode(r.path().substring(ROUTES.length() + 1), StandardCharsets.UTF_8);
    if (!r.method().equals("DELETE")) {
      return error(405, "InvalidRequestContentException", "method " + r.method());
    }
    boolean removed =
        routes
            .values()
            .removeIf(
                x ->
                    x.path("RouteId").asText().equals(idOrKey)
                        || x.path("RouteKey").asText().equals(idOrKey));
    return removed
        ? new Reply(204, Map.of(), new byte[0])
        : error(404, "ResourceNotFoundException", "No route '" + idOrKey + "'.");
  }

  private Reply mappingsRoute(Request r) throws IOException {
    if (r.path().equals(MAPPINGS)) {
      if (r.method().equals("GET")) {
        String function = r.query().getOrDefault("FunctionName", "");
        List<ObjectNode> mine = mappings.values().stream()
            .filter(m -> function.isEmpty() || m.path("FunctionArn").asText()
                .matches(Pattern.quote(ARN_PREFIX + function) + "(:.*)?"))
            .toList();
        return Reply.json(200, Json.object().set("EventSourceMappings", array(mine)));
      }
      ObjectNode mapping = Json.object().put("UUID", String.format("uuid-%04d", nextId++));
      mapping.put("EventSourceArn", r.json().path("EventSourceArn").asText());
      Reply problem = applyMapping(mapping, r.json());
      if (problem != null) {
        return problem;
      }
      mappings.put(mapping.path("UUID").asText(), mapping);
      return Reply.json(202, mapping.deepCopy().put("State", "Creating"));
    }
    String uuid = URLDecoder.decode(r.path().substring(MAPPINGS.length() + 1), StandardCharsets.UTF_8);
    ObjectNode mapping = mappings.get(uuid);
    if (mapping == null) {
      return error(404, "ResourceNotFoundException", "The resource you requested does not exist.");
    }
    return switch (r.method()) {
      case "GET" -> Reply.json(200, mapping);
      case "PUT" -> {
        Reply problem = applyMapping(mapping, r.json());
        yield problem != null ? problem : Reply.json(202, mapping.deepCopy().put("State", "Updating"));
      }
      case "DELETE" -> {
        mappings.remove(uuid);
        yield Reply.json(202, mapping.deepCopy().put("State", "Deleting"));
      }
      default -> error(405, "InvalidRequestContentException", "method " + r.method());
    };
  }

  /** Sets a mapping's fields from a Create or Update body, as the server answers them. */
  private Reply applyMapping(ObjectNode mapping, JsonNode body) {
    if (body.hasNonNull("FunctionName")) {
      String function = body.path("FunctionName").asText();
      if (!functions.containsKey(function.split(":")[0])) {
        return error(404, "ResourceNotFoundException", "Function not found: " + function);
      }
      mapping.put("FunctionArn", ARN_PREFIX + function);
    }
    if (body.has("Enabled")) {
      mapping.put("State", body.path("Enabled").asBoolean() ? "Enabled" : "Disabled");
    } else if (!mapping.has("State")) {
      mapping.put("State", "Enabled");
    }
    mapping.put("BatchSize", body.path("BatchSize").asInt(mapping.path("BatchSize").asInt(10)));
    mapping.put("MaximumBatchingWindowInSeconds", body.path("MaximumBatchingWindowInSeconds")
        .asInt(mapping.path("MaximumBatchingWindowInSeconds").asInt(0)));
    if (body.has("FunctionResponseTypes")) {
      mapping.set("FunctionResponseTypes", body.get("FunctionResponseTypes"));
    } else if (!mapping.has("FunctionResponseTypes")) {
      mapping.putArray("FunctionResponseTypes");
    }
    if (body.has("ScalingConfig")) {
      if (body.path("ScalingConfig").has("MaximumConcurrency")) {
        mapping.set("ScalingConfig", body.get("ScalingConfig"));
      } else {
        mapping.remove("ScalingConfig");
      }
    }
    if (body.has("FilterCriteria")) {
      if (body.path("FilterCriteria").path("Filters").isEmpty()) {
        mapping.remove("FilterCriteria");
      } else {
        mapping.set("FilterCriteria", body.get("FilterCriteria"));
      }
    }
    return null;
  }

  private Reply urlRoute(Request r, String name, String kind) throws IOException {
    if (!functions.containsKey(name)) {
      return error(404, "ResourceNotFoundException", "Function not found: " + ARN_PREFIX + name);
    }
    if (kind.equals("urls")) {
      List<ObjectNode> mine =
          urls.entrySet().stream()
              .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + ":"))
              .map(Map.Entry::getValue)
              .toList();
      return Reply.json(200, Json.object().set("FunctionUrlConfigs", array(mine)));
    }
    String qualifier = r.query().getOrDefault("Qualifier", "");
    String key = qualifier.isEmpty() ? name : name + ":" + qualifier;
    ObjectNode existing = urls.get(key);
    if (r.method().equals("POST")) {
      if (!qualifierExists(name, qualifier)) {
        return error(404, "ResourceNotFoundException", "Alias not found: " + qualifier);
      }
      if (existing != null) {
        return error(
            409,
            "ResourceConflictException",
            "Failed to create function url config for [functionArn = "
                + ARN_PREFIX
                + key
                + "]. Error message:  FunctionUrlConfig exists for this Lambda function");
      }
      JsonNode body = r.json();
      ObjectNode url =
          Json.object()
              .put(
                  "FunctionUrl",
                  "http://127.0.0.1:9000/lambda-url/" + String.format("%032d", nextId++) + "/")
              .put("FunctionArn", ARN_PREFIX + key)
              .put("AuthType", body.path("AuthType").asText())
              .put("InvokeMode", body.path("InvokeMode").asText("BUFFERED"))
              .put("CreationTime", "2026-01-02T03:04:05.000Z")
              .put("LastModifiedTime", "2026-01-02T03:04:05.000Z");
      if (body.hasNonNull("Cors")) {
        url.set("Cors", serverCors(body.path("Cors")));
      }
      urls.put(key, url);
      ObjectNode created = url.deepCopy();
      created.remove("LastModifiedTime");
      return Reply.json(201, created);
    }
    if (existing == null) {
      return error(
          404,
          "ResourceNotFoundException",
          "The resource you requested does not exist. (Function URL for " + ARN_PREFIX + key + ")");
    }
    return switch (r.method()) {
      case "GET" -> Reply.json(200, existing);
      case "PUT" -> {
        JsonNode body = r.json();
        for (String field : List.of("AuthType", "InvokeMode")) {
          if (body.hasNonNull(field)) {
            existing.put(field, body.path(field).asText());
          }
        }
        if (body.has("Cors")) {
          if (body.path("Cors").isNull()) {
            existing.remove("Cors");
          } else {
            existing.set("Cors", serverCors(body.path("Cors")));
          }
        }
        existing.put("LastModifiedTime", "2026-01-03T00:00:00.000Z");
        yield Reply.json(200, existing);
      }
      case "DELETE" -> {
        urls.remove(key);
        yield new Reply(204, Map.of(), new byte[0]);
      }
      default -> error(405, "InvalidRequestContentException", "method " + r.method());
    };
  }

  /** Empty, $LATEST, an alias or a published version number. */
  private boolean qualifierExists(String function, String qualifier) {
    return qualifier.isEmpty()
        || qualifier.equals("$LATEST")
        || aliases.getOrDefault(function, Map.of()).containsKey(qualifier)
        || versions.getOrDefault(function, List.of()).stream()
            .anyMatch(v -> v.path("Version").asText().equals(qualifier));
  }

  /** A function's configuration as tests seed it. */
  static ObjectNode functionConfig(String name) {
    return Json.object()
        .put("FunctionName", name)
        .put("Runtime", "python3.12")
        .put("MemorySize", 128)
        .put("Timeout", 3)
        .put("LastModified", "2026-01-02T03:04:05.000+0000");
  }

  /** Lambda's Cors as the server answers it: every field present, defaults filled in. */
  static ObjectNode serverCors(JsonNode cors) {
    ObjectNode out = Json.object();
    out.put("AllowCredentials", cors.path("AllowCredentials").asBoolean(false));
    for (String field : List.of("AllowHeaders", "AllowMethods", "AllowOrigins", "ExposeHeaders")) {
      ArrayNode values = out.putArray(field);
      cors.path(field).forEach(values::add);
    }
    out.put("MaxAge", cors.path("MaxAge").asInt(0));
    return out;
  }

  private Reply create(JsonNode body) {
    String name = body.path("FunctionName").asText();
    if (functions.containsKey(name)) {
      return error(409, "ResourceConflictException", "Function already exist: " + name);
    }
    ObjectNode config = ((ObjectNode) body.deepCopy());
    config.remove(List.of("Code", "Publish"));
    config.put("Version", "$LATEST").put("LastModified", "2026-01-02T03:04:05.000+0000")
        .put("FunctionArn", ARN_PREFIX + name);
    functions.put(name, config);
    storeCode(config, body.path("Code").path("ZipFile").asText());
    if (body.path("Publish").asBoolean()) {
      return Reply.json(201, publish(name, config, Json.object()));
    }
    return Reply.json(201, config);
  }

  private ObjectNode storeCode(ObjectNode config, String zipBase64) {
    byte[] zip = Base64.getDecoder().decode(zipBase64);
    code.put(config.path("FunctionName").asText(), zip);
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(zip);
      return config
          .put("CodeSha256", Base64.getEncoder().encodeToString(sha))
          .put("CodeSize", zip.length);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private ObjectNode publish(String name, ObjectNode config, JsonNode request) {
    List<ObjectNode> list = versions.computeIfAbsent(name, k -> new ArrayList<>());
    ObjectNode version = config.deepCopy().put("Version", String.valueOf(list.size() + 1));
    version.put("Description", request.path("Description").asText(""));
    list.add(version);
    return version;
  }

  private Reply list(Map<String, String> query) {
    int max = Integer.parseInt(query.getOrDefault("MaxItems", "50"));
    int from = Integer.parseInt(query.getOrDefault("Marker", "0"));
    List<ObjectNode> all = new ArrayList<>(functions.values());
    int to = Math.min(all.size(), from + Math.min(max, pageSize));
    ObjectNode page = Json.object().set("Functions", array(all.subList(from, to)));
    if (to < all.size()) {
      page.put("NextMarker", String.valueOf(to));
    }
    return Reply.json(200, page);
  }

  private static ObjectNode fullFunction(ObjectNode config) {
    ObjectNode full = Json.object();
    full.set("Configuration", config);
    full.putObject("Code").put("RepositoryType", "S3");
    return full;
  }

  private static ArrayNode array(Iterable<ObjectNode> items) {
    ArrayNode array = Json.mapper().createArrayNode();
    items.forEach(array::add);
    return array;
  }

  static Reply error(int status, String type, String message) {
    return new Reply(
        status,
        Map.of("x-amzn-ErrorType", type, "Content-Type", "application/json"),
        Json.bytes(Json.object().put("Type", "User").put("message", message)));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String[] kv = pair.split("=", 2);
        query.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    return query;
  }
}

package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operations of Gust's public API that the CLI uses: Lambda's control plane, function URLs and
 * Invoke, plus Gust's own logs, usage and HTTP API routes endpoints. Answers are returned as JSON
 * trees in Lambda's field names.
 */
final class GustClient {
  static final String FUNCTIONS = "/2015-03-31/functions";

  /** Function URL operations live under Lambda's later API version. */
  static final String URL_FUNCTIONS = "/2021-10-31/functions";

  static final String ROUTES = "/gust/v1/routes";
  static final String EVENT_SOURCE_MAPPINGS = "/2015-03-31/event-source-mappings";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(10);

  /** Longer than Lambda's 900 s maximum function timeout. */
  private static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(960);

  private static final int PAGE_SIZE = 50;

  private final RestClient rest;

  GustClient(RestClient rest) {
    this.rest = rest;
  }

  String endpoint() {
    return rest.endpoint();
  }

  JsonNode getFunction(String name) throws Exception {
    return get(function(name));
  }

  /** CreateFunction with the code in {@code Code.ZipFile}; {@code fields} holds everything else. */
  JsonNode createFunction(ObjectNode fields, Path zip, ZipUploadBody.Listener progress)
      throws Exception {
    RestClient.Body body = ZipUploadBody.nested("Code", fields, zip, progress);
    return rest.send("POST", FUNCTIONS, Map.of(), body, UPLOAD_TIMEOUT).json();
  }

  JsonNode updateFunctionCode(
      String name, Path zip, boolean publish, ZipUploadBody.Listener progress) throws Exception {
    ObjectNode fields = Json.object().put("Publish", publish);
    RestClient.Body body = ZipUploadBody.flat(fields, zip, progress);
    return rest.send("PUT", function(name) + "/code", Map.of(), body, UPLOAD_TIMEOUT).json();
  }

  JsonNode updateFunctionConfiguration(String name, ObjectNode settings) throws Exception {
    return send("PUT", function(name) + "/configuration", settings);
  }

  /** One page of ListFunctions. */
  JsonNode listFunctions(String marker) throws Exception {
    return get(FUNCTIONS + "/?" + page(marker));
  }

  void deleteFunction(String name, String qualifier) throws Exception {
    String query = qualifier.isEmpty() ? "" : "?" + query("Qualifier", qualifier);
    delete(function(name) + query);
  }

  /** Invoke; the caller reads the status, headers and payload of the raw response. */
  RestClient.Response invoke(
      String name, String qualifier, String invocationType, boolean tail, byte[] payload)
      throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Amz-Invocation-Type", invocationType);
    if (tail) {
      headers.put("X-Amz-Log-Type", "Tail");
    }
    String query = qualifier.isEmpty() ? "" : "?" + query("Qualifier", qualifier);
    RestClient.Body body = RestClient.Body.of(payload, "application/json");
    return rest.send(
        "POST", function(name) + "/invocations" + query, headers, body, INVOKE_TIMEOUT);
  }

  /** PublishVersion; a non-empty {@code codeSha256} makes it fail if the code changed since. */
  JsonNode publishVersion(String name, String description, String codeSha256) throws Exception {
    ObjectNode request = Json.object();
    if (!description.isEmpty()) {
      request.put("Description", description);
    }
    if (!codeSha256.isEmpty()) {
      request.put("CodeSha256", codeSha256);
    }
    return send("POST", function(name) + "/versions", request);
  }

  List<JsonNode> listVersions(String name) throws Exception {
    return allPages(function(name) + "/versions", "Versions");
  }

  List<JsonNode> listAliases(String name) throws Exception {
    return allPages(function(name) + "/aliases", "Aliases");
  }

  JsonNode getAlias(String name, String alias) throws Exception {
    return get(function(name) + "/aliases/" + segment(alias));
  }

  JsonNode createAlias(String name, ObjectNode request) throws Exception {
    return send("POST", function(name) + "/aliases", request);
  }

  JsonNode updateAlias(String name, String alias, ObjectNode request) throws Exception {
    return send("PUT", function(name) + "/aliases/" + segment(alias), request);
  }

  void deleteAlias(String name, String alias) throws Exception {
    rest.send(
        "DELETE", function(name) + "/aliases/" + segment(alias), Map.of(), null, REQUEST_TIMEOUT);
  }

  /** Gust's log endpoint: text after {@code cursor} (-1 for the recent tail), long-polling. */
  JsonNode logs(String name, long cursor, int waitSeconds) throws Exception {
    String path =
        "/gust/v1/functions/" + segment(name) + "/logs?cursor=" + cursor + "&wait=" + waitSeconds;
    return rest.send("GET", path, Map.of(), null, REQUEST_TIMEOUT.plusSeconds(waitSeconds)).json();
  }

  JsonNode usage(Instant since) throws Exception {
    return get("/gust/v1/usage?" + query("since", since.toString()));
  }

  /** Every route: {@code {"endpoint": ..., "routes": [...]}}. */
  JsonNode listRoutes() throws Exception {
    return get(ROUTES);
  }

  JsonNode createRoute(ObjectNode request) throws Exception {
    return send("POST", ROUTES, request);
  }

  /** Deletes a route by its RouteId (or its route key, URL-encoded). */
  void deleteRoute(String idOrKey) throws Exception {
    delete(ROUTES + "/" + segment(idOrKey));
  }

  /** A function's asynchronous invocations; {@code status} may be null for all. */
  JsonNode invocations(String name, String status, int limit) throws Exception {
    String path = "/gust/v1/functions/" + segment(name) + "/invocations?" + query("limit", Integer.toString(limit));
    return get(status == null ? path : path + "&" + query("status", status));
  }

  /** Redrives one failed invocation, or all of a function's when {@code requestId} is null. */
  JsonNode redrive(String name, String requestId) throws Exception {
    ObjectNode body = Json.object();
    if (requestId != null) {
      body.put("RequestId", requestId);
    }
    return send("POST", "/gust/v1/functions/" + segment(name) + "/invocations/redrive", body);
  }

  /** PutFunctionEventInvokeConfig of the unqualified function. */
  JsonNode putEventInvokeConfig(String name, ObjectNode request) throws Exception {
    return send("PUT", "/2019-09-25/functions/" + segment(name) + "/event-invoke-config", request);
  }

  JsonNode listSchedules() throws Exception {
    return get("/gust/v1/schedules");
  }

  JsonNode createSchedule(ObjectNode request) throws Exception {
    return send("POST", "/gust/v1/schedules", request);
  }

  void deleteSchedule(String name) throws Exception {
    delete("/gust/v1/schedules/" + segment(name));
  }

  JsonNode listUsagePlans() throws Exception {
    return get("/gust/v1/usage-plans");
  }

  JsonNode createUsagePlan(ObjectNode request) throws Exception {
    return send("POST", "/gust/v1/usage-plans", request);
  }

  void deleteUsagePlan(String idOrName) throws Exception {
    delete("/gust/v1/usage-plans/" + segment(idOrName));
  }

  JsonNode listApiKeys() throws Exception {
    return get("/gust/v1/api-keys");
  }

  JsonNode createApiKey(ObjectNode request) throws Exception {
    return send("POST", "/gust/v1/api-keys", request);
  }

  void deleteApiKey(String idOrName) throws Exception {
    delete("/gust/v1/api-keys/" + segment(idOrName));
  }

  JsonNode createFunctionUrl(String name, String qualifier, ObjectNode request) throws Exception {
    return send("POST", functionUrl(name, qualifier), request);
  }

  JsonNode getFunctionUrl(String name, String qualifier) throws Exception {
    return get(functionUrl(name, qualifier));
  }

  JsonNode updateFunctionUrl(String name, String qualifier, ObjectNode request) throws Exception {
    return send("PUT", functionUrl(name, qualifier), request);
  }

  void deleteFunctionUrl(String name, String qualifier) throws Exception {
    delete(functionUrl(name, qualifier));
  }

  /** ListFunctionUrlConfigs: the URLs of the function and of each of its aliases. */
  List<JsonNode> listFunctionUrls(String name) throws Exception {
    return allPages(URL_FUNCTIONS + "/" + segment(name) + "/urls", "FunctionUrlConfigs");
  }

  /** ListEventSourceMappings of one function, every page. */
  List<JsonNode> listEventSourceMappings(String function) throws Exception {
    List<JsonNode> items = new ArrayList<>();
    String marker = "";
    do {
      JsonNode page = get(EVENT_SOURCE_MAPPINGS + "?" + query("FunctionName", function) + "&"
          + page(marker));
      page.path("EventSourceMappings").forEach(items::add);
      marker = Json.text(page, "NextMarker", "");
    } while (!marker.isEmpty());
    return items;
  }

  JsonNode createEventSourceMapping(ObjectNode request) throws Exception {
    return send("POST", EVENT_SOURCE_MAPPINGS, request);
  }

  JsonNode updateEventSourceMapping(String uuid, ObjectNode request) throws Exception {
    return send("PUT", EVENT_SOURCE_MAPPINGS + "/" + segment(uuid), request);
  }

  void deleteEventSourceMapping(String uuid) throws Exception {
    delete(EVENT_SOURCE_MAPPINGS + "/" + segment(uuid));
  }

  private static String functionUrl(String name, String qualifier) {
    String path = URL_FUNCTIONS + "/" + segment(name) + "/url";
    return qualifier.isEmpty() ? path : path + "?" + query("Qualifier", qualifier);
  }

  private List<JsonNode> allPages(String path, String field) throws Exception {
    List<JsonNode> items = new ArrayList<>();
    String marker = "";
    do {
      JsonNode page = get(path + "?" + page(marker));
      page.path(field).forEach(items::add);
      marker = Json.text(page, "NextMarker", "");
    } while (!marker.isEmpty());
    return items;
  }

  private void delete(String path) throws Exception {
    rest.send("DELETE", path, Map.of(), null, REQUEST_TIMEOUT);
  }

  private JsonNode get(String path) throws Exception {
    return rest.send("GET", path, Map.of(), null, REQUEST_TIMEOUT).json();
  }

  private JsonNode send(String method, String path, JsonNode request) throws Exception {
    return rest.send(method, path, Map.of(), RestClient.Body.json(request), REQUEST_TIMEOUT).json();
  }

  private static String page(String marker) {
    String size = "MaxItems=" + PAGE_SIZE;
    return marker.isEmpty() ? size : query("Marker", marker) + "&" + size;
  }

  static String function(String name) {
    return FUNCTIONS + "/" + segment(name);
  }

  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String query(String key, String value) {
    return key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

package dev.gust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** gust routes ls|add|rm and gust url create|get|rm against the fake server. */
class RoutesAndUrlCommandsTest {
  private final FakeLambdaServer server = new FakeLambdaServer();

  RoutesAndUrlCommandsTest() throws Exception {
    server.functions.put("hello", FakeLambdaServer.functionConfig("hello"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void routesAddSendsTheSettingsAndPrintsTheUrlPattern() throws Exception {
    alias("hello", "live");

    CliRun run =
        routes(
            "add",
            "GET /items/{id}",
            "hello",
            "--qualifier",
            "live",
            "--payload",
            "1.0",
            "--timeout-ms",
            "5000",
            "--cors-origin",
            "https://example.com",
            "--cors-method",
            "get",
            "--cors-header",
            "Content-Type");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        "created route GET /items/{id} -> hello:live\n"
            + "  GET http://127.0.0.1:9001/items/{id}\n",
        run.out());
    assertEquals(List.of("GET /gust/v1/routes", "POST /gust/v1/routes"), server.calls());
    JsonNode sent = server.requests.get(1).json();
    assertEquals("live", sent.path("Qualifier").asText());
    assertEquals("1.0", sent.path("PayloadFormatVersion").asText());
    assertEquals(5000, sent.path("TimeoutInMillis").asInt());
    assertEquals(
        "{\"AllowOrigins\":[\"https://example.com\"],\"AllowMethods\":[\"GET\"],"
            + "\"AllowHeaders\":[\"Content-Type\"]}",
        sent.path("Cors").toString());
  }

  @Test
  void routesAddOfTheDefaultRouteUsesTheDefaults() throws Exception {
    CliRun run = routes("add", "$default", "hello");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        "created route $default -> hello\n  ANY http://127.0.0.1:9001/* ($default)\n", run.out());
    JsonNode sent = server.requests.get(1).json();
    assertEquals("2.0", sent.path("PayloadFormatVersion").asText());
    assertEquals(30_000, sent.path("TimeoutInMillis").asInt());
    assertFalse(sent.has("Qualifier") || sent.has("Cors"));
  }

  @Test
  void routesAddSendsTheProtectionWithKeyAndThrottleMergedIn() throws Exception {
    CliRun run = routes("add", "POST /hooks", "hello", "--protection",
        "{\"Webhook\":{\"Scheme\":\"github\",\"Secret\":\"s3cret\"}}", "--api-key-required",
        "--throttle", "2.5/10");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        "{\"Webhook\":{\"Scheme\":\"github\",\"Secret\":\"s3cret\"},\"ApiKeyRequired\":true,"
            + "\"Throttle\":{\"RateLimit\":2.5,\"BurstLimit\":10}}",
        server.requests.get(1).json().path("Protection").toString());
    CliRun bad = routes("add", "GET /x", "hello", "--throttle", "fast");
    assertEquals(1, bad.exitCode());
    assertTrue(bad.err().contains("--throttle must be RATE/BURST"), bad.err());
  }

  @Test
  void routesAddOfATakenKeyNamesItsFunction() {
    server.functions.put("other", FakeLambdaServer.functionConfig("other"));
    assertEquals(0, routes("add", "POST /items", "other").exitCode());
    server.requests.clear();

    CliRun run = routes("add", "POST /items", "hello");

    assertEquals(1, run.exitCode());
    assertEquals(
        "error: route 'POST /items' already exists and invokes other; remove it first with:"
            + " gust routes rm 'POST /items'\n",
        run.err());
    assertEquals(List.of("GET /gust/v1/routes"), server.calls());
  }

  @Test
  void routesAddRefusesBadSettingsAsUsageErrors() {
    CliRun key = routes("add", "GET items", "hello");
    assertEquals(2, key.exitCode());
    assertTrue(
        key.err().startsWith("route key 'GET items' is invalid: the path must start with /"),
        key.err());
    CliRun payload = routes("add", "GET /a", "hello", "--payload", "3");
    assertEquals(2, payload.exitCode());
    assertTrue(payload.err().contains("must be 2.0 or 1.0, got '3'"), payload.err());
    CliRun timeout = routes("add", "GET /a", "hello", "--timeout-ms", "40000");
    assertEquals(2, timeout.exitCode());
    assertTrue(timeout.err().contains("from 50 to 30000 ms, got 40000"), timeout.err());
    CliRun cors = routes("add", "GET /a", "hello", "--cors-method", "GET");
    assertEquals(2, cors.exitCode());
    assertTrue(cors.err().contains("need at least one --cors-origin"), cors.err());
    assertTrue(server.requests.isEmpty());
  }

  @Test
  void routesAddForAMissingFunctionReportsTheServersError() {
    CliRun run = routes("add", "GET /a", "ghost");
    assertEquals(1, run.exitCode());
    assertEquals("error: ResourceNotFoundException: Function not found: ghost\n", run.err());
  }

  @Test
  void routesLsShowsTheEndpointAndATable() {
    alias("hello", "live");
    routes("add", "GET /items/{id}", "hello", "-q", "live");
    routes("add", "$default", "hello", "--payload", "1.0", "--timeout-ms", "500");

    CliRun run = routes("ls");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        List.of(
            "endpoint http://127.0.0.1:9001",
            "ROUTE KEY        FUNCTION  QUALIFIER  PAYLOAD   TIMEOUT  PROTECTION",
            "GET /items/{id}  hello     live       2.0      30000 ms  -",
            "$default         hello     -          1.0        500 ms  -"),
        run.out().lines().toList());
  }

  @Test
  void routesRmTakesARouteKeyOrAnId() {
    routes("add", "GET /a", "hello");
    routes("add", "GET /b", "hello");
    String idOfB = server.routes.keySet().stream().skip(1).findFirst().orElseThrow();
    server.requests.clear();

    CliRun byKey = routes("rm", "GET /a");
    assertEquals(0, byKey.exitCode(), byKey.err());
    assertEquals("deleted route GET /a -> hello\n", byKey.out());
    CliRun byId = routes("rm", idOfB);
    assertEquals("deleted route GET /b -> hello\n", byId.out());

    assertTrue(server.routes.isEmpty());
    assertTrue(
        server.calls().contains("DELETE /gust/v1/routes/" + idOfB), server.calls().toString());
  }

  @Test
  void routesRmOfAnUnknownRouteSaysHowToListThem() {
    CliRun run = routes("rm", "GET /nope");
    assertEquals(1, run.exitCode());
    assertEquals("error: no route 'GET /nope'; gust routes ls lists them\n", run.err());
  }

  @Test
  void urlCreatePrintsTheFunctionUrlOnly() throws Exception {
    CliRun run = url("create", "hello", "--auth", "aws_iam", "--stream", "--cors-origin", "*");

    assertEquals(0, run.exitCode(), run.err());
    String url = server.urls.get("hello").path("FunctionUrl").asText();
    assertEquals(url + "\n", run.out());
    assertTrue(url.matches("http://127\\.0\\.0\\.1:9000/lambda-url/[0-9a-z]{32}/"), url);
    assertEquals(List.of("POST /2021-10-31/functions/hello/url"), server.calls());
    JsonNode sent = server.requests.get(0).json();
    assertEquals("AWS_IAM", sent.path("AuthType").asText());
    assertEquals("RESPONSE_STREAM", sent.path("InvokeMode").asText());
    assertEquals("*", sent.path("Cors").path("AllowOrigins").path(0).asText());
  }

  @Test
  void urlCreateDefaultsToNoAuthAndBufferedAndTakesAnAlias() throws Exception {
    alias("hello", "live");
    CliRun run = url("create", "hello", "-q", "live");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("live", server.requests.get(0).query().get("Qualifier"));
    assertEquals(
        "{\"AuthType\":\"NONE\",\"InvokeMode\":\"BUFFERED\"}",
        server.requests.get(0).json().toString());
  }

  @Test
  void urlCreateTwiceReportsTheConflict() {
    url("create", "hello");
    CliRun run = url("create", "hello");
    assertEquals(1, run.exitCode());
    assertTrue(
        run.err()
            .startsWith("error: ResourceConflictException: Failed to create function url config"),
        run.err());
  }

  @Test
  void urlCreateRefusesAVersionAndAnUnknownAuthType() {
    CliRun version = url("create", "hello", "-q", "3");
    assertEquals(2, version.exitCode());
    assertTrue(version.err().contains("not at version 3; create an alias"), version.err());
    CliRun auth = url("create", "hello", "--auth", "basic");
    assertEquals(2, auth.exitCode());
    assertTrue(auth.err().contains("NONE, AWS_IAM"), auth.err());
    assertTrue(server.requests.isEmpty());
  }

  @Test
  void urlGetShowsTheSettings() {
    url("create", "hello", "--cors-origin", "*", "--cors-method", "GET", "--cors-method", "POST");
    String url = server.urls.get("hello").path("FunctionUrl").asText();

    CliRun run = url("get", "hello");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        List.of(
            "url       " + url,
            "function  arn:aws:lambda:local:000000000000:function:hello",
            "auth      NONE",
            "mode      BUFFERED",
            "cors      origins *; methods GET, POST; headers -",
            "created   2026-01-02 03:04:05",
            "modified  2026-01-02 03:04:05"),
        run.out().lines().toList());
  }

  @Test
  void urlRmDeletesItAndGetThenFails() {
    url("create", "hello");
    CliRun rm = url("rm", "hello");
    assertEquals(0, rm.exitCode(), rm.err());
    assertEquals("deleted the URL of hello\n", rm.out());
    assertTrue(server.urls.isEmpty());

    CliRun get = url("get", "hello");
    assertEquals(1, get.exitCode());
    assertTrue(
        get.err().startsWith("error: ResourceNotFoundException: The resource you requested"),
        get.err());
  }

  private CliRun routes(String... args) {
    return CliRun.run(server.endpoint(), prepend("routes", args));
  }

  private CliRun url(String... args) {
    return CliRun.run(server.endpoint(), prepend("url", args));
  }

  private static String[] prepend(String command, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = command;
    System.arraycopy(args, 0, all, 1, args.length);
    return all;
  }

  private void alias(String function, String alias) {
    server.aliases.computeIfAbsent(function, k -> new TreeMap<>()).put(alias, Json.object());
  }
}

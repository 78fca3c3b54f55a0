package dev.gust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gust deploy with events: routes and function URLs reconciled against the fake server. */
class DeployEventsTest {
  private static final String ROUTES = "/gust/v1/routes";
  private static final String URL = "/2021-10-31/functions/hello/url";

  private final FakeLambdaServer server = new FakeLambdaServer();
  @TempDir Path dir;

  DeployEventsTest() throws Exception {}

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void firstDeployCreatesTheFunctionThenItsRoutesAndUrl() throws Exception {
    Path fn =
        function(
            """
            runtime: python3.12
            events:
              - http:
                  method: GET
                  path: /items/{id}
                  cors: {origins: ["*"], methods: [GET]}
              - http:
                  path: $default
                  payload: "1.0"
              - url:
                  auth: NONE
            """);

    CliRun run = deploy(fn);

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        List.of(
            "GET /2015-03-31/functions/hello",
            "GET " + ROUTES,
            "GET /gust/v1/schedules",
            "POST /2015-03-31/functions",
            "POST " + ROUTES,
            "POST " + ROUTES,
            "POST " + URL),
        server.calls());
    JsonNode first = server.requests.get(4).json();
    assertEquals("GET /items/{id}", first.path("RouteKey").asText());
    assertEquals("hello", first.path("FunctionName").asText());
    assertEquals("*", first.path("Cors").path("AllowOrigins").path(0).asText());
    assertEquals("1.0", server.requests.get(5).json().path("PayloadFormatVersion").asText());
    assertEquals("NONE", server.requests.get(6).json().path("AuthType").asText());
    String url = server.urls.get("hello").path("FunctionUrl").asText();
    assertTrue(
        run.out()
            .endsWith(
                "  route     GET http://127.0.0.1:9001/items/{id} (created)\n"
                    + "  route     ANY http://127.0.0.1:9001/* ($default) (created)\n"
                    + "  url       "
                    + url
                    + " (created)\n"),
        run.out());
    assertTrue(run.out().startsWith("created hello\n"), run.out());
  }

  @Test
  void redeployKeepsUnchangedRoutesReplacesChangedOnesAndDeletesStaleOnes() throws Exception {
    Path fn =
        function(
            """
            runtime: python3.12
            events:
              - http: {method: GET, path: /keep}
              - http: {method: GET, path: /change}
              - http: {method: GET, path: /drop}
            """);
    assertEquals(0, deploy(fn).exitCode());
    server.aliases.computeIfAbsent("hello", k -> new TreeMap<>()).put("live", Json.object());
    addFunction("other");
    assertEquals(
        0, CliRun.run(server.endpoint(), "routes", "add", "GET /theirs", "other").exitCode());
    String keptId = routeId("GET /keep");
    String changedId = routeId("GET /change");
    String droppedId = routeId("GET /drop");
    server.requests.clear();

    Files.writeString(
        fn.resolve("gust.yaml"),
        """
        runtime: python3.12
        events:
          - http: {method: GET, path: /keep}
          - http: {method: GET, path: /change, timeoutMs: 1000, qualifier: live}
          - http: {method: POST, path: /new}
        """);
    CliRun run = deploy(fn);

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        List.of(
            "GET /2015-03-31/functions/hello",
            "GET " + ROUTES,
            "GET /2021-10-31/functions/hello/urls",
            "GET /2015-03-31/event-source-mappings",
            "GET /gust/v1/schedules",
            "PUT /2015-03-31/functions/hello/code",
            "PUT /2015-03-31/functions/hello/configuration",
            "DELETE " + ROUTES + "/" + changedId,
            "POST " + ROUTES,
            "POST " + ROUTES,
            "DELETE " + ROUTES + "/" + droppedId),
        server.calls());
    assertEquals(keptId, routeId("GET /keep"));
    JsonNode changed = server.routes.get(routeId("GET /change"));
    assertEquals(1000, changed.path("TimeoutInMillis").asInt());
    assertEquals("live", changed.path("Qualifier").asText());
    assertEquals(
        List.of("GET /keep", "GET /theirs", "GET /change", "POST /new"),
        server.routes.values().stream().map(r -> r.path("RouteKey").asText()).toList());
    assertTrue(
        run.out()
            .endsWith(
                "  route     GET http://127.0.0.1:9001/keep (unchanged)\n"
                    + "  route     GET http://127.0.0.1:9001/change -> hello:live (replaced)\n"
                    + "  route     POST http://127.0.0.1:9001/new (created)\n"
                    + "  route     GET http://127.0.0.1:9001/drop (deleted)\n"),
        run.out());
  }

  @Test
  void routeKeyOfAnotherFunctionFailsTheDeployBeforeBuilding() throws Exception {
    addFunction("other");
    assertEquals(
        0, CliRun.run(server.endpoint(), "routes", "add", "GET /items/{id}", "other").exitCode());
    server.requests.clear();
    Path fn =
        function(
            """
            runtime: python3.12
            build: touch built
            events:
              - http: {method: GET, path: '/items/{id}'}
            """);

    CliRun run = deploy(fn);

    assertEquals(1, run.exitCode());
    assertEquals(
        "error: route 'GET /items/{id}' belongs to function 'other'; remove it there first (gust"
            + " routes rm 'GET /items/{id}') or change the path in gust.yaml\n",
        run.err());
    assertEquals(List.of("GET /2015-03-31/functions/hello", "GET " + ROUTES), server.calls());
    assertFalse(Files.exists(fn.resolve("built")));
    assertFalse(server.functions.containsKey("hello"));
  }

  @Test
  void everyTakenRouteKeyIsNamed() throws Exception {
    addFunction("a");
    addFunction("b");
    CliRun.run(server.endpoint(), "routes", "add", "GET /x", "a");
    CliRun.run(server.endpoint(), "routes", "add", "GET /y", "b");
    Path fn =
        function(
            "runtime: java21\nevents:\n  - http: {method: GET, path: /x}\n"
                + "  - http: {method: GET, path: /y}\n");

    CliRun run = deploy(fn);

    assertEquals(1, run.exitCode());
    assertTrue(
        run.err()
            .startsWith(
                "error: routes 'GET /x' (function 'a'), 'GET /y' (function 'b') belong to other"
                    + " functions"),
        run.err());
  }

  @Test
  void functionUrlIsUpdatedWhenItsSettingsChangeAndDeletedWhenUnlisted() throws Exception {
    Path fn = function("runtime: python3.12\nevents:\n  - url: {}\n");
    assertEquals(0, deploy(fn).exitCode());
    String url = server.urls.get("hello").path("FunctionUrl").asText();

    server.requests.clear();
    CliRun same = deploy(fn);
    assertEquals(0, same.exitCode(), same.err());
    assertFalse(server.calls().contains("PUT " + URL), server.calls().toString());
    assertTrue(same.out().endsWith("  url       " + url + " (unchanged)\n"), same.out());

    Files.writeString(
        fn.resolve("gust.yaml"),
        "runtime: python3.12\nevents:\n"
            + "  - url: {auth: AWS_IAM, stream: true, cors: {origins: ['https://a.example']}}\n");
    server.requests.clear();
    CliRun updated = deploy(fn);
    assertEquals(0, updated.exitCode(), updated.err());
    assertEquals("PUT " + URL, server.calls().getLast());
    JsonNode sent = server.requests.getLast().json();
    assertEquals("AWS_IAM", sent.path("AuthType").asText());
    assertEquals("RESPONSE_STREAM", sent.path("InvokeMode").asText());
    assertEquals("https://a.example", sent.path("Cors").path("AllowOrigins").path(0).asText());
    assertTrue(updated.out().endsWith("  url       " + url + " (updated)\n"), updated.out());

    Files.writeString(fn.resolve("gust.yaml"), "runtime: python3.12\nevents:\n  - url: {}\n");
    server.requests.clear();
    assertEquals(0, deploy(fn).exitCode());
    assertTrue(server.requests.getLast().json().path("Cors").isNull());
    assertFalse(server.urls.get("hello").has("Cors"));

    Files.writeString(fn.resolve("gust.yaml"), "runtime: python3.12\nevents: []\n");
    server.requests.clear();
    CliRun deleted = deploy(fn);
    assertEquals(0, deleted.exitCode(), deleted.err());
    assertEquals("DELETE " + URL, server.calls().getLast());
    assertTrue(server.urls.isEmpty());
    assertTrue(deleted.out().endsWith("  url       " + url + " (deleted)\n"), deleted.out());
  }

  @Test
  void urlsOfAliasesAreReconciledByQualifier() throws Exception {
    Path fn = function("runtime: python3.12\nevents:\n  - url: {}\n");
    assertEquals(0, deploy(fn).exitCode());
    server.aliases.computeIfAbsent("hello", k -> new TreeMap<>()).put("live", Json.object());
    assertEquals(
        0, CliRun.run(server.endpoint(), "url", "create", "hello", "-q", "live").exitCode());

    Files.writeString(
        fn.resolve("gust.yaml"), "runtime: python3.12\nevents:\n  - url: {qualifier: live}\n");
    server.requests.clear();
    CliRun run = deploy(fn);

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("DELETE " + URL, server.calls().getLast());
    assertEquals(List.of("hello:live"), List.copyOf(server.urls.keySet()));
    assertTrue(run.out().contains(" -> hello:live (unchanged)\n"), run.out());
  }

  @Test
  void withoutEventsTheRoutesAndUrlsAreLeftAlone() throws Exception {
    Path fn = function("runtime: python3.12\nevents:\n  - http: {path: /a}\n  - url: {}\n");
    assertEquals(0, deploy(fn).exitCode());
    Files.writeString(fn.resolve("gust.yaml"), "runtime: python3.12\n");
    server.requests.clear();

    CliRun run = deploy(fn);

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        List.of(
            "GET /2015-03-31/functions/hello",
            "PUT /2015-03-31/functions/hello/code",
            "PUT /2015-03-31/functions/hello/configuration"),
        server.calls());
    assertEquals(1, server.routes.size());
    assertEquals(1, server.urls.size());
    assertFalse(run.out().contains("route") || run.out().contains("url "), run.out());
  }

  @Test
  void invalidEventsAreReportedWithoutContactingTheServer() throws Exception {
    Path fn = function("runtime: python3.12\nevents:\n  - http: {method: GET, path: items}\n");

    CliRun run = deploy(fn);

    assertEquals(1, run.exitCode());
    assertTrue(
        run.err().startsWith("error: " + fn.resolve("gust.yaml") + ": events[0].http: route key"),
        run.err());
    assertTrue(server.requests.isEmpty());
  }

  @Test
  void routeTheServerRefusesIsReportedAfterTheUpload() throws Exception {
    addFunction("hello");
    Path fn = function("runtime: python3.12\nevents:\n  - http: {path: /a, qualifier: missing}\n");

    CliRun run = deploy(fn);

    assertEquals(1, run.exitCode());
    assertTrue(run.out().startsWith("updated hello\n"), run.out());
    assertEquals("error: ResourceNotFoundException: Alias not found: missing\n", run.err());
  }

  @Test
  void queueEventsCreateKeepUpdateAndDeleteEventSourceMappings() throws Exception {
    String mappings = "/2015-03-31/event-source-mappings";
    Path fn = function("runtime: python3.12\nevents:\n"
        + "  - queue: {name: jobs, batchSize: 5, reportFailures: true}\n");
    CliRun first = deploy(fn);
    assertEquals(0, first.exitCode(), first.err());
    assertEquals("POST " + mappings, server.calls().get(server.calls().size() - 1));
    JsonNode created = server.requests.get(server.requests.size() - 1).json();
    assertEquals("arn:aws:sqs:local:000000000000:jobs", created.path("EventSourceArn").asText());
    assertEquals("hello", created.path("FunctionName").asText());
    assertEquals(5, created.path("BatchSize").asInt());
    assertEquals("ReportBatchItemFailures", created.path("FunctionResponseTypes").path(0).asText());
    assertTrue(first.out().endsWith("  queue     jobs: batch 5, reports failures (created)\n"),
        first.out());
    String uuid = server.mappings.keySet().iterator().next();

    server.requests.clear();
    CliRun same = deploy(fn);
    assertEquals(0, same.exitCode(), same.err());
    assertTrue(server.calls().contains("GET " + mappings), server.calls().toString());
    assertEquals("hello", server.requests.stream().filter(r -> r.path().equals(mappings))
        .findFirst().orElseThrow().query().get("FunctionName"));
    assertTrue(server.calls().stream().noneMatch(c -> c.startsWith("POST " + mappings)
        || c.startsWith("PUT " + mappings)), server.calls().toString());
    assertTrue(same.out().endsWith("(unchanged)\n"), same.out());

    Files.writeString(fn.resolve("gust.yaml"), "runtime: python3.12\nevents:\n"
        + "  - queue: {name: jobs, batchSize: 7, filter: [{body: {kind: [order]}}]}\n");
    server.requests.clear();
    CliRun updated = deploy(fn);
    assertEquals(0, updated.exitCode(), updated.err());
    assertTrue(server.calls().contains("PUT " + mappings + "/" + uuid), server.calls().toString());
    JsonNode mapping = server.mappings.get(uuid);
    assertEquals(7, mapping.path("BatchSize").asInt());
    assertEquals(0, mapping.path("FunctionResponseTypes").size(), "reportFailures removed");
    assertEquals("{\"body\":{\"kind\":[\"order\"]}}",
        mapping.path("FilterCriteria").path("Filters").path(0).path("Pattern").asText());
    assertTrue(updated.out().endsWith("  queue     jobs: batch 7, 1 filter (updated)\n"),
        updated.out());

    Files.writeString(fn.resolve("gust.yaml"), "runtime: python3.12\nevents:\n"
        + "  - queue: {arn: 'arn:aws:sqs:local:000000000000:other'}\n");
    server.requests.clear();
    CliRun moved = deploy(fn);
    assertEquals(0, moved.exitCode(), moved.err());
    assertTrue(server.calls().contains("DELETE " + mappings + "/" + uuid), server.calls().toString());
    assertEquals(List.of("arn:aws:sqs:local:000000000000:other"), server.mappings.values().stream()
        .map(m -> m.path("EventSourceArn").asText()).toList());
    assertTrue(moved.out().endsWith("  queue     other: batch 10 (created)\n"
        + "  queue     jobs (deleted)\n"), moved.out());
  }

  private CliRun deploy(Path fn) {
    return CliRun.run(server.endpoint(), "deploy", fn.toString());
  }

  private String routeId(String key) {
    return server.routes.values().stream()
        .filter(r -> r.path("RouteKey").asText().equals(key))
        .map(r -> r.path("RouteId").asText())
        .findFirst()
        .orElseThrow();
  }

  private void addFunction(String name) {
    server.functions.put(name, FakeLambdaServer.functionConfig(name));
  }

  private Path function(String yaml) throws Exception {
    Path fn = Files.createDirectories(dir.resolve("hello"));
    Files.writeString(fn.resolve("gust.yaml"), yaml);
    Files.writeString(fn.resolve("app.py"), "def handler(event, context):\n    return event\n");
    return fn;
  }
}

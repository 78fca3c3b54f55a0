package dev.gust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** gust.yaml's events: parsing, defaults and the messages of every validation. */
class EventsTest {

  @Test
  void readsHttpAndUrlEventsWithTheirDefaults() throws Exception {
    Events events =
        events(
            """
            events:
              - http:
                  method: GET
                  path: /items/{id}
                  qualifier: live
                  payload: "1.0"
                  timeoutMs: 5000
                  cors:
                    origins: ["https://example.com"]
                    methods: [get, POST]
                    headers: [Content-Type]
              - http:
                  path: /files/{proxy+}
              - http:
                  path: $default
              - url:
                  auth: aws_iam
                  stream: true
                  cors: {origins: "*"}
              - url:
                  qualifier: live
            """);

    RouteSpec first = events.routes().get(0);
    assertEquals("GET /items/{id}", first.routeKey());
    assertEquals(Optional.of("live"), first.qualifier());
    assertEquals("1.0", first.payloadFormatVersion());
    assertEquals(5000, first.timeoutMillis());
    assertEquals(
        new CorsSpec(
            List.of("https://example.com"), List.of("GET", "POST"), List.of("Content-Type")),
        first.cors().get());
    assertEquals(
        new RouteSpec("ANY /files/{proxy+}", Optional.empty(), "2.0", 30_000, Optional.empty()),
        events.routes().get(1));
    assertEquals("$default", events.routes().get(2).routeKey());
    UrlSpec url = events.urls().get(0);
    assertEquals("AWS_IAM", url.authType());
    assertEquals("RESPONSE_STREAM", url.invokeMode());
    assertEquals(List.of("*"), url.cors().get().origins());
    assertEquals(
        new UrlSpec(Optional.of("live"), "NONE", false, Optional.empty()), events.urls().get(1));
  }

  @Test
  void unquotedPayloadVersionIsAccepted() throws Exception {
    RouteSpec route = events("events:\n  - http: {path: /a, payload: 1.0}\n").routes().get(0);
    assertEquals("1.0", route.payloadFormatVersion());
  }

  @Test
  void eventsAbsentLeavesThemAloneButAnEmptyListMeansNone() throws Exception {
    assertTrue(DeploySpec.parse("runtime: java21\n", "gust.yaml").events().isEmpty());
    Events none = events("events: []\n");
    assertTrue(none.routes().isEmpty() && none.urls().isEmpty());
  }

  @Test
  void aUrlWithoutSettingsUsesTheDefaults() throws Exception {
    assertEquals(
        new UrlSpec(Optional.empty(), "NONE", false, Optional.empty()),
        events("events:\n  - url:\n").urls().get(0));
  }

  @Test
  void unknownKeysAreNamedWithTheAllowedOnes() {
    assertEquals(
        "gust.yaml: events[0]: unknown key 'htpp'; allowed keys: http, url, queue, schedule",
        message("events:\n  - htpp: {path: /a}\n"));
    assertEquals(
        "gust.yaml: events[1].http: unknown key 'pth'; allowed keys: method, path, qualifier,"
            + " payload, timeoutMs, cors, protection",
        message("events:\n  - url: {}\n  - http: {pth: /a}\n"));
    assertEquals(
        "gust.yaml: events[0].url: unknown key 'authType'; allowed keys: qualifier, auth, stream,"
            + " cors",
        message("events:\n  - url: {authType: NONE}\n"));
    assertEquals(
        "gust.yaml: events[0].http.cors: unknown key 'origin'; allowed keys: origins, methods,"
            + " headers",
        message("events:\n  - http: {path: /a, cors: {origin: '*'}}\n"));
  }

  @Test
  void settingsBesideHttpAreTakenForAnIndentationSlip() {
    assertEquals(
        "gust.yaml: events[0]: unknown key 'path'; allowed keys: http, url, queue, schedule; indent"
            + " 'path' under http:, url: or queue:",
        message("events:\n  - http:\n    path: /items\n"));
  }

  @Test
  void eventsMustBeAListOfSingleKindItems() {
    assertTrue(
        message("events:\n  http: {path: /a}\n").contains("'events' must be a list of http:"));
    assertTrue(message("events:\n  - /items\n").contains("events[0] must be http:, url:, queue: or schedule:"));
    assertTrue(
        message("events:\n  - {http: {path: /a}, url: {}}\n")
            .contains("events[0] holds both http: and url:"));
    assertTrue(message("events:\n  - http:\n").contains("events[0].http must be a mapping"));
  }

  @Test
  void pathIsRequiredAndMustBeARouteKeyPath() {
    assertTrue(
        message("events:\n  - http: {method: GET}\n")
            .contains("events[0].http: 'path' is required, such as '/items/{id}', or '$default'"));
    assertEquals(
        "gust.yaml: events[0].http: route key 'GET items' is invalid: the path must start with /;"
            + " examples: 'GET /items/{id}', 'ANY /files/{proxy+}', '$default'",
        message("events:\n  - http: {method: GET, path: items}\n"));
    assertTrue(
        message("events:\n  - http:\n      path: /{proxy+}/x\n")
            .contains("a greedy variable such as {proxy+} must be the last segment"));
    assertTrue(
        message("events:\n  - http: {path: '/a//b'}\n").contains("the path has an empty segment"));
    assertTrue(
        message("events:\n  - http: {method: FETCH, path: /a}\n")
            .contains(
                "the method must be one of ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"));
  }

  @Test
  void pathVariableInsideBracesGetsAQuotingHint() {
    assertTrue(
        message("events:\n  - http: {method: GET, path: /items/{id}}\n")
            .contains("hint: inside { } quote a path with variables, e.g. {path: '/items/{id}'}"));
  }

  @Test
  void defaultRouteTakesNoMethod() {
    assertEquals(
        "gust.yaml: events[0].http: the $default route matches every method; remove 'method: GET'",
        message("events:\n  - http: {method: GET, path: $default}\n"));
  }

  @Test
  void payloadAndTimeoutMustBeInRange() {
    assertTrue(
        message("events:\n  - http: {path: /a, payload: '3.0'}\n")
            .contains("the payload format version must be 2.0 or 1.0, got '3.0'"));
    assertTrue(
        message("events:\n  - http: {path: /a, payload: 2}\n")
            .contains("must be 2.0 or 1.0, got '2'"));
    assertEquals(
        "gust.yaml: events[0].http: 'timeoutMs' must be a whole number of ms from 50 to 30000,"
            + " got '60000'",
        message("events:\n  - http: {path: /a, timeoutMs: 60000}\n"));
  }

  @Test
  void corsValuesAreChecked() {
    assertTrue(
        message("events:\n  - http: {path: /a, cors: {origins: ['http://localhost:3000/']}}\n")
            .contains(
                "events[0].http.cors: CORS origin 'http://localhost:3000/' must be '*' or a"
                    + " scheme, host and optional port"));
    assertTrue(
        message("events:\n  - url: {cors: {methods: [GET]}}\n")
            .contains("events[0].url.cors: CORS needs at least one origin"));
    assertTrue(
        message("events:\n  - url: {cors: {origins: '*', methods: ['get post']}}\n")
            .contains("CORS method 'GET POST' must be '*' or an HTTP method"));
    assertTrue(
        message("events:\n  - url: {cors: {origins: '*', headers: [[a]]}}\n")
            .contains("'headers' must be a list of single values"));
    assertTrue(
        message("events:\n  - url: {cors: [x]}\n").contains("'cors' must be a mapping such as"));
  }

  @Test
  void urlSettingsAreChecked() {
    assertTrue(
        message("events:\n  - url: {auth: basic}\n")
            .contains("events[0].url: auth must be NONE or AWS_IAM, got 'BASIC'"));
    assertTrue(
        message("events:\n  - url: {stream: 'yes'}\n")
            .contains("'stream' must be true or false, got 'yes'"));
    assertTrue(
        message("events:\n  - url: {qualifier: 3}\n")
            .contains("a function URL points at $LATEST or an alias, not at version 3"));
  }

  @Test
  void aRouteKeyOrAUrlQualifierMayAppearOnce() {
    assertEquals(
        "gust.yaml: events[2].http: route 'GET /a' is already listed at events[0].http",
        message(
            "events:\n  - http: {method: GET, path: /a}\n  - http: {path: /a}\n"
                + "  - http: {method: get, path: /a}\n"));
    assertEquals(
        "gust.yaml: events[1].url: a function URL is already listed at events[0].url",
        message("events:\n  - url: {}\n  - url: {auth: AWS_IAM}\n"));
    assertFalse(
        assertThrowsNothing("events:\n  - url: {}\n  - url: {qualifier: live}\n").urls().isEmpty());
  }

  @Test
  void requestsSpellOutTheDefaultsInLambdaFieldNames() throws Exception {
    RouteSpec route =
        events("events:\n  - http: {path: /a, cors: {origins: '*'}}\n").routes().get(0);
    assertEquals(
        "{\"RouteKey\":\"ANY /a\",\"FunctionName\":\"fn\",\"PayloadFormatVersion\":\"2.0\","
            + "\"TimeoutInMillis\":30000,\"Cors\":{\"AllowOrigins\":[\"*\"],\"AllowMethods\":[],"
            + "\"AllowHeaders\":[]}}",
        route.request("fn").toString());
    UrlSpec url = new UrlSpec(Optional.empty(), "NONE", true, Optional.empty());
    assertEquals(
        "{\"AuthType\":\"NONE\",\"InvokeMode\":\"RESPONSE_STREAM\"}",
        url.request(false).toString());
    assertEquals(
        "{\"AuthType\":\"NONE\",\"InvokeMode\":\"RESPONSE_STREAM\",\"Cors\":null}",
        url.request(true).toString());
  }

  @Test
  void routeSettingsCompareWithTheServersShape() throws Exception {
    RouteSpec route =
        events("events:\n  - http: {path: /a, qualifier: live, cors: {origins: '*'}}\n")
            .routes()
            .get(0);
    var listed = route.request("fn");
    listed.set("Cors", FakeLambdaServer.serverCors(listed.path("Cors")));
    assertTrue(route.sameSettingsAs(listed));
    assertFalse(route.sameSettingsAs(listed.deepCopy().put("TimeoutInMillis", 100)));
    assertFalse(route.sameSettingsAs(listed.deepCopy().put("Qualifier", "prod")));
    var credentials = listed.deepCopy();
    ((ObjectNode) credentials.get("Cors")).put("AllowCredentials", true);
    assertFalse(route.sameSettingsAs(credentials));
  }

  @Test
  void routeLocationsJoinTheEndpointAndThePath() {
    assertEquals(
        "GET http://127.0.0.1:9001/items/{id}",
        RouteSpec.location("http://127.0.0.1:9001/", "GET /items/{id}"));
    assertEquals(
        "ANY http://127.0.0.1:9001/* ($default)",
        RouteSpec.location("http://127.0.0.1:9001", "$default"));
    assertEquals("GET /a", RouteSpec.location("", "GET /a"));
  }

  @Test
  void queueEventsReadEveryMappingSetting() throws Exception {
    Events e = events("""
        events:
          - queue:
              name: jobs
              qualifier: live
              batchSize: 100
              window: 5
              reportFailures: true
              maxConcurrency: 4
              enabled: false
              filter:
                - {body: {kind: [order]}}
                - '{"body": [{"prefix": "urgent"}]}'
          - queue: {arn: "arn:aws:sqs:eu-west-1:123456789012:other"}
        """);
    QueueSpec jobs = e.queues().get(0);
    assertEquals("jobs", jobs.queueName());
    assertEquals("arn:aws:sqs:us-east-1:000000000000:jobs",
        jobs.queueArn("arn:aws:lambda:us-east-1:000000000000:function:fn"));
    assertEquals(List.of("{\"body\":{\"kind\":[\"order\"]}}", "{\"body\": [{\"prefix\": \"urgent\"}]}"),
        jobs.filters());
    ObjectNode request = jobs.request("fn", java.util.Optional.of("arn:q"));
    assertEquals("fn:live", request.path("FunctionName").asText());
    assertEquals("arn:q", request.path("EventSourceArn").asText());
    assertEquals(100, request.path("BatchSize").asInt());
    assertEquals(5, request.path("MaximumBatchingWindowInSeconds").asInt());
    assertEquals("ReportBatchItemFailures", request.path("FunctionResponseTypes").path(0).asText());
    assertEquals(4, request.path("ScalingConfig").path("MaximumConcurrency").asInt());
    assertFalse(request.path("Enabled").asBoolean());
    assertEquals(2, request.path("FilterCriteria").path("Filters").size());
    QueueSpec other = e.queues().get(1);
    assertEquals("other", other.queueName());
    assertEquals("arn:aws:sqs:eu-west-1:123456789012:other", other.queueArn("ignored"));
    ObjectNode defaults = other.request("fn", java.util.Optional.empty());
    assertEquals(10, defaults.path("BatchSize").asInt());
    assertTrue(defaults.path("ScalingConfig").isEmpty(), "an empty ScalingConfig clears it");
    assertTrue(defaults.path("FilterCriteria").path("Filters").isEmpty());
  }

  @Test
  void queueEventsAreCheckedBeforeAnythingIsSent() {
    assertEquals("gust.yaml: events[0].queue: give the queue's 'name' (such as 'name: jobs') or"
        + " its 'arn', not neither", message("events:\n  - queue: {batchSize: 5}\n"));
    assertTrue(message("events:\n  - queue: {name: a, arn: 'arn:aws:sqs:r:1:a'}\n")
        .contains("not both"));
    assertTrue(message("events:\n  - queue: {name: a, batchSize: 0}\n")
        .contains("'batchSize' must be a whole number of messages from 1 to 10000"));
    assertTrue(message("events:\n  - queue: {name: a, maxConcurrency: 1}\n")
        .contains("'maxConcurrency' must be a whole number of batches from 2 to 1000"));
    assertTrue(message("events:\n  - queue: {name: a, filter: ['not json']}\n")
        .contains("events[0].queue.filter[0]: a filter is a pattern"));
    assertTrue(message("events:\n  - queue: {name: a, size: 3}\n")
        .contains("unknown key 'size'"));
    assertTrue(message("events:\n  - queue: {name: a}\n  - queue: {name: a}\n")
        .contains("events[1].queue: queue 'a' is already listed at events[0].queue"));
    assertTrue(message("events:\n  - queue: {name: a}\n    batchSize: 3\n")
        .contains("indent 'batchSize' under http:, url: or queue:"));
  }

  @Test
  void aQueueMappingFromTheServerIsComparedSettingBySetting() throws Exception {
    QueueSpec spec = events("events:\n  - queue: {name: jobs, reportFailures: true,"
        + " filter: [{body: {a: [1]}}]}\n").queues().get(0);
    ObjectNode listed = Json.object().put("BatchSize", 10).put("MaximumBatchingWindowInSeconds", 0)
        .put("State", "Enabled");
    listed.putArray("FunctionResponseTypes").add("ReportBatchItemFailures");
    listed.putObject("FilterCriteria").putArray("Filters").addObject()
        .put("Pattern", "{ \"body\": {\"a\": [1]} }");
    assertTrue(spec.sameSettingsAs(listed), "patterns compare as JSON, not as text");
    assertFalse(spec.sameSettingsAs(listed.deepCopy().put("BatchSize", 5)));
    assertFalse(spec.sameSettingsAs(listed.deepCopy().put("State", "Disabled")));
    ObjectNode scaled = listed.deepCopy();
    scaled.putObject("ScalingConfig").put("MaximumConcurrency", 3);
    assertFalse(spec.sameSettingsAs(scaled));
  }

  private static Events events(String yaml) throws CliException {
    return DeploySpec.parse(yaml, "gust.yaml").events().orElseThrow();
  }

  private static Events assertThrowsNothing(String yaml) {
    try {
      return events(yaml);
    } catch (CliException e) {
      throw new AssertionError("unexpected: " + e.getMessage(), e);
    }
  }

  private static String message(String yaml) {
    return assertThrows(CliException.class, () -> DeploySpec.parse(yaml, "gust.yaml")).getMessage();
  }
}

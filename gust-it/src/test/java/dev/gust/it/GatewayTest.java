package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.CreateFunctionUrlConfigResponse;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;

/** Function URLs and HTTP API routes, driven by a real HTTP client (the JDK's). */
class GatewayTest extends ServerTest {
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  static String functionUrl;

  @BeforeAll
  static void deploy() throws Exception {
    gust.lambda.createFunction(b -> b.functionName("api").runtime("python3.11").handler("app.handler").role("r")
        .timeout(10).code(c -> c.zipFile(Functions.zip("api-echo"))));
    CreateFunctionUrlConfigResponse url = gust.lambda.createFunctionUrlConfig(b -> b.functionName("api")
        .authType(FunctionUrlAuthType.NONE)
        .cors(c -> c.allowOrigins("https://app.example").allowMethods("GET", "POST").allowHeaders("x-custom").maxAge(60)));
    functionUrl = url.functionUrl();
    for (String[] r : new String[][] {
        {"GET /items/{id}", "2.0", "30000"}, {"GET /items/special", "2.0", "30000"},
        {"ANY /items/{proxy+}", "2.0", "30000"}, {"$default", "2.0", "30000"},
        {"GET /legacy/{name}", "1.0", "30000"}, {"GET /slow", "2.0", "1000"}}) {
      post(gust.endpoint() + "/gust/v1/routes",
          "{\"RouteKey\":\"" + r[0] + "\",\"FunctionName\":\"api\",\"PayloadFormatVersion\":\"" + r[1]
              + "\",\"TimeoutInMillis\":" + r[2] + "}", 201);
    }
  }

  static HttpResponse<byte[]> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static void post(String url, String json, int expected) throws Exception {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(json)));
    assertEquals(expected, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
  }

  static JsonNode json(HttpResponse<byte[]> r) throws Exception {
    return Functions.JSON.readTree(r.body());
  }

  static String routes(String path) {
    return gust.server.gatewayEndpoint() + path;
  }

  @Test
  void aFunctionUrlRunsAnApiGatewayHandlerUnmodified() throws Exception {
    assertTrue(functionUrl.matches("http://127\\.0\\.0\\.1:\\d+/lambda-url/[a-z0-9]{32}/"), functionUrl);
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(functionUrl + "hello/world?a=1&a=2&b=x%20y"))
        .header("Cookie", "c1=v1; c2=v2").header("X-Multi", "one").header("X-Multi", "two"));
    assertEquals(201, r.statusCode());
    assertEquals("/hello/world", r.headers().firstValue("x-raw-path").orElse(null));
    assertEquals(List.of("session=abc; Path=/", "theme=dark"), r.headers().allValues("set-cookie"));
    JsonNode event = json(r);
    assertEquals("2.0", event.get("version").asText());
    assertEquals("$default", event.get("routeKey").asText());
    assertEquals("a=1&a=2&b=x%20y", event.get("rawQueryString").asText());
    assertEquals("1,2", event.at("/queryStringParameters/a").asText());
    assertEquals("x y", event.at("/queryStringParameters/b").asText());
    assertEquals("[\"c1=v1\",\"c2=v2\"]", event.get("cookies").toString());
    assertEquals("one,two", event.at("/headers/x-multi").asText());
    assertTrue(event.at("/headers/cookie").isMissingNode(), "cookies are not repeated in headers");
    assertEquals(r.headers().firstValue("apigw-requestid").orElse(null), event.get("requestId").asText());
  }

  @Test
  void theHostBasedFormOfAFunctionUrlWorksToo() throws Exception {
    String id = functionUrl.replaceAll(".*/lambda-url/([a-z0-9]+)/", "$1");
    int port = gust.server.endpoint().getPort();
    // glibc does not resolve *.localhost, so connect to 127.0.0.1 and name the host in the request
    String response = Raw.exchange(port, "GET /by-host HTTP/1.1\r\nHost: " + id + ".lambda-url.localhost:" + port
        + "\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 201"), response);
    assertTrue(response.contains("\"rawPath\": \"/by-host\""), response);
  }

  @Test
  void routesMatchTheMostSpecificRouteAsApiGatewayDoes() throws Exception {
    record Case(String method, String path, String routeKey) {}
    for (Case c : new Case[] {
        new Case("GET", "/items/special", "GET /items/special"),
        new Case("GET", "/items/42", "GET /items/{id}"),
        new Case("POST", "/items/42", "ANY /items/{proxy+}"),
        new Case("GET", "/items/42/parts", "ANY /items/{proxy+}"),
        new Case("GET", "/elsewhere", "$default")}) {
      HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(routes(c.path())))
          .method(c.method(), HttpRequest.BodyPublishers.noBody()));
      assertEquals(201, r.statusCode(), c.toString());
      assertEquals(c.routeKey(), json(r).get("routeKey").asText(), c.toString());
    }
    JsonNode withParam = json(send(HttpRequest.newBuilder(URI.create(routes("/items/caf%C3%A9")))));
    assertEquals("café", withParam.at("/pathParameters/id").asText());
    JsonNode greedy = json(send(HttpRequest.newBuilder(URI.create(routes("/items/a/b/c"))).PUT(HttpRequest.BodyPublishers.noBody())));
    assertEquals("a/b/c", greedy.at("/pathParameters/proxy").asText());
  }

  @Test
  void payloadVersion1RoutesGetTheRestShape() throws Exception {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(routes("/legacy/ann?tag=a&tag=b"))));
    assertEquals(202, r.statusCode());
    assertEquals(List.of("a", "b"), r.headers().allValues("x-multi"));
    JsonNode e = json(r);
    assertEquals("1.0", e.get("version").asText());
    assertEquals("/legacy/{name}", e.get("resource").asText());
    assertEquals("ann", e.at("/pathParameters/name").asText());
    assertEquals("[\"a\",\"b\"]", e.at("/multiQuery/tag").toString());
  }

  @Test
  void binaryBodiesRoundTripByteForByte() throws Exception {
    byte[] bytes = new byte[50_000];
    new Random(7).nextBytes(bytes);
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(routes("/items/bin?action=binary")))
        .header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    assertEquals(200, r.statusCode());
    byte[] reversed = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      reversed[i] = bytes[bytes.length - 1 - i];
    }
    assertArrayEquals(reversed, r.body());
  }

  @Test
  void plainJsonWithoutStatusCodeIsA200JsonResponse() throws Exception {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(functionUrl + "p?action=plain")));
    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("content-type").orElse(null));
    assertEquals("{\"plain\": true, \"path\": \"/p\"}", new String(r.body(), StandardCharsets.UTF_8));
  }

  @Test
  void corsPreflightIsAnsweredByTheGatewayAndActualResponsesCarryTheHeaders() throws Exception {
    HttpResponse<byte[]> pre = send(HttpRequest.newBuilder(URI.create(functionUrl + "x"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://app.example").header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "x-custom"));
    assertEquals(204, pre.statusCode());
    assertEquals("https://app.example", pre.headers().firstValue("access-control-allow-origin").orElse(null));
    assertEquals("60", pre.headers().firstValue("access-control-max-age").orElse(null));
    HttpResponse<byte[]> actual = send(HttpRequest.newBuilder(URI.create(functionUrl + "x")).header("Origin", "https://app.example"));
    assertEquals("https://app.example", actual.headers().firstValue("access-control-allow-origin").orElse(null));
    HttpResponse<byte[]> other = send(HttpRequest.newBuilder(URI.create(functionUrl + "x")).header("Origin", "https://evil.example"));
    assertTrue(other.headers().firstValue("access-control-allow-origin").isEmpty());
  }

  @Test
  void errorsBecomeGatewayStatuses() throws Exception {
    assertEquals(502, send(HttpRequest.newBuilder(URI.create(functionUrl + "e?action=raise"))).statusCode());
    byte[] big = new byte[6 * 1024 * 1024 + 1];
    assertEquals(413, send(HttpRequest.newBuilder(URI.create(routes("/items/big")))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(big))).statusCode());
    assertEquals(404, send(HttpRequest.newBuilder(URI.create(gust.endpoint() + "/lambda-url/" + "x".repeat(32) + "/"))).statusCode());
  }

  @Test
  void anIntegrationTimeoutIs504AndTheInstanceIsNotLeaked() throws Exception {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(routes("/slow?action=sleep&s=3"))));
    assertEquals(504, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    // the invocation finishes on its own and its instance serves the next request
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int status = 0;
    while (status != 201 && System.nanoTime() < deadline) {
      status = send(HttpRequest.newBuilder(URI.create(routes("/items/after-timeout")))).statusCode();
    }
    assertEquals(201, status);
  }

  @Test
  void everyRequestIsInTheAccessLogWithItsRequestIdAndRoute() throws Exception {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(routes("/items/logged"))));
    String id = r.headers().firstValue("apigw-requestid").orElseThrow();
    HttpResponse<byte[]> logs = send(HttpRequest.newBuilder(URI.create(gust.endpoint() + "/gust/v1/access-logs?cursor=-1")));
    String text = json(logs).get("text").asText();
    assertTrue(text.contains("requestId=" + id) && text.contains("route=\"GET /items/{id}\"") && text.contains("status=201"), text);
  }
}

package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;

/**
 * An Express app behind the serverless-http adapter, its dependencies installed by the real npm,
 * runs unmodified on nodejs20.x, through an HTTP API route and through a function URL alike.
 */
class ExpressTest extends ServerTest {
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  /** The two front doors, each the URL prefix under which the app's /app/... paths are served. */
  static Map<String, String> doors;

  @BeforeAll
  static void deploy() throws Exception {
    String why = Npm.unavailable();
    assumeTrue(why == null, () -> "the Express app's dependencies are installed with npm: " + why);
    Path source = Path.of(ExpressTest.class.getResource("/functions/node-express").toURI());
    Path installed = Npm.installed(source.resolve("package.json"));
    Map<String, byte[]> files = new TreeMap<>();
    Zips.addTree(files, source, "");
    Zips.addTree(files, installed.resolve("node_modules"), "node_modules/");
    assertTrue(files.containsKey("node_modules/express/package.json"), files.keySet().toString());
    assertTrue(files.containsKey("node_modules/serverless-http/package.json"), files.keySet().toString());
    gust.lambda.createFunction(b -> b.functionName("express").runtime("nodejs20.x").handler("app.handler").role("r")
        .timeout(30).code(c -> c.zipFile(SdkBytes.fromByteArray(Zips.zip(files)))));
    HttpResponse<byte[]> route = send(HttpRequest.newBuilder(URI.create(gust.endpoint() + "/gust/v1/routes"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"RouteKey\":\"ANY /app/{proxy+}\",\"FunctionName\":\"express\","
            + "\"PayloadFormatVersion\":\"2.0\",\"TimeoutInMillis\":30000}")));
    assertEquals(201, route.statusCode(), text(route));
    String url = gust.lambda.createFunctionUrlConfig(b -> b.functionName("express")
        .authType(FunctionUrlAuthType.NONE)).functionUrl();
    doors = new LinkedHashMap<>();
    doors.put("route", gust.server.gatewayEndpoint() + "/");
    doors.put("function URL", url);
  }

  static HttpResponse<byte[]> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  static String header(HttpResponse<byte[]> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Test
  void pathAndQueryParametersHeadersAndCookiesReachExpressAndItsAnswerComesBack() throws Exception {
    for (var door : doors.entrySet()) {
      String where = door.getKey();
      HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(
              door.getValue() + "app/items/caf%C3%A9?tag=a&tag=b&q=hello%20world&empty="))
          .header("X-Client", "gust-it").header("Cookie", "c1=v1; c2=v2"));
      assertEquals(200, r.statusCode(), where + ": " + text(r));
      assertEquals("application/json; charset=utf-8", header(r, "content-type"), where);
      assertEquals("Express", header(r, "x-powered-by"), where + ": Express's own headers pass through");
      assertEquals("café", header(r, "x-item-id"), where);
      assertEquals(List.of("last-seen=caf%C3%A9; Path=/app; HttpOnly"), r.headers().allValues("set-cookie"), where);
      assertTrue(header(r, "apigw-requestid") != null, where);
      JsonNode body = Functions.JSON.readTree(r.body());
      assertEquals("café", body.get("id").asText(), where + ": " + body);
      assertEquals("[\"a\",\"b\"]", body.at("/query/tag").toString(), where + ": " + body);
      assertEquals("hello world", body.at("/query/q").asText(), where + ": " + body);
      assertEquals("", body.at("/query/empty").asText(), where + ": " + body);
      assertEquals("gust-it", body.get("client").asText(), where + ": " + body);
      assertEquals("c1=v1; c2=v2", body.get("cookies").asText(), where + ": " + body);
      assertEquals("GET", body.get("method").asText(), where + ": " + body);
      assertTrue(body.get("originalUrl").asText().endsWith("?tag=a&tag=b&q=hello%20world&empty="),
          where + ": the raw query string reaches Express as sent: " + body);
    }
  }

  @Test
  void aJsonBodyIsParsedByExpressAndTheCreatedAnswerKeepsItsHeadersAndCookies() throws Exception {
    for (var door : doors.entrySet()) {
      String where = door.getKey();
      HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(door.getValue() + "app/items"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"name\":\"Widget\",\"tags\":[\"blue\",\"small\"],\"price\":9.5,\"note\":\"naïve ✓\"}")));
      assertEquals(201, r.statusCode(), where + ": " + text(r));
      assertEquals("express", header(r, "x-created-by"), where);
      assertEquals("/app/items/item-widget", header(r, "location"), where);
      assertEquals(List.of("session=s-item-widget; Path=/; HttpOnly", "theme=dark; Path=/"),
          r.headers().allValues("set-cookie"), where);
      JsonNode created = Functions.JSON.readTree(r.body());
      assertEquals("item-widget", created.get("id").asText(), where + ": " + created);
      assertEquals("Widget", created.get("name").asText(), where + ": " + created);
      assertEquals("[\"blue\",\"small\"]", created.get("tags").toString(), where + ": " + created);
      assertEquals(9.5, created.get("price").asDouble(), where + ": " + created);
      assertEquals("naïve ✓", created.get("note").asText(), where + ": " + created);

      HttpResponse<byte[]> invalid = send(HttpRequest.newBuilder(URI.create(door.getValue() + "app/items"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"price\":1}")));
      assertEquals(400, invalid.statusCode(), where + ": the app's own validation answers");
      assertEquals("{\"error\":\"name is required\"}", text(invalid), where);
    }
  }

  @Test
  void binaryBodiesRoundTripThroughExpressByteForByte() throws Exception {
    byte[] sent = new byte[40_000];
    new Random(11).nextBytes(sent);
    byte[] reversed = new byte[sent.length];
    for (int i = 0; i < sent.length; i++) {
      reversed[i] = sent[sent.length - 1 - i];
    }
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    for (var door : doors.entrySet()) {
      String where = door.getKey();
      HttpResponse<byte[]> bytes = send(HttpRequest.newBuilder(URI.create(door.getValue() + "app/bytes")));
      assertEquals(200, bytes.statusCode(), where);
      assertEquals("application/octet-stream", header(bytes, "content-type"), where);
      assertArrayEquals(all, bytes.body(), where);

      HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(door.getValue() + "app/reverse"))
          .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(sent)));
      assertEquals(200, r.statusCode(), where);
      assertArrayEquals(reversed, r.body(), where);
    }
  }

  @Test
  void plainTextAndTheAppsOwnNotFoundPassThrough() throws Exception {
    for (var door : doors.entrySet()) {
      String where = door.getKey();
      HttpResponse<byte[]> hello = send(HttpRequest.newBuilder(URI.create(door.getValue() + "app/hello.txt?name=Ada")));
      assertEquals(200, hello.statusCode(), where);
      assertEquals("text/plain; charset=utf-8", header(hello, "content-type"), where);
      assertEquals("hello from express, Ada\n", text(hello), where);

      HttpResponse<byte[]> missing = send(HttpRequest.newBuilder(URI.create(door.getValue() + "app/nowhere"))
          .DELETE());
      assertEquals(404, missing.statusCode(), where);
      assertEquals("no route for DELETE /app/nowhere", text(missing), where + ": Express answered, not the gateway");
    }
  }

  /**
   * The app relays an upstream answer with its Transfer-Encoding header; the gateway frames the
   * body itself (Content-Length), so that header must not reach the client beside it.
   */
  @Test
  void framingHeadersFromTheAppDoNotReachTheClient() throws Exception {
    for (var door : doors.entrySet()) {
      String where = door.getKey();
      URI url = URI.create(door.getValue() + "app/relayed");
      String response = Raw.exchange(url.getPort(), "GET " + url.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1:"
          + url.getPort() + "\r\nConnection: close\r\n\r\n");
      int end = response.indexOf("\r\n\r\n");
      assertTrue(end > 0, where + ": " + response);
      String head = response.substring(0, end).toLowerCase(Locale.ROOT);
      assertTrue(head.startsWith("http/1.1 202"), where + ": " + response);
      assertTrue(head.contains("\r\nx-upstream: yes"), where + ": " + response);
      assertTrue(head.contains("\r\ncontent-length: 13"), where + ": " + response);
      assertFalse(head.contains("\r\ntransfer-encoding:"), where + ": " + response);
      assertEquals("relayed body\n", response.substring(end + 4), where);
    }
  }
}

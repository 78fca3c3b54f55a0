package dev.gust.gateway;

import static dev.gust.gateway.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpApiResponsesTest {

  @Test
  void v2DescriptionWithHeadersCookiesAndBase64Body() {
    GatewayResponse r = HttpApiResponses.fromV2(utf8("""
        {"statusCode": 201,
         "headers": {"X-Custom": "one", "X-Count": 5, "X-Flag": true, "X-Null": null},
         "cookies": ["a=1; Path=/; HttpOnly", "b=2"],
         "body": "aGVs\\nbG8=",
         "isBase64Encoded": true}
        """));
    assertEquals(201, r.status());
    assertEquals(List.of(Map.entry("X-Custom", "one"), Map.entry("X-Count", "5"),
        Map.entry("X-Flag", "true"), Map.entry("set-cookie", "a=1; Path=/; HttpOnly"),
        Map.entry("set-cookie", "b=2")), r.headers());
    assertEquals("hello", r.bodyText());
  }

  @Test
  void v2DescriptionWithoutContentTypeGetsNone() {
    GatewayResponse r = HttpApiResponses.fromV2(utf8("{\"statusCode\":204}"));
    assertEquals(204, r.status());
    assertTrue(r.headers().isEmpty());
    assertEquals(0, r.body().length);
  }

  @Test
  void v2StatusCodeMayBeADigitString() {
    GatewayResponse r = HttpApiResponses.fromV2(utf8("{\"statusCode\":\"404\",\"body\":\"no\"}"));
    assertEquals(404, r.status());
    assertEquals("no", r.bodyText());
  }

  @Test
  void v2NonStringBodyIsSentAsJsonText() {
    GatewayResponse r = HttpApiResponses.fromV2(utf8("{\"statusCode\":200,\"body\":{\"a\":1}}"));
    assertEquals("{\"a\":1}", r.bodyText());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "{ \"message\": \"Hello from Lambda!\" }",
      "\"Hello from Lambda!\"",
      "42",
      "[1, 2, {\"statusCode\": 500}]",
      "null",
      "{\"StatusCode\": 500}"})
  void v2JsonWithoutStatusCodeIsInferredAsIs(String payload) {
    GatewayResponse r = HttpApiResponses.fromV2(utf8(payload));
    assertEquals(200, r.status());
    assertEquals(List.of(Map.entry("content-type", "application/json")), r.headers());
    assertArrayEquals(utf8(payload), r.body());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "",
      "not json",
      "{\"statusCode\": 200",
      "{\"statusCode\": 200} trailing",
      "{\"statusCode\": 99}",
      "{\"statusCode\": 600}",
      "{\"statusCode\": \"abc\"}",
      "{\"statusCode\": 2.5}",
      "{\"statusCode\": 200, \"headers\": [\"a\"]}",
      "{\"statusCode\": 200, \"headers\": {\"a\": [\"1\", \"2\"]}}",
      "{\"statusCode\": 200, \"cookies\": \"a=1\"}",
      "{\"statusCode\": 200, \"body\": \"***\", \"isBase64Encoded\": true}"})
  void v2MalformedPayloadIsA502(String payload) {
    assertIsFunctionError(HttpApiResponses.fromV2(utf8(payload)));
  }

  @Test
  void v1MergesHeadersAndMultiValueHeaders() {
    GatewayResponse r = HttpApiResponses.fromV1(utf8("""
        {"statusCode": 200,
         "headers": {"Content-Type": "text/plain", "X-A": "1", "Set-Cookie": "x=1"},
         "multiValueHeaders": {"Set-Cookie": ["x=1", "y=2"], "X-A": ["0"]},
         "cookies": ["ignored=1"],
         "body": "ok",
         "isBase64Encoded": false}
        """));
    assertEquals(200, r.status());
    assertEquals(List.of(Map.entry("Set-Cookie", "x=1"), Map.entry("Set-Cookie", "y=2"),
        Map.entry("X-A", "0"), Map.entry("Content-Type", "text/plain"), Map.entry("X-A", "1")),
        r.headers());
    assertEquals("ok", r.bodyText());
  }

  @Test
  void v1Base64Body() {
    GatewayResponse r = HttpApiResponses.fromV1(
        utf8("{\"statusCode\":200,\"body\":\"AAEC/w==\",\"isBase64Encoded\":true}"));
    assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, r.body());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "{\"body\": \"no status\"}",
      "\"Hello from Lambda!\"",
      "[]",
      "garbage",
      "{\"statusCode\": 200, \"multiValueHeaders\": {\"a\": \"not-a-list\"}}",
      "{\"statusCode\": 200, \"headers\": {\"a\": {\"b\": 1}}}"})
  void v1MalformedPayloadIsA502(String payload) {
    assertIsFunctionError(HttpApiResponses.fromV1(utf8(payload)));
  }

  @Test
  void notFoundIsApiGatewaysOwn404() {
    GatewayResponse r = HttpApiResponses.notFound();
    assertEquals(404, r.status());
    assertEquals("{\"message\":\"Not Found\"}", r.bodyText());
  }

  private static void assertIsFunctionError(GatewayResponse r) {
    assertEquals(502, r.status());
    assertEquals("{\"message\":\"Internal Server Error\"}", r.bodyText());
    assertEquals(List.of(Map.entry("Content-Type", "application/json")), r.headers());
    assertEquals(HttpApiResponses.functionError().bodyText(), r.bodyText());
  }
}

package dev.gust.gateway;

import static dev.gust.gateway.Fixtures.assertJson;
import static dev.gust.gateway.Fixtures.json;
import static dev.gust.gateway.Fixtures.request;
import static dev.gust.gateway.Fixtures.route;
import static dev.gust.gateway.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpApiEventsTest {
  private static final RouteTable ROUTES =
      new RouteTable(List.of(route("POST /items/{id}"), route("GET /items/{id}"),
          route("$default")));

  private static EventContext context(GatewayRequest r) {
    return EventContext.forRoute(ROUTES.match(r.method(), r.rawPath()).orElseThrow(), "$default",
        "abc123", "123456789012", "abc123");
  }

  @Test
  void v2EventWithCookiesRepeatedHeadersRepeatedQueryAndBinaryBody() {
    GatewayRequest r = request("POST", "/items/42%20x?b=2&a=1&b=3&flag",
        new byte[] {0, 1, 2, (byte) 0xff},
        "Host", "abc123.example.com",
        "User-Agent", "curl/8.5.0",
        "Cookie", "session=s1; theme=dark",
        "X-Multi", "one",
        "x-multi", "two",
        "Cookie", "c=3",
        "Content-Type", "application/octet-stream");
    assertJson("""
        {
          "version": "2.0",
          "routeKey": "POST /items/{id}",
          "rawPath": "/items/42%20x",
          "rawQueryString": "b=2&a=1&b=3&flag",
          "cookies": ["session=s1", "theme=dark", "c=3"],
          "headers": {
            "host": "abc123.example.com",
            "user-agent": "curl/8.5.0",
            "x-multi": "one,two",
            "content-type": "application/octet-stream"
          },
          "queryStringParameters": {"b": "2,3", "a": "1", "flag": ""},
          "pathParameters": {"id": "42 x"},
          "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "domainName": "abc123.example.com",
            "domainPrefix": "abc123",
            "http": {
              "method": "POST",
              "path": "/items/42%20x",
              "protocol": "HTTP/1.1",
              "sourceIp": "203.0.113.7",
              "userAgent": "curl/8.5.0"
            },
            "requestId": "req-1",
            "routeKey": "POST /items/{id}",
            "stage": "$default",
            "time": "12/Mar/2020:19:03:58 +0000",
            "timeEpoch": 1584039838390
          },
          "body": "AAEC/w==",
          "isBase64Encoded": true
        }
        """, HttpApiEvents.v2(r, context(r)));
  }

  @Test
  void v2OmitsEmptyOptionalFields() {
    GatewayRequest r = request("GET", "/items/1");
    JsonNode e = json(HttpApiEvents.v2(r, context(r)));
    for (String absent : List.of("cookies", "queryStringParameters", "body", "stageVariables")) {
      assertFalse(e.has(absent), absent);
    }
    assertFalse(e.get("requestContext").has("authentication"));
    assertFalse(e.get("requestContext").has("authorizer"));
    assertEquals(json("{}"), e.get("headers"));
    assertEquals("", e.get("requestContext").get("http").get("userAgent").asText());
    assertFalse(e.get("isBase64Encoded").asBoolean());
  }

  @Test
  void v2DefaultRouteAndFunctionUrlHaveNoPathParameters() {
    GatewayRequest r = request("DELETE", "/anything");
    JsonNode routed = json(HttpApiEvents.v2(r, context(r)));
    assertEquals("$default", routed.get("routeKey").asText());
    assertFalse(routed.has("pathParameters"));
    JsonNode url = json(HttpApiEvents.v2(r, EventContext.forFunctionUrl("u1", "123456789012")));
    assertEquals("$default", url.get("requestContext").get("stage").asText());
    assertEquals("u1", url.get("requestContext").get("apiId").asText());
    assertEquals("u1", url.get("requestContext").get("domainPrefix").asText());
  }

  @Test
  void v2CarriesTheAuthorizerWhenGiven() {
    GatewayRequest r = request("GET", "/items/1");
    EventContext ctx = context(r).withAuthorizer(
        Map.of("jwt", Map.of("claims", Map.of("sub", "u-1"), "scopes", List.of("read"))));
    assertEquals(json("{\"jwt\":{\"claims\":{\"sub\":\"u-1\"},\"scopes\":[\"read\"]}}"),
        json(HttpApiEvents.v2(r, ctx)).get("requestContext").get("authorizer"));
  }

  @ParameterizedTest(name = "{0} -> base64 {1}")
  @CsvSource(delimiter = '|', textBlock = """
      text/plain; charset=utf-8         | false
      application/json                  | false
      Application/JSON                  | false
      application/vnd.api+json          | false
      application/soap+xml              | false
      application/xml                   | false
      application/javascript            | false
      application/x-www-form-urlencoded | false
      image/png                         | true
      multipart/form-data; boundary=x   | true
      application/octet-stream          | true
      ''                                | true
      """)
  void bodyIsTextOrBase64ByContentType(String contentType, boolean base64) {
    GatewayRequest r = contentType.isEmpty()
        ? request("POST", "/items/1", utf8("héllo"))
        : request("POST", "/items/1", utf8("héllo"), "Content-Type", contentType);
    JsonNode e = json(HttpApiEvents.v2(r, context(r)));
    assertEquals(base64, e.get("isBase64Encoded").asBoolean());
    assertEquals(base64 ? "aMOpbGxv" : "héllo", e.get("body").asText());
  }

  @Test
  void textTypeWithInvalidUtf8TravelsAsBase64() {
    GatewayRequest r =
        request("POST", "/items/1", new byte[] {(byte) 0xe9}, "Content-Type", "text/plain");
    JsonNode e = json(HttpApiEvents.v2(r, context(r)));
    assertTrue(e.get("isBase64Encoded").asBoolean());
    assertEquals("6Q==", e.get("body").asText());
  }

  @Test
  void queryParametersAreDecoded() {
    GatewayRequest r = request("GET", "/items/1?q=a+b%2Bc&caf%C3%A9=%E2%9C%93&&x");
    assertEquals(json("{\"q\":\"a b+c\",\"café\":\"✓\",\"x\":\"\"}"),
        json(HttpApiEvents.v2(r, context(r))).get("queryStringParameters"));
  }

  @Test
  void v1EventKeepsHeaderCaseAndMultiValues() {
    GatewayRequest r = request("GET", "/items/42?x=1&x=2&y=3", utf8("{\"k\":1}"),
        "Accept", "text/html",
        "Cookie", "k=v",
        "accept", "application/json",
        "User-Agent", "curl/8.5.0",
        "Content-Type", "application/json");
    assertJson("""
        {
          "version": "1.0",
          "resource": "/items/{id}",
          "path": "/items/42",
          "httpMethod": "GET",
          "headers": {"Accept": "application/json", "Cookie": "k=v",
                      "User-Agent": "curl/8.5.0", "Content-Type": "application/json"},
          "multiValueHeaders": {"Accept": ["text/html", "application/json"], "Cookie": ["k=v"],
                                "User-Agent": ["curl/8.5.0"], "Content-Type": ["application/json"]},
          "queryStringParameters": {"x": "2", "y": "3"},
          "multiValueQueryStringParameters": {"x": ["1", "2"], "y": ["3"]},
          "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "domainName": "abc123.example.com",
            "domainPrefix": "abc123",
            "extendedRequestId": "req-1",
            "httpMethod": "GET",
            "identity": {
              "accessKey": null, "accountId": null, "caller": null, "cognitoAmr": null,
              "cognitoAuthenticationProvider": null, "cognitoAuthenticationType": null,
              "cognitoIdentityId": null, "cognitoIdentityPoolId": null, "principalOrgId": null,
              "sourceIp": "203.0.113.7", "user": null, "userAgent": "curl/8.5.0", "userArn": null
            },
            "path": "/items/42",
            "protocol": "HTTP/1.1",
            "requestId": "req-1",
            "requestTime": "12/Mar/2020:19:03:58 +0000",
            "requestTimeEpoch": 1584039838390,
            "resourceId": "GET /items/{id}",
            "resourcePath": "/items/{id}",
            "stage": "$default"
          },
          "pathParameters": {"id": "42"},
          "stageVariables": null,
          "body": "{\\"k\\":1}",
          "isBase64Encoded": false
        }
        """, HttpApiEvents.v1(r, context(r)));
  }

  @Test
  void v1DefaultRouteWithoutQueryOrBodyUsesNulls() {
    GatewayRequest r = request("PUT", "/x");
    JsonNode e = json(HttpApiEvents.v1(r, context(r)));
    assertEquals("$default", e.get("resource").asText());
    assertEquals("$default", e.get("requestContext").get("resourcePath").asText());
    for (String nullField : List.of("headers", "multiValueHeaders", "queryStringParameters",
        "multiValueQueryStringParameters", "pathParameters", "stageVariables", "body")) {
      assertTrue(e.get(nullField).isNull(), nullField);
    }
  }

  @Test
  void v1FlattensJwtAuthorizer() {
    GatewayRequest r = request("GET", "/items/1");
    EventContext ctx = context(r).withAuthorizer(
        Map.of("jwt", Map.of("claims", Map.of("sub", "u-1"), "scopes", List.of("read"))));
    assertEquals(json("{\"claims\":{\"sub\":\"u-1\"},\"scopes\":[\"read\"]}"),
        json(HttpApiEvents.v1(r, ctx)).get("requestContext").get("authorizer"));
  }
}

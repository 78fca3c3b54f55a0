package dev.gust.gateway;

import static dev.gust.gateway.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gust.core.Cors;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorsPolicyTest {
  private static final Cors SITE = new Cors(false, List.of("content-type", "x-api-key"),
      List.of("GET", "PUT"), List.of("https://app.example.com"), List.of("x-request-id"), 300);

  private static GatewayRequest preflightFrom(String origin, String method, String headers) {
    return request("OPTIONS", "/items", "Origin", origin,
        "Access-Control-Request-Method", method, "Access-Control-Request-Headers", headers);
  }

  @Test
  void allowedPreflightGetsTheConfiguredHeaders() {
    GatewayResponse r = CorsPolicy.preflight(SITE,
        preflightFrom("https://app.example.com", "PUT", "Content-Type, X-Api-Key")).orElseThrow();
    assertEquals(204, r.status());
    assertEquals(List.of(
        Map.entry("Access-Control-Allow-Origin", "https://app.example.com"),
        Map.entry("Vary", "Origin"),
        Map.entry("Access-Control-Allow-Methods", "GET,PUT"),
        Map.entry("Access-Control-Allow-Headers", "content-type,x-api-key"),
        Map.entry("Access-Control-Max-Age", "300")), r.headers());
  }

  @ParameterizedTest(name = "{0} {1} [{2}]")
  @CsvSource(delimiter = '|', textBlock = """
      https://evil.example.com | PUT    | content-type
      https://app.example.com  | DELETE | content-type
      https://app.example.com  | PUT    | authorization
      http://app.example.com   | GET    | ''
      """)
  void refusedPreflightIsABare204(String origin, String method, String headers) {
    GatewayResponse r = CorsPolicy.preflight(SITE, preflightFrom(origin, method, headers))
        .orElseThrow();
    assertEquals(204, r.status());
    assertTrue(r.headers().isEmpty(), r.headers().toString());
  }

  @Test
  void safelistedMethodIsAllowedEvenWhenNotListed() {
    assertTrue(CorsPolicy.preflight(SITE, preflightFrom("https://app.example.com", "POST", ""))
        .orElseThrow().header("Access-Control-Allow-Origin").isPresent());
  }

  @Test
  void onlyOptionsWithOriginAndRequestMethodIsAPreflight() {
    assertEquals(Optional.empty(), CorsPolicy.preflight(SITE,
        request("OPTIONS", "/items", "Origin", "https://app.example.com")));
    assertEquals(Optional.empty(), CorsPolicy.preflight(SITE,
        request("OPTIONS", "/items", "Access-Control-Request-Method", "GET")));
    assertEquals(Optional.empty(), CorsPolicy.preflight(SITE, request("GET", "/items",
        "Origin", "https://app.example.com", "Access-Control-Request-Method", "GET")));
  }

  @Test
  void wildcardsAnswerStarAndEchoTheRequest() {
    Cors open = new Cors(false, List.of("*"), List.of("*"), List.of("*"), List.of(), 0);
    GatewayResponse r = CorsPolicy.preflight(open,
        preflightFrom("https://any.example.org", "PATCH", "X-One,x-two")).orElseThrow();
    assertEquals(List.of(
        Map.entry("Access-Control-Allow-Origin", "*"),
        Map.entry("Access-Control-Allow-Methods", "PATCH"),
        Map.entry("Access-Control-Allow-Headers", "x-one,x-two")), r.headers());
  }

  @Test
  void wildcardOriginWithCredentialsEchoesTheOrigin() {
    Cors creds = new Cors(true, List.of(), List.of("GET"), List.of("*"), List.of("date"), 0);
    GatewayRequest get = request("GET", "/items", "Origin", "https://a.example.net");
    assertEquals(List.of(
        Map.entry("Access-Control-Allow-Origin", "https://a.example.net"),
        Map.entry("Access-Control-Allow-Credentials", "true"),
        Map.entry("Vary", "Origin"),
        Map.entry("Access-Control-Expose-Headers", "date")),
        CorsPolicy.responseHeaders(creds, get));
  }

  @ParameterizedTest(name = "{0} allowed by {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      https://app.example.com  | https://*               | true
      HTTPS://App.Example.com  | https://app.example.com | true
      http://app.example.com   | https://*               | false
      http://localhost:3000    | http://*                | true
      https://                 | https://*               | false
      null                     | https://*               | false
      null                     | null                    | true
      """)
  void originMatching(String origin, String allowed, boolean expected) {
    Cors cors = new Cors(false, List.of(), List.of(), List.of(allowed), List.of(), 0);
    assertEquals(expected, CorsPolicy.originAllowed(cors, origin));
  }

  @Test
  void actualResponseGetsHeadersOnlyForAnAllowedOrigin() {
    assertEquals(List.of(
        Map.entry("Access-Control-Allow-Origin", "https://app.example.com"),
        Map.entry("Vary", "Origin"),
        Map.entry("Access-Control-Expose-Headers", "x-request-id")),
        CorsPolicy.responseHeaders(SITE,
            request("GET", "/items", "Origin", "https://app.example.com")));
    assertTrue(CorsPolicy.responseHeaders(SITE, request("GET", "/items")).isEmpty());
    assertTrue(CorsPolicy.responseHeaders(SITE,
        request("GET", "/items", "Origin", "https://evil.example.com")).isEmpty());
  }

  @Test
  void applyReplacesTheFunctionsCorsHeaders() {
    GatewayResponse fromFunction = new GatewayResponse(200, List.of(
        Map.entry("Content-Type", "text/plain"),
        Map.entry("access-control-allow-origin", "*"),
        Map.entry("Access-Control-Allow-Credentials", "true")), new byte[] {'o', 'k'});
    GatewayResponse r = CorsPolicy.apply(SITE,
        request("GET", "/items", "Origin", "https://evil.example.com"), fromFunction);
    assertEquals(List.of(Map.entry("Content-Type", "text/plain")), r.headers());
    assertEquals("ok", r.bodyText());
    GatewayResponse allowed = CorsPolicy.apply(SITE,
        request("GET", "/items", "Origin", "https://app.example.com"), fromFunction);
    assertEquals(List.of("https://app.example.com"),
        allowed.headerValues("Access-Control-Allow-Origin"));
    assertFalse(allowed.header("Access-Control-Allow-Credentials").isPresent());
  }
}

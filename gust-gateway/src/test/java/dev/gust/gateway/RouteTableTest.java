package dev.gust.gateway;

import static dev.gust.gateway.Fixtures.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTableTest {
  private final RouteTable table = new RouteTable(List.of(
      route("$default"),
      route("GET /{proxy+}"),
      route("ANY /items/{proxy+}"),
      route("GET /items/{id}"),
      route("GET /items/special"),
      route("POST /items"),
      route("GET /")));

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      GET    | /items/special   | GET /items/special
      GET    | /items/42        | GET /items/{id}
      GET    | /items/42/x      | ANY /items/{proxy+}
      GET    | /other           | GET /{proxy+}
      GET    | /a/b/c           | GET /{proxy+}
      POST   | /items/42        | ANY /items/{proxy+}
      DELETE | /items/special   | ANY /items/{proxy+}
      POST   | /other           | $default
      GET    | /items/special/  | GET /items/special
      GET    | /items/%73pecial | GET /items/special
      GET    | /items           | GET /{proxy+}
      POST   | /items           | POST /items
      POST   | /items/          | POST /items
      GET    | /                | GET /
      DELETE | /                | $default
      get    | /items/42        | ANY /items/{proxy+}
      """)
  void mostSpecificRouteWins(String method, String path, String expectedRouteKey) {
    assertEquals(expectedRouteKey, table.match(method, path).orElseThrow().route().routeKey());
  }

  @Test
  void awsDocumentationExampleRoutesAsDocumented() {
    RouteTable aws = new RouteTable(List.of(route("GET /pets/dog/{id}"),
        route("GET /pets/{proxy+}"), route("ANY /{proxy+}"), route("$default")));
    assertEquals("GET /pets/dog/{id}", aws.match("GET", "/pets/dog/1").orElseThrow().route()
        .routeKey());
    assertEquals("GET /pets/{proxy+}", aws.match("GET", "/pets/cat/1").orElseThrow().route()
        .routeKey());
    assertEquals("ANY /{proxy+}", aws.match("POST", "/test/5").orElseThrow().route().routeKey());
  }

  @Test
  void pathSpecificityOutranksTheExactMethod() {
    RouteTable t = new RouteTable(List.of(route("GET /items/{id}"), route("ANY /items/special")));
    assertEquals("ANY /items/special",
        t.match("GET", "/items/special").orElseThrow().route().routeKey());
  }

  @Test
  void exactMethodBeatsAnyForTheSamePath() {
    RouteTable t = new RouteTable(List.of(route("ANY /items/{id}"), route("GET /items/{id}")));
    assertEquals("GET /items/{id}", t.match("GET", "/items/1").orElseThrow().route().routeKey());
    assertEquals("ANY /items/{id}", t.match("PUT", "/items/1").orElseThrow().route().routeKey());
  }

  @Test
  void leftmostLiteralSegmentDecides() {
    RouteTable t = new RouteTable(List.of(route("GET /{a}/x"), route("GET /items/{b}")));
    assertEquals("GET /items/{b}", t.match("GET", "/items/x").orElseThrow().route().routeKey());
  }

  @Test
  void variablesBeatGreedyVariables() {
    RouteTable t = new RouteTable(List.of(route("ANY /{proxy+}"), route("ANY /{id}")));
    assertEquals(List.of("ANY /{id}", "ANY /{proxy+}"),
        t.routesInPrecedenceOrder().stream().map(r -> r.routeKey()).toList());
  }

  @ParameterizedTest(name = "{0} -> {1}={2}")
  @CsvSource(delimiter = '|', textBlock = """
      /items/a%2Fb%20c     | id    | a/b c
      /items/x+y           | id    | x+y
      /items/%C3%A9t%C3%A9 | id    | été
      /items/100%          | id    | 100%
      /items/42/x%20y/z    | proxy | 42/x y/z
      /items/42/x/         | proxy | 42/x/
      /caf%C3%A9/menu      | proxy | café/menu
      """)
  void pathParametersAreDecoded(String path, String name, String value) {
    Map<String, String> params = table.match("GET", path)
        .map(RouteMatch::pathParameters).orElseThrow();
    assertEquals(Map.of(name, value), params);
  }

  @Test
  void greedyVariableNeedsAtLeastOneSegment() {
    RouteTable t = new RouteTable(List.of(route("ANY /items/{proxy+}")));
    assertTrue(t.match("GET", "/items/").isEmpty());
    assertTrue(t.match("GET", "/items").isEmpty());
    assertTrue(t.match("GET", "/").isEmpty());
  }

  @Test
  void variableDoesNotMatchAnEmptySegment() {
    RouteTable t = new RouteTable(List.of(route("GET /items/{id}/tags")));
    assertTrue(t.match("GET", "/items//tags").isEmpty());
    assertEquals(Map.of("id", "7"),
        t.match("GET", "/items/7/tags").orElseThrow().pathParameters());
  }

  @Test
  void defaultRouteHasNoPathParameters() {
    RouteMatch m = table.match("PATCH", "/x").orElseThrow();
    assertEquals("$default", m.route().routeKey());
    assertEquals(Map.of(), m.pathParameters());
  }

  @Test
  void noMatchWithoutDefaultRoute() {
    RouteTable t = new RouteTable(List.of(route("GET /items/{id}")));
    assertTrue(t.match("POST", "/items/1").isEmpty());
    assertTrue(t.match("GET", "/items/1/2").isEmpty());
  }

  @Test
  void duplicateRouteKeysAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RouteTable(List.of(route("GET /a"), route("GET /a"))));
    assertTrue(e.getMessage().contains("GET /a"), e.getMessage());
  }
}

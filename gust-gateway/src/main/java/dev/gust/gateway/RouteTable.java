package dev.gust.gateway;

import dev.gust.core.Route;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the route for a request the way API Gateway HTTP APIs do.
 *
 * <p>AWS's rule ("Routing API requests"): the most specific match wins, with the priorities (1) a
 * full match for a route and method, (2) a match for a route and method with a greedy path
 * variable, (3) the {@code $default} route; {@code ANY} matches the methods not defined for a
 * resource. Their example: with {@code GET /pets/dog/{id}}, {@code GET /pets/{proxy+}}, {@code ANY
 * /{proxy+}} and {@code $default}, {@code GET /pets/dog/1} takes the first, {@code GET
 * /pets/cat/1} the second and {@code POST /test/5} the third.
 *
 * <p>Design: the routes are sorted once, most specific first, and a request takes the first route
 * whose method and path match. The order compares path templates segment by segment from the left
 * (a literal beats a variable, which beats a greedy variable, at the first position where they
 * differ); between templates of the same shape, the exact method beats {@code ANY}. Because two
 * templates that both match one request can only differ by kind at some position (or not at all),
 * this order picks the most specific match without ranking matches per request. {@code $default}
 * is consulted last. Path specificity outranks the method: {@code ANY /items/special} beats {@code
 * GET /items/{id}} for {@code GET /items/special}, as "ANY matches all methods that you haven't
 * defined for a resource" implies.
 *
 * <p>Not documented by AWS, decided here: one trailing slash is ignored when matching (route keys
 * cannot end in {@code /}, and API Gateway is reported to route {@code /hello/} like {@code
 * /hello}); a greedy variable needs at least one character; a variable never matches an empty
 * segment; methods compare case-sensitively; {@code HEAD} is not served by {@code GET} routes.
 */
public final class RouteTable {
  private record Entry(Route route, PathTemplate template) {}

  private static final Comparator<Entry> MOST_SPECIFIC_FIRST =
      Comparator.<Entry, PathTemplate>comparing(Entry::template, PathTemplate::compareSpecificity)
          .thenComparing(e -> e.route().method().equals("ANY"))
          .thenComparing(e -> e.route().routeKey());

  private final List<Entry> entries;
  private final Route defaultRoute;

  /** Builds the table; throws IllegalArgumentException when two routes share a route key. */
  public RouteTable(Collection<Route> routes) {
    List<Entry> list = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    Route fallback = null;
    for (Route r : routes) {
      if (!keys.add(r.routeKey())) {
        throw new IllegalArgumentException(
            "Two routes have the route key '" + r.routeKey() + "'; route keys must be unique.");
      }
      if (r.routeKey().equals(Route.DEFAULT_KEY)) {
        fallback = r;
      } else {
        list.add(new Entry(r, PathTemplate.parse(r.path())));
      }
    }
    list.sort(MOST_SPECIFIC_FIRST);
    this.entries = List.copyOf(list);
    this.defaultRoute = fallback;
  }

  /**
   * The route for a request, or empty when nothing matches (API Gateway then answers 404 {@code
   * {"message":"Not Found"}}, see {@link HttpApiResponses#notFound()}).
   *
   * @param method the request method
   * @param rawPath the request path as received (percent-encoded), without any stage prefix
   */
  public Optional<RouteMatch> match(String method, String rawPath) {
    for (Entry e : entries) {
      String m = e.route().method();
      if (!m.equals("ANY") && !m.equals(method)) {
        continue;
      }
      Map<String, String> params = e.template().match(rawPath);
      if (params != null) {
        return Optional.of(new RouteMatch(e.route(), params));
      }
    }
    return Optional.ofNullable(defaultRoute).map(r -> new RouteMatch(r, Map.of()));
  }

  /** The routes in the order they are tried, most specific first, {@code $default} last. */
  public List<Route> routesInPrecedenceOrder() {
    List<Route> out = new ArrayList<>();
    entries.forEach(e -> out.add(e.route()));
    if (defaultRoute != null) {
      out.add(defaultRoute);
    }
    return out;
  }
}

package dev.gust.gateway;

import dev.gust.core.Route;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The route chosen for a request and the values of its path variables.
 *
 * @param route the matched route ({@code $default} when nothing more specific matched)
 * @param pathParameters variable name to decoded value, in template order ({@code proxy} for
 *     {@code {proxy+}}); empty for routes without variables
 */
public record RouteMatch(Route route, Map<String, String> pathParameters) {

  public RouteMatch {
    Objects.requireNonNull(route, "route");
    pathParameters = Collections.unmodifiableMap(new LinkedHashMap<>(pathParameters));
  }
}

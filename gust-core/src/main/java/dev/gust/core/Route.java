package dev.gust.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One route of Gust's HTTP API: a route key ({@code GET /items/{id}}, {@code ANY /files/{proxy+}}
 * or {@code $default}) mapped to a function or alias, as API Gateway HTTP APIs define routes.
 *
 * @param routeId a stable id (10 lower-case letters and digits, like API Gateway's)
 * @param routeKey {@code METHOD /path} or {@code $default}
 * @param functionName the integration's function
 * @param qualifier its alias or version, or empty for {@code $LATEST}
 * @param payloadFormatVersion {@code 2.0} (the default) or {@code 1.0}
 * @param cors CORS settings answered by the gateway, if any
 * @param timeoutMillis the integration timeout (API Gateway's default 30 s, at most 30 s)
 * @param created when the route was created
 * @param protection what guards the route at the door (JWT, API key, webhook signature,
 *     throttle) as one JSON document that the gateway defines and checks; {@code {}} for none
 */
public record Route(
    String routeId,
    String routeKey,
    String functionName,
    Optional<String> qualifier,
    String payloadFormatVersion,
    Optional<Cors> cors,
    int timeoutMillis,
    Instant created,
    String protection) {

  public static final String DEFAULT_KEY = "$default";

  public Route {
    Objects.requireNonNull(routeId);
    requireRouteKey(routeKey);
    Objects.requireNonNull(functionName);
    Objects.requireNonNull(qualifier);
    if (!payloadFormatVersion.equals("2.0") && !payloadFormatVersion.equals("1.0")) {
      throw GustException.invalidParameter(
          "PayloadFormatVersion must be 2.0 or 1.0, not '" + payloadFormatVersion + "'.");
    }
    Objects.requireNonNull(cors);
    if (timeoutMillis < 50 || timeoutMillis > 30_000) {
      throw GustException.invalidParameter(
          "TimeoutInMillis must be between 50 and 30000, not " + timeoutMillis + ".");
    }
    Objects.requireNonNull(created);
    Objects.requireNonNull(protection);
  }

  /** A route nothing guards. */
  public Route(
      String routeId,
      String routeKey,
      String functionName,
      Optional<String> qualifier,
      String payloadFormatVersion,
      Optional<Cors> cors,
      int timeoutMillis,
      Instant created) {
    this(routeId, routeKey, functionName, qualifier, payloadFormatVersion, cors, timeoutMillis,
        created, NO_PROTECTION);
  }

  /** The protection document of a route nothing guards. */
  public static final String NO_PROTECTION = "{}";

  /** The method of the route key ({@code ANY} for {@code $default}). */
  public String method() {
    return routeKey.equals(DEFAULT_KEY) ? "ANY" : routeKey.substring(0, routeKey.indexOf(' '));
  }

  /** The path template of the route key (empty for {@code $default}). */
  public String path() {
    return routeKey.equals(DEFAULT_KEY) ? "" : routeKey.substring(routeKey.indexOf(' ') + 1);
  }

  public Arns.FunctionRef target() {
    return new Arns.FunctionRef(functionName, qualifier);
  }

  /**
   * Checks a route key: {@code $default}, or a method (or {@code ANY}) and a path of segments,
   * where a segment may be a {@code {variable}} and the last one a greedy {@code {name+}}.
   */
  public static void requireRouteKey(String routeKey) {
    if (routeKey == null) {
      throw GustException.invalidParameter("RouteKey is required, e.g. 'GET /items/{id}'.");
    }
    if (routeKey.equals(DEFAULT_KEY)) {
      return;
    }
    String problem = null;
    if (routeKey.length() > 1024) {
      throw GustException.invalidParameter("Route key is longer than 1024 characters.");
    }
    int space = routeKey.indexOf(' ');
    if (space < 0) {
      problem = "it needs a method and a path separated by one space";
    } else {
      String method = routeKey.substring(0, space);
      String path = routeKey.substring(space + 1);
      if (!method.matches("ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS")) {
        problem = "the method must be ANY, GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS";
      } else if (!path.startsWith("/")) {
        problem = "the path must start with /";
      } else if (!path.equals("/")) {
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length && problem == null; i++) {
          String s = segments[i];
          boolean last = i == segments.length - 1;
          if (s.isEmpty()) {
            problem = "the path has an empty segment";
          } else if (s.startsWith("{")) {
            if (!s.matches("\\{[A-Za-z0-9._-]+\\+?}")) {
              problem = "'" + s + "' is not a path variable such as {id} or {proxy+}";
            } else if (s.endsWith("+}") && !last) {
              problem = "a greedy variable such as {proxy+} must be the last segment";
            }
          } else if (!s.matches("[A-Za-z0-9._~!$&'()*,;=:@%-]+")) {
            problem = "'" + s + "' holds characters a path segment cannot";
          }
        }
      }
    }
    if (problem != null) {
      throw GustException.invalidParameter(
          "Route key '" + routeKey + "' is invalid: " + problem
              + ". Examples: 'GET /items/{id}', 'ANY /files/{proxy+}', '$default'.");
    }
  }
}

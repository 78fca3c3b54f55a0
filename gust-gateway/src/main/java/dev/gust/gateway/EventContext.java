package dev.gust.gateway;

import dev.gust.core.Route;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gateway knows about a request beyond the request itself: the route it matched and the
 * API it belongs to. Goes into {@code routeKey}, {@code pathParameters} and {@code requestContext}.
 *
 * @param routeKey the matched route key, e.g. {@code GET /items/{id}} or {@code $default}
 * @param pathParameters decoded path variables; empty when the route has none
 * @param stage the stage name; {@code $default} for the default stage and for function URLs
 * @param apiId the API id (for a function URL, its URL id)
 * @param accountId the account that owns the API or function
 * @param domainPrefix the first label of the domain name, e.g. the API id or URL id
 * @param authorizer what an authorizer established, in payload 2.0 shape, e.g. {@code {"jwt":
 *     {"claims": {...}, "scopes": [...]}}}, {@code {"lambda": {...}}} or {@code {"iam": {...}}}
 */
public record EventContext(
    String routeKey,
    Map<String, String> pathParameters,
    String stage,
    String apiId,
    String accountId,
    String domainPrefix,
    Optional<Map<String, Object>> authorizer) {

  public static final String DEFAULT_STAGE = "$default";

  public EventContext {
    Objects.requireNonNull(routeKey, "routeKey");
    pathParameters = Collections.unmodifiableMap(new LinkedHashMap<>(pathParameters));
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(apiId, "apiId");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(domainPrefix, "domainPrefix");
    Objects.requireNonNull(authorizer, "authorizer");
  }

  /** The context of a request that matched {@code match} on an HTTP API's stage. */
  public static EventContext forRoute(
      RouteMatch match, String stage, String apiId, String accountId, String domainPrefix) {
    return new EventContext(
        match.route().routeKey(), match.pathParameters(), stage, apiId, accountId, domainPrefix,
        Optional.empty());
  }

  /**
   * The context of a function URL request: Lambda sets {@code routeKey} and {@code stage} to
   * {@code $default} as placeholders and uses the URL id as {@code apiId} and domain prefix.
   */
  public static EventContext forFunctionUrl(String urlId, String accountId) {
    return new EventContext(
        Route.DEFAULT_KEY, Map.of(), DEFAULT_STAGE, urlId, accountId, urlId, Optional.empty());
  }

  /** This context with an authorizer's result added. */
  public EventContext withAuthorizer(Map<String, Object> authorizerContext) {
    return new EventContext(
        routeKey, pathParameters, stage, apiId, accountId, domainPrefix,
        Optional.of(Collections.unmodifiableMap(new LinkedHashMap<>(authorizerContext))));
  }

  /** The path template of the route key ({@code $default} when the route is {@code $default}). */
  String resourcePath() {
    int space = routeKey.indexOf(' ');
    return space < 0 ? routeKey : routeKey.substring(space + 1);
  }
}

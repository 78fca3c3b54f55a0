package dev.gust.gateway;

import dev.gust.core.Cors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CORS answered by the gateway, as HTTP APIs and function URLs do when a CORS configuration is set:
 * preflights never reach the function, and the configured headers replace whatever CORS headers the
 * function returned ("API Gateway ignores CORS headers returned from your backend integration").
 *
 * <p>From AWS's documentation: a request gets CORS headers only when it has an {@code Origin}; an
 * {@code OPTIONS} request is a preflight only when it also has {@code
 * Access-Control-Request-Method}; {@code allowOrigins} entries are exact origins, {@code *}, or
 * the scheme wildcards {@code https://*} and {@code http://*}.
 *
 * <p>Decided here where AWS is silent:
 *
 * <ul>
 *   <li>origins compare case-insensitively; {@code null} (the string a sandboxed page sends)
 *       matches only an explicit {@code null} entry or {@code *};
 *   <li>a preflight is allowed when its origin, its method and every requested header are allowed;
 *       the CORS-safelisted methods GET, HEAD and POST are always allowed (browsers never block
 *       them on {@code Access-Control-Allow-Methods}); otherwise the answer is a bare 204, which
 *       the browser reads as a refusal;
 *   <li>{@code *} in {@code allowOrigins} is answered as {@code *} unless credentials are allowed,
 *       in which case the request's origin is echoed (browsers reject {@code *} with credentials),
 *       with {@code Vary: Origin} whenever the origin is echoed;
 *   <li>{@code *} in {@code allowMethods} or {@code allowHeaders} is answered by echoing what the
 *       preflight asked for, which works with and without credentials;
 *   <li>{@code Access-Control-Max-Age} is sent only when {@code maxAge} is above 0.
 * </ul>
 */
public final class CorsPolicy {
  private static final Set<String> SAFELISTED_METHODS = Set.of("GET", "HEAD", "POST");

  private CorsPolicy() {}

  /** Whether the request is a CORS preflight: OPTIONS with Origin and the requested method. */
  public static boolean isPreflight(GatewayRequest r) {
    return r.method().equals("OPTIONS")
        && r.header("origin").isPresent()
        && r.header("access-control-request-method").isPresent();
  }

  /**
   * The gateway's answer to a preflight: 204 with the Access-Control-* headers when the config
   * allows the request, a 204 without them when it does not; empty when {@code r} is not a
   * preflight (route it like any other request).
   */
  public static Optional<GatewayResponse> preflight(Cors cors, GatewayRequest r) {
    if (!isPreflight(r)) {
      return Optional.empty();
    }
    String origin = r.header("origin").orElseThrow();
    String method = r.header("access-control-request-method").orElseThrow().trim();
    List<String> asked = requestedHeaders(r);
    boolean methodAllowed = cors.allowMethods().contains("*")
        || cors.allowMethods().contains(method) || SAFELISTED_METHODS.contains(method);
    boolean headersAllowed = cors.allowHeaders().contains("*")
        || asked.stream().allMatch(h -> containsIgnoreCase(cors.allowHeaders(), h));
    if (!originAllowed(cors, origin) || !methodAllowed || !headersAllowed) {
      return Optional.of(new GatewayResponse(204, List.of(), new byte[0]));
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    addOrigin(cors, origin, headers);
    String methods = cors.allowMethods().contains("*") || cors.allowMethods().isEmpty()
        ? method : String.join(",", cors.allowMethods());
    headers.add(Map.entry("Access-Control-Allow-Methods", methods));
    if (cors.allowHeaders().contains("*")) {
      if (!asked.isEmpty()) {
        headers.add(Map.entry("Access-Control-Allow-Headers", String.join(",", asked)));
      }
    } else if (!cors.allowHeaders().isEmpty()) {
      headers.add(
          Map.entry("Access-Control-Allow-Headers", String.join(",", cors.allowHeaders())));
    }
    if (cors.maxAge() > 0) {
      headers.add(Map.entry("Access-Control-Max-Age", Integer.toString(cors.maxAge())));
    }
    return Optional.of(new GatewayResponse(204, headers, new byte[0]));
  }

  /**
   * The headers to add to an actual (non-preflight) response: Access-Control-Allow-Origin, and
   * -Allow-Credentials, -Expose-Headers and {@code Vary: Origin} as configured; none when the
   * request has no Origin or its origin is not allowed.
   */
  public static List<Map.Entry<String, String>> responseHeaders(Cors cors, GatewayRequest r) {
    Optional<String> origin = r.header("origin");
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    if (origin.isEmpty() || !originAllowed(cors, origin.get())) {
      return headers;
    }
    addOrigin(cors, origin.get(), headers);
    if (!cors.exposeHeaders().isEmpty()) {
      headers.add(
          Map.entry("Access-Control-Expose-Headers", String.join(",", cors.exposeHeaders())));
    }
    return headers;
  }

  /**
   * The function's response with its own Access-Control-* headers removed and the configured ones
   * ({@link #responseHeaders}) added.
   */
  public static GatewayResponse apply(Cors cors, GatewayRequest r, GatewayResponse response) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (Map.Entry<String, String> h : response.headers()) {
      if (!h.getKey().toLowerCase(Locale.ROOT).startsWith("access-control-")) {
        headers.add(h);
      }
    }
    headers.addAll(responseHeaders(cors, r));
    return new GatewayResponse(response.status(), headers, response.body());
  }

  /** Whether {@code origin} is allowed by {@code cors.allowOrigins()}. */
  public static boolean originAllowed(Cors cors, String origin) {
    for (String allowed : cors.allowOrigins()) {
      if (allowed.equals("*") || allowed.equalsIgnoreCase(origin)) {
        return true;
      }
      if (allowed.endsWith("://*")) {
        String scheme = allowed.substring(0, allowed.length() - 1);
        if (origin.length() > scheme.length() && origin.regionMatches(true, 0, scheme, 0,
            scheme.length())) {
          return true;
        }
      }
    }
    return false;
  }

  private static void addOrigin(Cors cors, String origin, List<Map.Entry<String, String>> out) {
    boolean star = cors.allowOrigins().contains("*") && !cors.allowCredentials();
    out.add(Map.entry("Access-Control-Allow-Origin", star ? "*" : origin));
    if (cors.allowCredentials()) {
      out.add(Map.entry("Access-Control-Allow-Credentials", "true"));
    }
    if (!star) {
      out.add(Map.entry("Vary", "Origin"));
    }
  }

  private static List<String> requestedHeaders(GatewayRequest r) {
    List<String> asked = new ArrayList<>();
    for (String value : r.headerValues("access-control-request-headers")) {
      for (String h : value.split(",")) {
        if (!h.isBlank()) {
          asked.add(h.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    return asked;
  }

  private static boolean containsIgnoreCase(List<String> list, String value) {
    return list.stream().anyMatch(v -> v.equalsIgnoreCase(value));
  }
}

package dev.gust.core;

import java.util.List;

/**
 * Cross-origin resource sharing settings of a function URL or a route, as Lambda's {@code Cors}
 * structure spells them.
 *
 * @param allowCredentials {@code Access-Control-Allow-Credentials}
 * @param allowHeaders headers a browser may send ({@code *} for any)
 * @param allowMethods methods a browser may use ({@code *} for any)
 * @param allowOrigins origins allowed ({@code *} for any)
 * @param exposeHeaders response headers a page may read
 * @param maxAge seconds a browser may cache a preflight answer (0 to 86,400)
 */
public record Cors(
    boolean allowCredentials,
    List<String> allowHeaders,
    List<String> allowMethods,
    List<String> allowOrigins,
    List<String> exposeHeaders,
    int maxAge) {

  public Cors {
    allowHeaders = List.copyOf(allowHeaders);
    allowMethods = List.copyOf(allowMethods);
    allowOrigins = List.copyOf(allowOrigins);
    exposeHeaders = List.copyOf(exposeHeaders);
    if (maxAge < 0 || maxAge > 86_400) {
      throw GustException.invalidParameter("Cors.MaxAge must be between 0 and 86400 seconds.");
    }
    for (String m : allowMethods) {
      if (!m.equals("*") && !m.matches("[A-Z]{1,10}")) {
        throw GustException.invalidParameter(
            "Cors.AllowMethods holds '" + m + "'; use HTTP methods such as GET, POST, or *.");
      }
    }
  }
}

package dev.gust.http;

import com.sun.net.httpserver.HttpExchange;
import dev.gust.core.JsonText;
import java.util.Locale;

/**
 * Keeps web pages out of the API. Gust has no authentication yet and trusts loopback, so a page
 * open in the developer's browser must not be able to reach it: a cross-site {@code fetch} with a
 * "simple" content type needs no CORS preflight, and DNS rebinding makes a foreign name resolve to
 * 127.0.0.1. AWS clients and the gust CLI send no {@code Origin} and address the server by a
 * loopback name, so refusing both costs them nothing.
 */
final class BrowserGuard {
  private BrowserGuard() {}

  /** A 403 to send instead of serving the request, or null when it may proceed. */
  static Response check(HttpExchange exchange, int port) {
    var headers = exchange.getRequestHeaders();
    String origin = headers.getFirst("Origin");
    String fetchSite = headers.getFirst("Sec-Fetch-Site");
    if (origin != null || (fetchSite != null && !fetchSite.equals("none"))) {
      return refuse(
          "Requests from web pages are refused: the Gust API serves the AWS CLI, the AWS SDKs"
              + " and the gust CLI.");
    }
    String host = headers.getFirst("Host");
    if (host != null && !isLoopbackHost(host)) {
      return refuse(
          "Host '" + host + "' is not a loopback name; address Gust as 127.0.0.1, localhost or"
              + " [::1].");
    }
    return null;
  }

  static boolean isLoopbackHost(String hostHeader) {
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 && h.substring(1, end).equals("::1");
    }
    int colon = h.lastIndexOf(':');
    String name = colon >= 0 ? h.substring(0, colon) : h;
    return name.equals("localhost")
        || name.endsWith(".localhost")
        || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private static Response refuse(String message) {
    return Response.json(403, "{\"Type\":\"User\",\"message\":" + JsonText.quote(message) + "}")
        .withHeader("x-amzn-ErrorType", "AccessDeniedException");
  }
}

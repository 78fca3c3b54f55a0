package dev.gust.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches a method and path to a handler. Templates are segment lists such as {@code
 * /2015-03-31/functions/{FunctionName}/aliases/{Name}}; a {@code {name}} segment captures one
 * URL-decoded segment. Empty segments (trailing slashes) are ignored, as AWS clients send both.
 */
final class Router {

  /** A handler of one operation. */
  @FunctionalInterface
  interface Handler {
    Response handle(Request request) throws Exception;
  }

  private record Route(String method, String[] template, Handler handler) {}

  /** The result of matching: a handler and its path parameters, or why nothing matched. */
  record Match(Handler handler, Map<String, String> params, boolean pathKnown) {}

  private final List<Route> routes = new ArrayList<>();

  Router add(String method, String template, Handler handler) {
    String[] parts =
        java.util.Arrays.stream(template.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    routes.add(new Route(method, parts, handler));
    return this;
  }

  Match match(String method, List<String> segments) {
    boolean pathKnown = false;
    for (Route r : routes) {
      Map<String, String> params = matchPath(r.template(), segments);
      if (params == null) {
        continue;
      }
      pathKnown = true;
      if (r.method().equals(method)) {
        return new Match(r.handler(), params, true);
      }
    }
    return new Match(null, Map.of(), pathKnown);
  }

  private static Map<String, String> matchPath(String[] template, List<String> segments) {
    if (template.length != segments.size()) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (t.startsWith("{") && t.endsWith("}")) {
        params.put(t.substring(1, t.length() - 1), segments.get(i));
      } else if (!t.equals(segments.get(i))) {
        return null;
      }
    }
    return params;
  }
}

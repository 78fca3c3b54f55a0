package dev.gust.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A route's path template ({@code /items/{id}}, {@code /files/{proxy+}}) compiled into segments,
 * and matched against request paths.
 *
 * <p>Each segment has a kind: a literal, a variable that takes exactly one non-empty segment, or
 * a greedy variable (last only) that takes one or more segments, slashes included. Kinds order by
 * specificity, literal before variable before greedy, which is what {@link RouteTable} sorts by.
 */
final class PathTemplate {
  enum Kind {
    LITERAL,
    VARIABLE,
    GREEDY
  }

  record Segment(Kind kind, String text) {}

  private final List<Segment> segments;

  private PathTemplate(List<Segment> segments) {
    this.segments = List.copyOf(segments);
  }

  /** Compiles a template already checked by {@code Route.requireRouteKey}. */
  static PathTemplate parse(String template) {
    List<Segment> segments = new ArrayList<>();
    if (!template.equals("/")) {
      for (String s : template.substring(1).split("/", -1)) {
        if (s.startsWith("{") && s.endsWith("+}")) {
          segments.add(new Segment(Kind.GREEDY, s.substring(1, s.length() - 2)));
        } else if (s.startsWith("{") && s.endsWith("}")) {
          segments.add(new Segment(Kind.VARIABLE, s.substring(1, s.length() - 1)));
        } else {
          segments.add(new Segment(Kind.LITERAL, UriText.decodePath(s)));
        }
      }
    }
    return new PathTemplate(segments);
  }

  List<Segment> segments() {
    return segments;
  }

  /**
   * Compares specificity segment by segment from the left: at the first position where the kinds
   * differ, the more specific kind wins. Negative when this template is the more specific.
   */
  int compareSpecificity(PathTemplate other) {
    int n = Math.min(segments.size(), other.segments.size());
    for (int i = 0; i < n; i++) {
      int c = segments.get(i).kind().compareTo(other.segments.get(i).kind());
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(other.segments.size(), segments.size());
  }

  /**
   * Matches a raw (percent-encoded) request path; returns the decoded path parameters, or null
   * when the path does not match. One trailing slash is ignored for matching ({@code /items/}
   * matches {@code /items}); a greedy variable keeps it in its value.
   */
  Map<String, String> match(String rawPath) {
    String path = rawPath.length() > 1 && rawPath.endsWith("/")
        ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
    String[] parts = path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
    Map<String, String> params = new LinkedHashMap<>();
    int offset = 1; // index in rawPath where parts[i] starts
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      if (s.kind() == Kind.GREEDY) {
        String rest = offset <= rawPath.length() ? rawPath.substring(offset) : "";
        if (i >= parts.length || rest.isEmpty()) {
          return null;
        }
        params.put(s.text(), UriText.decodePath(rest));
        return params;
      }
      if (i >= parts.length) {
        return null;
      }
      String value = UriText.decodePath(parts[i]);
      if (s.kind() == Kind.LITERAL ? !s.text().equals(value) : value.isEmpty()) {
        return null;
      }
      if (s.kind() == Kind.VARIABLE) {
        params.put(s.text(), value);
      }
      offset += parts[i].length() + 1;
    }
    return segments.size() == parts.length ? params : null;
  }
}

package dev.gust.queue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the one JSON document SQS puts inside an attribute that Gust acts on, the {@code
 * RedrivePolicy}: a flat object whose values are strings, numbers, booleans or null. Anything
 * else (nesting, trailing text) is refused. Values come back as their text.
 */
final class FlatJson {
  private final String text;
  private int at;

  private FlatJson(String text) {
    this.text = text;
  }

  /** The object's members, or empty when {@code text} is not such an object. */
  static Optional<Map<String, String>> parseObject(String text) {
    try {
      FlatJson p = new FlatJson(text);
      p.space();
      Map<String, String> out = p.object();
      p.space();
      return p.at == text.length() ? Optional.of(out) : Optional.empty();
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  private Map<String, String> object() {
    Map<String, String> out = new LinkedHashMap<>();
    expect('{');
    space();
    if (peek() == '}') {
      at++;
      return out;
    }
    while (true) {
      space();
      String key = string();
      space();
      expect(':');
      space();
      out.put(key, value());
      space();
      char c = text.charAt(at++);
      if (c == '}') {
        return out;
      }
      if (c != ',') {
        throw new IllegalArgumentException();
      }
    }
  }

  private String value() {
    char c = peek();
    if (c == '"') {
      return string();
    }
    int start = at;
    while (at < text.length() && "+-.0123456789eEtruefalsn".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
    String token = text.substring(start, at);
    if (token.isEmpty() || c == '{' || c == '[') {
      throw new IllegalArgumentException();
    }
    return token;
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = text.charAt(at++);
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\') {
        char e = text.charAt(at++);
        switch (e) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'u' -> {
            b.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            at += 4;
          }
          default -> b.append(e);
        }
      } else {
        b.append(c);
      }
    }
  }

  private void expect(char c) {
    if (text.charAt(at++) != c) {
      throw new IllegalArgumentException();
    }
  }

  private char peek() {
    return text.charAt(at);
  }

  private void space() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }
}

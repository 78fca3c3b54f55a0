package dev.gust.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Percent-decoding of paths and query strings, as API Gateway does before handing parameters to
 * an integration ("API Gateway decodes URL-encoded request parameters").
 *
 * <p>Lenient on purpose: a {@code %} not followed by two hex digits stays as it is, and bytes that
 * are not UTF-8 become U+FFFD, so a sloppy client gets its request through rather than a 400.
 */
final class UriText {
  private UriText() {}

  /** Decodes a path segment: {@code %XX} only; {@code +} is a literal plus in a path. */
  static String decodePath(String raw) {
    return decode(raw, false);
  }

  /** Decodes a query name or value: {@code %XX}, and {@code +} as a space (HTML forms). */
  static String decodeQuery(String raw) {
    return decode(raw, true);
  }

  /**
   * The query's parameters in order, decoded. {@code a=1&b&c=} gives {@code a=1}, {@code b=""},
   * {@code c=""}; empty pieces such as the one in {@code a=1&&b=2} are skipped.
   */
  static List<Map.Entry<String, String>> queryParameters(String rawQuery) {
    List<Map.Entry<String, String>> params = new ArrayList<>();
    if (rawQuery.isEmpty()) {
      return params;
    }
    for (String piece : rawQuery.split("&")) {
      if (piece.isEmpty()) {
        continue;
      }
      int eq = piece.indexOf('=');
      String name = eq < 0 ? piece : piece.substring(0, eq);
      String value = eq < 0 ? "" : piece.substring(eq + 1);
      params.add(Map.entry(decodeQuery(name), decodeQuery(value)));
    }
    return params;
  }

  private static String decode(String raw, boolean plusIsSpace) {
    if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0
          && hex(raw.charAt(i + 2)) >= 0) {
        bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
        i += 2;
        continue;
      }
      flush(bytes, out);
      out.append(plusIsSpace && c == '+' ? ' ' : c);
    }
    flush(bytes, out);
    return out.toString();
  }

  private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
    if (bytes.size() > 0) {
      out.append(bytes.toString(StandardCharsets.UTF_8));
      bytes.reset();
    }
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}

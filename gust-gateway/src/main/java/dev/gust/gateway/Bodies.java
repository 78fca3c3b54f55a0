package dev.gust.gateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Bodies between HTTP and JSON: which request bodies travel as text and which as base64, and the
 * JSON mapper the package shares.
 *
 * <p>AWS says only that a binary body is base64-encoded. Gust decides "binary" by the request's
 * {@code Content-Type} (its media type, parameters ignored, any case). A body travels as a UTF-8
 * string, {@code isBase64Encoded: false}, when its type is one of
 *
 * <ul>
 *   <li>{@code text/*}
 *   <li>{@code application/json}, or any {@code application/*+json} ({@code vnd.api+json}, ...)
 *   <li>{@code application/xml}, or any {@code application/*+xml} ({@code soap+xml}, ...)
 *   <li>{@code application/javascript}, {@code application/x-javascript}, {@code
 *       application/ecmascript}
 *   <li>{@code application/x-www-form-urlencoded}
 *   <li>{@code application/yaml}, {@code application/x-yaml}, {@code application/graphql}, {@code
 *       application/x-ndjson}, {@code application/ld+json} (covered by {@code +json})
 * </ul>
 *
 * <p>and its bytes are valid UTF-8 (a {@code text/plain} body in Latin-1 is sent as base64 rather
 * than corrupted). Everything else, including a body without a {@code Content-Type} and {@code
 * multipart/form-data}, is base64.
 */
final class Bodies {
  /** Strict about trailing garbage: {@code {"a":1} x} is not a valid function response. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private static final Set<String> TEXT_TYPES =
      Set.of(
          "application/json",
          "application/xml",
          "application/javascript",
          "application/x-javascript",
          "application/ecmascript",
          "application/x-www-form-urlencoded",
          "application/yaml",
          "application/x-yaml",
          "application/graphql",
          "application/x-ndjson");

  private Bodies() {}

  /** Whether a body of this content type travels as text (see the class comment). */
  static boolean isTextType(Optional<String> contentType) {
    if (contentType.isEmpty()) {
      return false;
    }
    String type = contentType.get();
    int semicolon = type.indexOf(';');
    type = (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    return type.startsWith("text/")
        || TEXT_TYPES.contains(type)
        || (type.startsWith("application/") && (type.endsWith("+json") || type.endsWith("+xml")));
  }

  /** The body as a UTF-8 string when it may travel as text, else empty (send it as base64). */
  static Optional<String> asText(Optional<String> contentType, byte[] body) {
    if (!isTextType(contentType)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  static String base64(byte[] body) {
    return Base64.getEncoder().encodeToString(body);
  }

  /**
   * Decodes a function's base64 body; line breaks and other whitespace are tolerated (some
   * runtimes wrap at 76 columns). Throws IllegalArgumentException when it is not base64.
   */
  static byte[] fromBase64(String text) {
    return Base64.getDecoder().decode(text.replaceAll("\\s+", ""));
  }
}

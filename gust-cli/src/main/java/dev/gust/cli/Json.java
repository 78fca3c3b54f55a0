package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** JSON through one lazily built mapper, so commands that never touch JSON never pay for it. */
final class Json {
  private Json() {}

  private static final class Holder {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  static ObjectMapper mapper() {
    return Holder.MAPPER;
  }

  static ObjectNode object() {
    return mapper().createObjectNode();
  }

  static JsonNode parse(byte[] bytes) throws IOException {
    return bytes.length == 0 ? mapper().missingNode() : mapper().readTree(bytes);
  }

  static byte[] bytes(JsonNode node) {
    try {
      return mapper().writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /** The text of a field, or {@code fallback} when it is absent or null. */
  static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? fallback : value.asText();
  }
}

package dev.gust.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gust.core.GustException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Typed reads of request fields; a field of the wrong type is a clear 400. */
final class Fields {
  private Fields() {}

  static Optional<String> text(JsonNode body, String name) {
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw wrongType(name, "a string");
    }
    return Optional.of(n.asText());
  }

  static String requiredText(JsonNode body, String name) {
    return text(body, name)
        .filter(s -> !s.isEmpty())
        .orElseThrow(() -> GustException.invalidParameter(name + " is required."));
  }

  static Optional<Integer> integer(JsonNode body, String name) {
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw wrongType(name, "an integer");
    }
    return Optional.of(n.asInt());
  }

  static boolean bool(JsonNode body, String name) {
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) {
      return false;
    }
    if (!n.isBoolean()) {
      throw wrongType(name, "a boolean");
    }
    return n.asBoolean();
  }

  static Optional<JsonNode> object(JsonNode body, String name) {
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isObject()) {
      throw wrongType(name, "an object");
    }
    return Optional.of(n);
  }

  /** A JSON object of strings, such as Environment.Variables. */
  static Map<String, String> stringMap(JsonNode node, String name) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw wrongType(name, "an object of strings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    node.fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().isTextual()) {
                throw wrongType(name + "." + e.getKey(), "a string");
              }
              out.put(e.getKey(), e.getValue().asText());
            });
    return out;
  }

  /** A JSON object of numbers, such as AdditionalVersionWeights. */
  static Map<String, Double> doubleMap(JsonNode node, String name) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw wrongType(name, "an object of numbers");
    }
    Map<String, Double> out = new LinkedHashMap<>();
    node.fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().isNumber()) {
                throw wrongType(name + "." + e.getKey(), "a number");
              }
              out.put(e.getKey(), e.getValue().asDouble());
            });
    return out;
  }

  private static GustException wrongType(String name, String expected) {
    return GustException.invalidContent(
        "Could not parse request body into json: field '" + name + "' must be " + expected + ".");
  }
}

package dev.gust.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.Cors;
import dev.gust.core.FunctionConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON columns of the registry: a version's {@link FunctionConfig}, an alias's routing weights,
 * the {@link Cors} settings of a function URL or route, and lists of strings (an event source
 * mapping's filter patterns). Field names are written out here, not
 * derived from record components, so renaming a Java field never changes what is on disk.
 */
final class RegistryJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RegistryJson() {}

  static String config(FunctionConfig config) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("runtime", config.runtime());
    node.put("handler", config.handler());
    node.put("role", config.role());
    node.put("description", config.description());
    node.put("memorySize", config.memorySize());
    node.put("timeout", config.timeout());
    node.put("ephemeralStorage", config.ephemeralStorage());
    ObjectNode environment = node.putObject("environment");
    config.environment().forEach(environment::put);
    node.put("architecture", config.architecture());
    config.deadLetterTargetArn().ifPresent(arn -> node.put("deadLetterTargetArn", arn));
    return write(node);
  }

  /**
   * Decodes a stored configuration. It is validated again on the way in, so a value that is no
   * longer accepted (say, a runtime that was removed) fails here with the reason.
   */
  static FunctionConfig config(String json) {
    JsonNode node = read(json);
    Map<String, String> environment = new LinkedHashMap<>();
    node.path("environment")
        .properties()
        .forEach(e -> environment.put(e.getKey(), e.getValue().asText()));
    return new FunctionConfig(
        node.path("runtime").asText(),
        node.hasNonNull("handler") ? node.get("handler").asText() : null,
        node.path("role").asText(""),
        node.path("description").asText(""),
        node.path("memorySize").asInt(),
        node.path("timeout").asInt(),
        node.path("ephemeralStorage").asInt(),
        environment,
        node.path("architecture").asText("x86_64"),
        java.util.Optional.ofNullable(node.path("deadLetterTargetArn").textValue()));
  }

  static String weights(Map<String, Double> weights) {
    ObjectNode node = MAPPER.createObjectNode();
    weights.forEach(node::put);
    return write(node);
  }

  static Map<String, Double> weights(String json) {
    Map<String, Double> weights = new LinkedHashMap<>();
    read(json).properties().forEach(e -> weights.put(e.getKey(), e.getValue().asDouble()));
    return weights;
  }

  /** Cors as Lambda's {@code Cors} structure spells it. */
  static String cors(Cors cors) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("AllowCredentials", cors.allowCredentials());
    putStrings(node, "AllowHeaders", cors.allowHeaders());
    putStrings(node, "AllowMethods", cors.allowMethods());
    putStrings(node, "AllowOrigins", cors.allowOrigins());
    putStrings(node, "ExposeHeaders", cors.exposeHeaders());
    node.put("MaxAge", cors.maxAge());
    return write(node);
  }

  /** Decodes stored Cors settings; a missing field is Lambda's default (false, empty, 0). */
  static Cors cors(String json) {
    JsonNode node = read(json);
    return new Cors(
        node.path("AllowCredentials").asBoolean(false),
        strings(node, "AllowHeaders"),
        strings(node, "AllowMethods"),
        strings(node, "AllowOrigins"),
        strings(node, "ExposeHeaders"),
        node.path("MaxAge").asInt(0));
  }

  /** A JSON array of strings, such as an event source mapping's filter patterns. */
  static String strings(List<String> values) {
    ArrayNode array = MAPPER.createArrayNode();
    values.forEach(array::add);
    return write(array);
  }

  static List<String> strings(String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || !node.isArray()) {
        throw new IllegalStateException("expected a JSON array of strings, found: " + json);
      }
      List<String> values = new ArrayList<>();
      node.forEach(v -> values.add(v.asText()));
      return values;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not decode registry JSON: " + e.getMessage(), e);
    }
  }

  private static void putStrings(ObjectNode node, String field, List<String> values) {
    ArrayNode array = node.putArray(field);
    values.forEach(array::add);
  }

  private static List<String> strings(JsonNode node, String field) {
    List<String> values = new ArrayList<>();
    node.path(field).forEach(v -> values.add(v.asText()));
    return values;
  }

  private static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not encode registry JSON: " + e.getMessage(), e);
    }
  }

  private static JsonNode read(String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || !node.isObject()) {
        throw new IllegalStateException("expected a JSON object, found: " + json);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not decode registry JSON: " + e.getMessage(), e);
    }
  }
}

package dev.gust.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Typed access to one YAML mapping of {@code gust.yaml}, each failure naming the key. {@code
 * source} says where the mapping is, e.g. {@code fn/gust.yaml} or {@code fn/gust.yaml:
 * events[0].http}; every message starts with it.
 */
record SpecReader(String source, Map<?, ?> map) {

  /** Refuses keys outside {@code allowed}, naming them all. */
  void requireKnownKeys(List<String> allowed) throws CliException {
    for (Object key : map.keySet()) {
      if (!allowed.contains(String.valueOf(key))) {
        throw new CliException(
            source + ": unknown key '" + key + "'; allowed keys: " + String.join(", ", allowed));
      }
    }
  }

  Optional<String> string(String key) throws CliException {
    Object value = map.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Map || value instanceof List) {
      throw new CliException(source + ": '" + key + "' must be a single value, not a list or map");
    }
    String text = String.valueOf(value).strip();
    if (text.isEmpty()) {
      throw new CliException(source + ": '" + key + "' is empty; remove it or give it a value");
    }
    return Optional.of(text);
  }

  OptionalInt integer(String key, int min, int max, String unit) throws CliException {
    Object value = map.get(key);
    if (value == null) {
      return OptionalInt.empty();
    }
    if (!(value instanceof Integer number) || number < min || number > max) {
      throw new CliException(
          source
              + ": '"
              + key
              + "' must be a whole number of "
              + unit
              + " from "
              + min
              + " to "
              + max
              + ", got '"
              + value
              + "'");
    }
    return OptionalInt.of(number);
  }

  Optional<Boolean> bool(String key) throws CliException {
    Object value = map.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof Boolean flag)) {
      throw new CliException(source + ": '" + key + "' must be true or false, got '" + value + "'");
    }
    return Optional.of(flag);
  }

  /** A list of single values; one value alone counts as a list of one. */
  Optional<List<String>> strings(String key) throws CliException {
    Object value = map.get(key);
    if (value == null) {
      return Optional.empty();
    }
    List<?> items = value instanceof List<?> list ? list : List.of(value);
    List<String> result = new ArrayList<>();
    for (Object item : items) {
      if (item == null || item instanceof Map || item instanceof List) {
        throw new CliException(
            source + ": '" + key + "' must be a list of single values, such as ['*']");
      }
      result.add(String.valueOf(item).strip());
    }
    return Optional.of(List.copyOf(result));
  }

  /** A nested mapping; {@code example} shows its shape in the error. */
  Optional<Map<?, ?>> mapping(String key, String example) throws CliException {
    Object value = map.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof Map<?, ?> nested)) {
      throw new CliException(source + ": '" + key + "' must be a mapping such as " + example);
    }
    return Optional.of(nested);
  }

  Optional<Map<String, String>> environment(String key) throws CliException {
    Object value = map.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof Map<?, ?> vars)) {
      throw new CliException(
          source + ": '" + key + "' must be a mapping such as 'LOG_LEVEL: debug'");
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : vars.entrySet()) {
      Object v = e.getValue();
      if (!(e.getKey() instanceof String name)
          || v == null
          || v instanceof Map
          || v instanceof List) {
        throw new CliException(
            source + ": " + key + "." + e.getKey() + " must be a name with a single value");
      }
      result.put(name, String.valueOf(v));
    }
    return Optional.of(result);
  }
}

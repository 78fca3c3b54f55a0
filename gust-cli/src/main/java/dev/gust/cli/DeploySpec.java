package dev.gust.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A function folder's {@code gust.yaml}: what {@code gust deploy} creates or updates. Every key is
 * optional; the whole file is validated before anything is built or uploaded.
 *
 * @param memory memory in MB, 128 to 10,240 as in Lambda
 * @param timeout timeout in seconds, 1 to 900 as in Lambda
 * @param environment the complete set of environment variables, when the file names any
 * @param build a shell command run with {@code sh -c} in the folder before packaging
 * @param packagePath a .zip or .jar to upload as-is, or a sub-folder to zip, relative to the folder
 */
record DeploySpec(
    Optional<String> name,
    Optional<String> runtime,
    Optional<String> handler,
    OptionalInt memory,
    OptionalInt timeout,
    Optional<String> description,
    Optional<Map<String, String>> environment,
    Optional<String> build,
    Optional<String> packagePath) {

  static final String FILE_NAME = "gust.yaml";
  static final List<String> KEYS =
      List.of(
          "name",
          "runtime",
          "handler",
          "memory",
          "timeout",
          "description",
          "environment",
          "build",
          "package");

  DeploySpec {
    environment = environment.map(Map::copyOf);
  }

  static DeploySpec empty() {
    return new DeploySpec(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        OptionalInt.empty(),
        OptionalInt.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** Reads {@code folder/gust.yaml}, or returns an empty spec when the folder has none. */
  static DeploySpec load(Path folder) throws CliException {
    Path file = folder.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return empty();
    }
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses and validates; errors name the source, the key and what is allowed. */
  static DeploySpec parse(String yaml, String source) throws CliException {
    Object document;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      document = new Yaml(new SafeConstructor(options)).load(yaml);
    } catch (YAMLException e) {
      throw new CliException(source + ": not valid YAML: " + e.getMessage());
    }
    if (document == null) {
      document = Map.of();
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new CliException(source + ": expected a mapping of keys such as 'runtime: python3.12'");
    }
    SpecReader r = new SpecReader(source, map);
    for (Object key : map.keySet()) {
      if (!KEYS.contains(String.valueOf(key))) {
        throw new CliException(
            source + ": unknown key '" + key + "'; allowed keys: " + String.join(", ", KEYS));
      }
    }
    return new DeploySpec(
        r.string("name"),
        r.string("runtime"),
        r.string("handler"),
        r.integer("memory", 128, 10_240, "MB"),
        r.integer("timeout", 1, 900, "seconds"),
        r.string("description"),
        r.environment("environment"),
        r.string("build"),
        r.string("package"));
  }

  /** Whether the file sets any function configuration (as opposed to build or package). */
  boolean hasSettings() {
    return !settings().isEmpty();
  }

  /**
   * The configuration fields set here, named as CreateFunction and UpdateFunctionConfiguration name
   * them.
   */
  ObjectNode settings() {
    ObjectNode settings = Json.object();
    runtime.ifPresent(v -> settings.put("Runtime", v));
    handler.ifPresent(v -> settings.put("Handler", v));
    memory.ifPresent(v -> settings.put("MemorySize", v));
    timeout.ifPresent(v -> settings.put("Timeout", v));
    description.ifPresent(v -> settings.put("Description", v));
    environment.ifPresent(
        vars -> {
          ObjectNode variables = settings.putObject("Environment").putObject("Variables");
          new TreeMap<>(vars).forEach(variables::put);
        });
    return settings;
  }

  /** Typed access to the YAML mapping, each failure naming the key. */
  private record SpecReader(String source, Map<?, ?> map) {
    Optional<String> string(String key) throws CliException {
      Object value = map.get(key);
      if (value == null) {
        return Optional.empty();
      }
      if (value instanceof Map || value instanceof List) {
        throw new CliException(
            source + ": '" + key + "' must be a single value, not a list or map");
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
}

package dev.gust.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * @param events the complete set of routes and function URLs, when the file has {@code events};
 *     without it {@code gust deploy} leaves them alone
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
    Optional<String> packagePath,
    Optional<Events> events,
    Optional<AsyncSpec> async) {

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
          "package",
          "events",
          "async");

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
      // {id} in a path is a nested mapping to YAML when the path sits inside { }.
      String hint =
          String.valueOf(e.getMessage()).contains("flow mapping") && yaml.contains("/{")
              ? "\nhint: inside { } quote a path with variables, e.g. {path: '/items/{id}'}"
              : "";
      throw new CliException(source + ": not valid YAML: " + e.getMessage() + hint);
    }
    if (document == null) {
      document = Map.of();
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new CliException(source + ": expected a mapping of keys such as 'runtime: python3.12'");
    }
    SpecReader r = new SpecReader(source, map);
    r.requireKnownKeys(KEYS);
    return new DeploySpec(
        r.string("name"),
        r.string("runtime"),
        r.string("handler"),
        r.integer("memory", 128, 10_240, "MB"),
        r.integer("timeout", 1, 900, "seconds"),
        r.string("description"),
        r.environment("environment"),
        r.string("build"),
        r.string("package"),
        map.get("events") == null
            ? Optional.empty()
            : Optional.of(Events.parse(map.get("events"), source)),
        AsyncSpec.read(r));
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
}

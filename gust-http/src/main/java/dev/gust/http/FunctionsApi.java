package dev.gust.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.Arns;
import dev.gust.core.FunctionConfig;
import dev.gust.core.FunctionRegistry;
import dev.gust.core.FunctionState;
import dev.gust.core.FunctionVersion;
import dev.gust.core.GustException;
import dev.gust.core.Limits;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** CreateFunction, Get/List/Update/DeleteFunction, PublishVersion and ListVersionsByFunction. */
final class FunctionsApi {
  /** Lambda's request limit for operations that carry a base64 zip. */
  static final int MAX_CODE_REQUEST_BYTES = 70_167_211;

  static final int MAX_CONFIG_REQUEST_BYTES = 256 * 1024;

  private final FunctionRegistry registry;
  private final ObjectMapper mapper;
  private final LambdaShapes shapes;

  FunctionsApi(FunctionRegistry registry, ObjectMapper mapper, LambdaShapes shapes) {
    this.registry = registry;
    this.mapper = mapper;
    this.shapes = shapes;
  }

  void register(Router router) {
    String base = "/2015-03-31/functions";
    router
        .add("POST", base, this::create)
        .add("GET", base, this::list)
        .add("GET", base + "/{FunctionName}", this::get)
        .add("DELETE", base + "/{FunctionName}", this::delete)
        .add("GET", base + "/{FunctionName}/configuration", this::getConfiguration)
        .add("PUT", base + "/{FunctionName}/configuration", this::updateConfiguration)
        .add("PUT", base + "/{FunctionName}/code", this::updateCode)
        .add("POST", base + "/{FunctionName}/versions", this::publish)
        .add("GET", base + "/{FunctionName}/versions", this::listVersions);
  }

  private Arns.FunctionRef ref(Request r) {
    return registry.arns().parseFunctionName(r.path("FunctionName")).withQualifier(r.query("Qualifier").orElse(null));
  }

  private String unqualifiedName(Request r) {
    Arns.FunctionRef ref = registry.arns().parseFunctionName(r.path("FunctionName"));
    if (ref.qualifier().isPresent()) {
      throw GustException.invalidParameter(
          "This operation does not take a qualified function name; remove ':"
              + ref.qualifier().get() + "'.");
    }
    return ref.name();
  }

  Response create(Request r) throws Exception {
    JsonNode body = r.json(mapper, MAX_CODE_REQUEST_BYTES, "CreateFunction");
    String rawName = Fields.requiredText(body, "FunctionName");
    Arns.FunctionRef ref = registry.arns().parseFunctionName(rawName);
    if (ref.qualifier().isPresent()) {
      throw GustException.invalidParameter("FunctionName must not carry a qualifier when creating a function.");
    }
    if (Fields.text(body, "PackageType").filter(p -> !p.equals("Zip")).isPresent()) {
      throw GustException.invalidParameter(
          "PackageType " + body.get("PackageType").asText()
              + " is not supported: Gust runs .zip packages (PackageType Zip).");
    }
    String runtime = Fields.text(body, "Runtime").orElseThrow(
        () -> GustException.invalidParameter("Runtime is required for .zip deployment packages."));
    JsonNode env = Fields.object(body, "Environment").map(e -> e.get("Variables")).orElse(null);
    FunctionConfig config =
        new FunctionConfig(
            runtime,
            Fields.text(body, "Handler").orElse(null),
            Fields.text(body, "Role").orElse(""),
            Fields.text(body, "Description").orElse(""),
            Fields.integer(body, "MemorySize").orElse(Limits.DEFAULT_MEMORY_MB),
            Fields.integer(body, "Timeout").orElse(Limits.DEFAULT_TIMEOUT_S),
            Fields.object(body, "EphemeralStorage")
                .flatMap(e -> Fields.integer(e, "Size"))
                .orElse(Limits.DEFAULT_EPHEMERAL_MB),
            Fields.stringMap(env, "Environment.Variables"),
            architecture(body),
            deadLetterTarget(body));
    byte[] zip = zipFile(Fields.object(body, "Code").orElseThrow(
        () -> GustException.invalidParameter("Code is required: pass Code.ZipFile.")));
    FunctionVersion created = registry.create(ref.name(), config, zip, Fields.bool(body, "Publish"));
    return shapes.ok(201, shapes.configuration(created));
  }

  /** {@code DeadLetterConfig.TargetArn}, empty when absent or empty. */
  private static Optional<String> deadLetterTarget(JsonNode body) {
    return Fields.object(body, "DeadLetterConfig").flatMap(d -> Fields.text(d, "TargetArn"));
  }

  private static String architecture(JsonNode body) {
    JsonNode a = body.get("Architectures");
    if (a == null || a.isNull()) {
      return null;
    }
    if (!a.isArray() || a.size() != 1 || !a.get(0).isTextual()) {
      throw GustException.invalidParameter("Architectures must list exactly one of x86_64, arm64.");
    }
    return a.get(0).asText();
  }

  private static byte[] zipFile(JsonNode code) {
    if (code.hasNonNull("S3Bucket") || code.hasNonNull("ImageUri")) {
      throw GustException.invalidParameter(
          "Gust takes code as Code.ZipFile (base64 of a .zip); S3 locations and container images"
              + " are not supported.");
    }
    String b64 = Fields.text(code, "ZipFile").orElseThrow(
        () -> GustException.invalidParameter("Code.ZipFile is required."));
    try {
      return Base64.getMimeDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw GustException.invalidContent("Code.ZipFile is not valid base64: " + e.getMessage());
    }
  }

  Response get(Request r) throws Exception {
    Arns.FunctionRef ref = ref(r);
    FunctionVersion v = registry.version(ref);
    FunctionState f = registry.function(ref.name());
    ObjectNode out = shapes.object();
    out.set("Configuration", shapes.configuration(v));
    ObjectNode code = out.putObject("Code");
    code.put("RepositoryType", "S3");
    String host = r.header("Host").orElse("127.0.0.1");
    code.put("Location", "http://" + host + "/gust/v1/code/" + v.code().key());
    f.reserved().ifPresent(c -> out.putObject("Concurrency").put("ReservedConcurrentExecutions", c));
    return shapes.ok(200, out);
  }

  Response getConfiguration(Request r) throws Exception {
    return shapes.ok(200, shapes.configuration(registry.version(ref(r))));
  }

  Response list(Request r) throws Exception {
    int max = r.queryInt("MaxItems", 1, 10_000).orElse(50);
    boolean all = r.query("FunctionVersion").map("ALL"::equals).orElse(false);
    List<FunctionState> page = registry.list(r.query("Marker").orElse(null), max + 1);
    ObjectNode out = shapes.object();
    ArrayNode functions = out.putArray("Functions");
    for (int i = 0; i < Math.min(max, page.size()); i++) {
      FunctionState f = page.get(i);
      functions.add(shapes.configuration(f.latest()));
      if (all) {
        f.versions().values().forEach(v -> functions.add(shapes.configuration(v)));
      }
    }
    if (page.size() > max) {
      out.put("NextMarker", page.get(max - 1).name());
    }
    return shapes.ok(200, out);
  }

  Response updateConfiguration(Request r) throws Exception {
    String name = unqualifiedName(r);
    JsonNode body = r.json(mapper, MAX_CONFIG_REQUEST_BYTES, "UpdateFunctionConfiguration");
    Optional<String> runtime = Fields.text(body, "Runtime");
    Optional<String> handler = Fields.text(body, "Handler");
    Optional<String> role = Fields.text(body, "Role");
    Optional<String> description = Fields.text(body, "Description");
    Optional<Integer> memory = Fields.integer(body, "MemorySize");
    Optional<Integer> timeout = Fields.integer(body, "Timeout");
    Optional<Integer> ephemeral =
        Fields.object(body, "EphemeralStorage").flatMap(e -> Fields.integer(e, "Size"));
    Optional<Map<String, String>> env =
        Fields.object(body, "Environment")
            .map(e -> Fields.stringMap(e.get("Variables"), "Environment.Variables"));
    Optional<String> deadLetter = Fields.object(body, "DeadLetterConfig")
        .map(d -> Fields.text(d, "TargetArn").orElse(""));
    FunctionVersion updated =
        registry.updateConfiguration(
            name,
            c ->
                new FunctionConfig(
                    runtime.orElse(c.runtime()),
                    handler.orElse(c.handler()),
                    role.orElse(c.role()),
                    description.orElse(c.description()),
                    memory.orElse(c.memorySize()),
                    timeout.orElse(c.timeout()),
                    ephemeral.orElse(c.ephemeralStorage()),
                    env.orElse(c.environment()),
                    c.architecture(),
                    deadLetter.isPresent() ? deadLetter : c.deadLetterTargetArn()),
            Fields.text(body, "RevisionId"));
    return shapes.ok(200, shapes.configuration(updated));
  }

  Response updateCode(Request r) throws Exception {
    String name = unqualifiedName(r);
    JsonNode body = r.json(mapper, MAX_CODE_REQUEST_BYTES, "UpdateFunctionCode");
    byte[] zip = zipFile(body);
    if (Fields.bool(body, "DryRun")) {
      return shapes.ok(200, shapes.configuration(registry.function(name).latest()));
    }
    FunctionVersion updated =
        registry.updateCode(name, zip, Fields.bool(body, "Publish"), Fields.text(body, "RevisionId"));
    return shapes.ok(200, shapes.configuration(updated));
  }

  Response delete(Request r) throws Exception {
    registry.delete(ref(r));
    return Response.empty(204);
  }

  Response publish(Request r) throws Exception {
    String name = unqualifiedName(r);
    JsonNode body = r.json(mapper, MAX_CONFIG_REQUEST_BYTES, "PublishVersion");
    FunctionVersion v =
        registry.publish(
            name,
            Fields.text(body, "CodeSha256"),
            Fields.text(body, "Description"),
            Fields.text(body, "RevisionId"));
    return shapes.ok(201, shapes.configuration(v));
  }

  Response listVersions(Request r) throws Exception {
    String name = unqualifiedName(r);
    int max = r.queryInt("MaxItems", 1, 10_000).orElse(50);
    List<FunctionVersion> page = registry.versions(name, r.query("Marker").orElse(null), max + 1);
    ObjectNode out = shapes.object();
    ArrayNode versions = out.putArray("Versions");
    page.stream().limit(max).forEach(v -> versions.add(shapes.configuration(v)));
    if (page.size() > max) {
      out.put("NextMarker", page.get(max - 1).version());
    }
    return shapes.ok(200, out);
  }
}

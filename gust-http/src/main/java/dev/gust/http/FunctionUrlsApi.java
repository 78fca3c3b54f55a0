package dev.gust.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.Arns;
import dev.gust.core.Cors;
import dev.gust.core.FunctionRegistry;
import dev.gust.core.FunctionUrlConfig;
import dev.gust.core.GatewayRegistry;
import dev.gust.core.GustException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Lambda's function URL operations: Create/Get/Update/Delete/ListFunctionUrlConfig(s). */
final class FunctionUrlsApi {
  /** Where path-based function URLs live on the main port: {@code /lambda-url/<url-id>/...}. */
  static final String PATH_PREFIX = "/lambda-url/";

  private final FunctionRegistry functions;
  private final GatewayRegistry gateway;
  private final ObjectMapper mapper;
  private final LambdaShapes shapes;

  FunctionUrlsApi(
      FunctionRegistry functions, GatewayRegistry gateway, ObjectMapper mapper, LambdaShapes shapes) {
    this.functions = functions;
    this.gateway = gateway;
    this.mapper = mapper;
    this.shapes = shapes;
  }

  void register(Router router) {
    String base = "/2021-10-31/functions/{FunctionName}";
    router
        .add("POST", base + "/url", this::create)
        .add("GET", base + "/url", this::get)
        .add("PUT", base + "/url", this::update)
        .add("DELETE", base + "/url", this::delete)
        .add("GET", base + "/urls", this::list);
  }

  private Arns.FunctionRef ref(Request r) {
    return functions
        .arns()
        .parseFunctionName(r.path("FunctionName"))
        .withQualifier(r.query("Qualifier").orElse(null));
  }

  Response create(Request r) throws Exception {
    JsonNode body = r.json(mapper, FunctionsApi.MAX_CONFIG_REQUEST_BYTES, "CreateFunctionUrlConfig");
    FunctionUrlConfig url =
        gateway.createUrl(
            ref(r),
            Fields.text(body, "AuthType").orElseThrow(
                () -> GustException.invalidParameter("AuthType is required: NONE or AWS_IAM.")),
            cors(body),
            Fields.text(body, "InvokeMode").orElse("BUFFERED"));
    ObjectNode out = shape(url, r);
    out.remove("LastModifiedTime"); // CreateFunctionUrlConfig's response has none
    return shapes.ok(201, out);
  }

  Response get(Request r) throws Exception {
    return shapes.ok(200, shape(gateway.url(ref(r)), r));
  }

  Response update(Request r) throws Exception {
    JsonNode body = r.json(mapper, FunctionsApi.MAX_CONFIG_REQUEST_BYTES, "UpdateFunctionUrlConfig");
    Optional<Optional<Cors>> cors = body.has("Cors") ? Optional.of(cors(body)) : Optional.empty();
    FunctionUrlConfig url =
        gateway.updateUrl(
            ref(r), Fields.text(body, "AuthType"), cors, Fields.text(body, "InvokeMode"));
    return shapes.ok(200, shape(url, r));
  }

  Response delete(Request r) throws Exception {
    gateway.deleteUrl(ref(r));
    return Response.empty(204);
  }

  Response list(Request r) throws Exception {
    Arns.FunctionRef ref = functions.arns().parseFunctionName(r.path("FunctionName"));
    int max = r.queryInt("MaxItems", 1, 50).orElse(50);
    String marker = r.query("Marker").orElse(null);
    List<FunctionUrlConfig> all = gateway.urls(ref.name());
    List<FunctionUrlConfig> page = new ArrayList<>();
    boolean started = marker == null;
    for (FunctionUrlConfig u : all) {
      if (started && page.size() < max + 1) {
        page.add(u);
      }
      if (!started && u.urlId().equals(marker)) {
        started = true;
      }
    }
    ObjectNode out = shapes.object();
    ArrayNode configs = out.putArray("FunctionUrlConfigs");
    page.stream().limit(max).forEach(u -> configs.add(shape(u, r)));
    if (page.size() > max) {
      out.put("NextMarker", page.get(max - 1).urlId());
    }
    return shapes.ok(200, out);
  }

  private ObjectNode shape(FunctionUrlConfig u, Request r) {
    ObjectNode n = shapes.object();
    n.put("FunctionUrl", functionUrl(u, r.header("Host").orElse("127.0.0.1")));
    n.put(
        "FunctionArn",
        u.qualifier()
            .map(q -> functions.arns().qualifiedArn(u.functionName(), q))
            .orElse(functions.arns().functionArn(u.functionName())));
    n.put("AuthType", u.authType());
    u.cors().ifPresent(c -> n.set("Cors", shapes.cors(c)));
    n.put("CreationTime", u.created().toString());
    n.put("LastModifiedTime", u.lastModified().toString());
    n.put("InvokeMode", u.invokeMode());
    return n;
  }

  /**
   * The URL clients use: path-based on the main port, because not every resolver maps {@code
   * *.localhost} to loopback (glibc does not). Browsers may also use {@code
   * http://<url-id>.lambda-url.localhost:<port>/}.
   */
  static String functionUrl(FunctionUrlConfig u, String host) {
    return "http://" + host + PATH_PREFIX + u.urlId() + "/";
  }

  /** Lambda's {@code Cors} structure from a request body; empty when absent. */
  static Optional<Cors> cors(JsonNode body) {
    Optional<JsonNode> c = Fields.object(body, "Cors");
    if (c.isEmpty()) {
      return Optional.empty();
    }
    JsonNode n = c.get();
    return Optional.of(
        new Cors(
            Fields.bool(n, "AllowCredentials"),
            strings(n, "AllowHeaders"),
            strings(n, "AllowMethods"),
            strings(n, "AllowOrigins"),
            strings(n, "ExposeHeaders"),
            Fields.integer(n, "MaxAge").orElse(0)));
  }

  private static List<String> strings(JsonNode n, String field) {
    JsonNode a = n.get(field);
    if (a == null || a.isNull()) {
      return List.of();
    }
    if (!a.isArray()) {
      throw GustException.invalidContent(
          "Could not parse request body into json: Cors." + field + " must be a list of strings.");
    }
    List<String> out = new ArrayList<>();
    a.forEach(v -> out.add(v.asText()));
    return out;
  }
}

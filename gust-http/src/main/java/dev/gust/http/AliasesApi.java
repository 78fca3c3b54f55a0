package dev.gust.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.Alias;
import dev.gust.core.Arns;
import dev.gust.core.FunctionRegistry;
import dev.gust.core.GustException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Create/Get/Update/Delete/ListAliases. */
final class AliasesApi {
  private final FunctionRegistry registry;
  private final ObjectMapper mapper;
  private final LambdaShapes shapes;

  AliasesApi(FunctionRegistry registry, ObjectMapper mapper, LambdaShapes shapes) {
    this.registry = registry;
    this.mapper = mapper;
    this.shapes = shapes;
  }

  void register(Router router) {
    String base = "/2015-03-31/functions/{FunctionName}/aliases";
    router
        .add("POST", base, this::create)
        .add("GET", base, this::list)
        .add("GET", base + "/{Name}", this::get)
        .add("PUT", base + "/{Name}", this::update)
        .add("DELETE", base + "/{Name}", this::delete);
  }

  private String function(Request r) {
    Arns.FunctionRef ref = registry.arns().parseFunctionName(r.path("FunctionName"));
    if (ref.qualifier().isPresent()) {
      throw GustException.invalidParameter("Alias operations take an unqualified function name.");
    }
    return ref.name();
  }

  private static Map<String, Double> weights(JsonNode body) {
    return Fields.object(body, "RoutingConfig")
        .map(rc -> Fields.doubleMap(rc.get("AdditionalVersionWeights"), "RoutingConfig.AdditionalVersionWeights"))
        .orElse(null);
  }

  Response create(Request r) throws Exception {
    String fn = function(r);
    JsonNode body = r.json(mapper, FunctionsApi.MAX_CONFIG_REQUEST_BYTES, "CreateAlias");
    Map<String, Double> weights = weights(body);
    Alias a =
        registry.createAlias(
            fn,
            Fields.requiredText(body, "Name"),
            Fields.requiredText(body, "FunctionVersion"),
            Fields.text(body, "Description").orElse(""),
            weights == null ? Map.of() : weights);
    return shapes.ok(201, shapes.alias(a));
  }

  Response get(Request r) throws Exception {
    return shapes.ok(200, shapes.alias(registry.alias(function(r), r.path("Name"))));
  }

  Response update(Request r) throws Exception {
    String fn = function(r);
    JsonNode body = r.json(mapper, FunctionsApi.MAX_CONFIG_REQUEST_BYTES, "UpdateAlias");
    Alias a =
        registry.updateAlias(
            fn,
            r.path("Name"),
            Fields.text(body, "FunctionVersion").orElse(null),
            Fields.text(body, "Description").orElse(null),
            weights(body),
            Fields.text(body, "RevisionId"));
    return shapes.ok(200, shapes.alias(a));
  }

  Response delete(Request r) throws Exception {
    registry.deleteAlias(function(r), r.path("Name"));
    return Response.empty(204);
  }

  Response list(Request r) throws Exception {
    String fn = function(r);
    int max = r.queryInt("MaxItems", 1, 10_000).orElse(50);
    String marker = r.query("Marker").orElse(null);
    String version = r.query("FunctionVersion").orElse(null);
    List<Alias> all =
        registry.function(fn).aliases().values().stream()
            .filter(a -> version == null || a.functionVersion().equals(version))
            .filter(a -> marker == null || a.name().compareTo(marker) > 0)
            .sorted(Comparator.comparing(Alias::name))
            .toList();
    ObjectNode out = shapes.object();
    ArrayNode aliases = out.putArray("Aliases");
    all.stream().limit(max).forEach(a -> aliases.add(shapes.alias(a)));
    if (all.size() > max) {
      out.put("NextMarker", all.get(max - 1).name());
    }
    return shapes.ok(200, out);
  }
}

package dev.gust.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.Arns;
import dev.gust.core.FunctionRegistry;
import dev.gust.core.GustException;

/** Put/Get/DeleteFunctionConcurrency (reserved concurrency) and GetAccountSettings. */
final class ConcurrencyApi {
  private final FunctionRegistry registry;
  private final ObjectMapper mapper;
  private final LambdaShapes shapes;

  ConcurrencyApi(FunctionRegistry registry, ObjectMapper mapper, LambdaShapes shapes) {
    this.registry = registry;
    this.mapper = mapper;
    this.shapes = shapes;
  }

  void register(Router router) {
    router
        .add("PUT", "/2017-10-31/functions/{FunctionName}/concurrency", this::put)
        .add("DELETE", "/2017-10-31/functions/{FunctionName}/concurrency", this::delete)
        .add("GET", "/2019-09-30/functions/{FunctionName}/concurrency", this::get)
        .add("GET", "/2016-08-19/account-settings", this::accountSettings);
  }

  private String function(Request r) {
    Arns.FunctionRef ref = registry.arns().parseFunctionName(r.path("FunctionName"));
    if (ref.qualifier().isPresent()) {
      throw GustException.invalidParameter(
          "Reserved concurrency applies to a whole function; remove ':" + ref.qualifier().get() + "'.");
    }
    return ref.name();
  }

  Response put(Request r) throws Exception {
    String fn = function(r);
    JsonNode body = r.json(mapper, FunctionsApi.MAX_CONFIG_REQUEST_BYTES, "PutFunctionConcurrency");
    int reserved = Fields.integer(body, "ReservedConcurrentExecutions").orElseThrow(
        () -> GustException.invalidParameter("ReservedConcurrentExecutions is required."));
    ObjectNode out = shapes.object();
    out.put("ReservedConcurrentExecutions", registry.putReservedConcurrency(fn, reserved));
    return shapes.ok(200, out);
  }

  Response get(Request r) throws Exception {
    ObjectNode out = shapes.object();
    registry.function(function(r)).reserved()
        .ifPresent(c -> out.put("ReservedConcurrentExecutions", c));
    return shapes.ok(200, out);
  }

  Response delete(Request r) throws Exception {
    registry.deleteReservedConcurrency(function(r));
    return Response.empty(204);
  }

  Response accountSettings(Request r) throws Exception {
    ObjectNode out = shapes.object();
    ObjectNode limit = out.putObject("AccountLimit");
    limit.put("TotalCodeSize", 80L * 1024 * 1024 * 1024);
    limit.put("CodeSizeUnzipped", dev.gust.core.Limits.MAX_UNZIPPED_BYTES);
    limit.put("CodeSizeZipped", dev.gust.core.Limits.MAX_ZIP_BYTES);
    limit.put("ConcurrentExecutions", registry.concurrencyLimit());
    limit.put("UnreservedConcurrentExecutions", registry.concurrencyLimit() - registry.totalReserved());
    ObjectNode usage = out.putObject("AccountUsage");
    usage.put("TotalCodeSize", 0);
    usage.put("FunctionCount", registry.size());
    return shapes.ok(200, out);
  }
}

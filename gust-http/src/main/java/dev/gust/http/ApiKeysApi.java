package dev.gust.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.ApiKey;
import dev.gust.core.ApiKeyRegistry;
import dev.gust.core.GustException;
import dev.gust.core.UsagePlan;
import java.util.OptionalLong;

/**
 * Usage plans and API keys under {@code /gust/v1/usage-plans} and {@code /gust/v1/api-keys}, in
 * API Gateway's spelling: a plan has {@code Throttle {RateLimit, BurstLimit}} and an optional
 * {@code Quota {Limit, Period: "DAY"}}; a key belongs to one plan. A key's value is shown once,
 * when it is created; listings show ids and names only.
 */
final class ApiKeysApi {
  private final ApiKeyRegistry keys;
  private final ObjectMapper mapper;
  private final LambdaShapes shapes;

  ApiKeysApi(ApiKeyRegistry keys, ObjectMapper mapper, LambdaShapes shapes) {
    this.keys = keys;
    this.mapper = mapper;
    this.shapes = shapes;
  }

  void register(Router router) {
    router
        .add("GET", "/gust/v1/usage-plans", this::listPlans)
        .add("POST", "/gust/v1/usage-plans", this::createPlan)
        .add("DELETE", "/gust/v1/usage-plans/{Plan}", this::deletePlan)
        .add("GET", "/gust/v1/api-keys", this::listKeys)
        .add("POST", "/gust/v1/api-keys", this::createKey)
        .add("DELETE", "/gust/v1/api-keys/{Key}", this::deleteKey);
  }

  Response listPlans(Request r) throws Exception {
    ObjectNode out = shapes.object();
    ArrayNode items = out.putArray("items");
    keys.plans().forEach(p -> items.add(shape(p)));
    return shapes.ok(200, out);
  }

  Response createPlan(Request r) throws Exception {
    JsonNode body = r.json(mapper, FunctionsApi.MAX_CONFIG_REQUEST_BYTES, "CreateUsagePlan");
    JsonNode throttle = Fields.object(body, "Throttle").orElseThrow(() ->
        GustException.invalidParameter(
            "Throttle is required, e.g. {\"Throttle\": {\"RateLimit\": 10, \"BurstLimit\": 20}}."));
    double rate = number(throttle, "Throttle.RateLimit");
    int burst = Fields.integer(throttle, "BurstLimit").orElseThrow(() ->
        GustException.invalidParameter("Throttle.BurstLimit is required."));
    OptionalLong quota = OptionalLong.empty();
    var q = Fields.object(body, "Quota");
    if (q.isPresent()) {
      String period = Fields.text(q.get(), "Period").orElse("DAY");
      if (!period.equals("DAY")) {
        throw GustException.invalidParameter(
            "Quota.Period must be DAY (Gust counts quotas per UTC day), not '" + period + "'.");
      }
      quota = OptionalLong.of(Fields.integer(q.get(), "Limit").orElseThrow(() ->
          GustException.invalidParameter("Quota.Limit is required.")));
    }
    UsagePlan plan = keys.createPlan(Fields.requiredText(body, "Name"), rate, burst, quota);
    return shapes.ok(201, shape(plan));
  }

  Response deletePlan(Request r) {
    keys.deletePlan(r.path("Plan"));
    return Response.empty(204);
  }

  Response listKeys(Request r) throws Exception {
    ObjectNode out = shapes.object();
    ArrayNode items = out.putArray("items");
    keys.keys().forEach(k -> items.add(shape(k, false)));
    return shapes.ok(200, out);
  }

  Response createKey(Request r) throws Exception {
    JsonNode body = r.json(mapper, FunctionsApi.MAX_CONFIG_REQUEST_BYTES, "CreateApiKey");
    ApiKey key = keys.createKey(Fields.requiredText(body, "Name"),
        Fields.requiredText(body, "UsagePlanId"), Fields.text(body, "Value"));
    return shapes.ok(201, shape(key, true));
  }

  Response deleteKey(Request r) {
    keys.deleteKey(r.path("Key"));
    return Response.empty(204);
  }

  private ObjectNode shape(UsagePlan p) {
    ObjectNode n = shapes.object();
    n.put("Id", p.id());
    n.put("Name", p.name());
    ObjectNode t = n.putObject("Throttle");
    t.put("RateLimit", p.ratePerSecond());
    t.put("BurstLimit", p.burst());
    p.dailyQuota().ifPresent(limit -> n.putObject("Quota").put("Limit", limit).put("Period", "DAY"));
    return n;
  }

  private ObjectNode shape(ApiKey k, boolean withValue) {
    ObjectNode n = shapes.object();
    n.put("Id", k.id());
    n.put("Name", k.name());
    n.put("UsagePlanId", k.planId());
    if (withValue) {
      n.put("Value", k.value());
    }
    n.put("CreatedDate", k.created().toString());
    return n;
  }

  private static double number(JsonNode node, String name) {
    JsonNode n = node.get(name.substring(name.indexOf('.') + 1));
    if (n == null || !n.isNumber()) {
      throw GustException.invalidParameter(name + " is required and must be a number.");
    }
    return n.asDouble();
  }
}

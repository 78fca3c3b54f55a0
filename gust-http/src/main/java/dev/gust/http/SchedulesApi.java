package dev.gust.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.Arns;
import dev.gust.core.FunctionRegistry;
import dev.gust.core.GustException;
import dev.gust.core.ScheduleRule;
import dev.gust.schedule.Scheduler;
import java.util.Optional;

/**
 * Schedules under {@code /gust/v1/schedules}, in EventBridge Scheduler's spelling: {@code Name},
 * {@code ScheduleExpression}, {@code ScheduleExpressionTimezone}, {@code State}, the target
 * function, an optional {@code Input}, and Gust's {@code MissedRuns} policy.
 */
final class SchedulesApi {
  private final FunctionRegistry functions;
  private final Scheduler scheduler;
  private final ObjectMapper mapper;
  private final LambdaShapes shapes;

  SchedulesApi(FunctionRegistry functions, Scheduler scheduler, ObjectMapper mapper,
      LambdaShapes shapes) {
    this.functions = functions;
    this.scheduler = scheduler;
    this.mapper = mapper;
    this.shapes = shapes;
  }

  void register(Router router) {
    router
        .add("GET", "/gust/v1/schedules", this::list)
        .add("POST", "/gust/v1/schedules", this::create)
        .add("DELETE", "/gust/v1/schedules/{Name}", this::delete);
  }

  Response list(Request r) throws Exception {
    ObjectNode out = shapes.object();
    ArrayNode items = out.putArray("Schedules");
    for (Scheduler.Listed s : scheduler.list()) {
      ObjectNode n = shape(s.rule());
      s.nextFire().ifPresent(t -> n.put("NextFire", t.toString()));
      items.add(n);
    }
    return shapes.ok(200, out);
  }

  Response create(Request r) throws Exception {
    JsonNode body = r.json(mapper, FunctionsApi.MAX_CONFIG_REQUEST_BYTES, "CreateSchedule");
    Arns.FunctionRef target = functions.arns()
        .parseFunctionName(Fields.requiredText(body, "FunctionName"))
        .withQualifier(Fields.text(body, "Qualifier").orElse(null));
    String state = Fields.text(body, "State").orElse("ENABLED");
    if (!state.equals("ENABLED") && !state.equals("DISABLED")) {
      throw GustException.invalidParameter("State must be ENABLED or DISABLED, not '" + state + "'.");
    }
    Optional<String> input = Optional.ofNullable(body.get("Input")).filter(n -> !n.isNull())
        .map(n -> n.isTextual() ? n.asText() : n.toString());
    if (input.isPresent()) {
      try {
        mapper.readTree(input.get());
      } catch (java.io.IOException e) {
        throw GustException.invalidParameter("Input must be JSON (the event the function gets).");
      }
    }
    ScheduleRule rule = scheduler.create(
        Fields.requiredText(body, "Name"),
        target,
        Fields.requiredText(body, "ScheduleExpression"),
        Fields.text(body, "ScheduleExpressionTimezone").orElse("UTC"),
        Fields.text(body, "MissedRuns").orElse("FIRE_ONCE"),
        input,
        state.equals("ENABLED"));
    return shapes.ok(201, shape(rule));
  }

  Response delete(Request r) {
    scheduler.delete(r.path("Name"));
    return Response.empty(204);
  }

  private ObjectNode shape(ScheduleRule rule) {
    ObjectNode n = shapes.object();
    n.put("Name", rule.name());
    n.put("FunctionName", rule.functionName());
    rule.qualifier().ifPresent(q -> n.put("Qualifier", q));
    n.put("ScheduleExpression", rule.expression());
    n.put("ScheduleExpressionTimezone", rule.timezone());
    n.put("MissedRuns", rule.missedRuns());
    n.put("State", rule.enabled() ? "ENABLED" : "DISABLED");
    rule.input().ifPresent(i -> n.put("Input", i));
    n.put("CreationDate", rule.created().toString());
    rule.lastFired().ifPresent(t -> n.put("LastRun", t.toString()));
    return n;
  }
}

package dev.gust.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.Arns;
import dev.gust.core.AsyncEvent;
import dev.gust.core.Clock;
import dev.gust.core.EventInvokeConfig;
import dev.gust.core.EventInvokeConfigs;
import dev.gust.core.EventStore;
import dev.gust.core.FunctionRegistry;
import dev.gust.core.FunctionVersion;
import dev.gust.core.GustException;
import java.util.List;
import java.util.Optional;

/**
 * Asynchronous invocation settings and status: Lambda's EventInvokeConfig operations
 * ({@code /2019-09-25/functions/{name}/event-invoke-config}), and Gust's own view of every
 * asynchronous invocation with redrive ({@code /gust/v1/functions/{name}/invocations}).
 */
final class AsyncInvocationsApi {
  static final int MAX_LISTED = 1000;

  private final FunctionRegistry functions;
  private final EventInvokeConfigs configs;
  private final EventStore events;
  private final Runnable wake;
  private final ObjectMapper mapper;
  private final LambdaShapes shapes;

  AsyncInvocationsApi(FunctionRegistry functions, EventInvokeConfigs configs, EventStore events,
      Runnable wake, ObjectMapper mapper, LambdaShapes shapes) {
    this.functions = functions;
    this.configs = configs;
    this.events = events;
    this.wake = wake;
    this.mapper = mapper;
    this.shapes = shapes;
  }

  void register(Router router) {
    String path = "/2019-09-25/functions/{FunctionName}/event-invoke-config";
    router
        .add("PUT", path, r -> write(r, true))
        .add("POST", path, r -> write(r, false))
        .add("GET", path, this::get)
        .add("DELETE", path, this::delete)
        .add("GET", path + "/list", this::list)
        .add("GET", "/gust/v1/functions/{FunctionName}/invocations", this::invocations)
        .add("POST", "/gust/v1/functions/{FunctionName}/invocations/redrive", this::redrive);
  }

  private Arns.FunctionRef ref(Request r) {
    return functions.arns().parseFunctionName(r.path("FunctionName"))
        .withQualifier(r.query("Qualifier").orElse(null));
  }

  Response write(Request r, boolean replace) throws Exception {
    JsonNode body = r.json(mapper, FunctionsApi.MAX_CONFIG_REQUEST_BYTES,
        replace ? "PutFunctionEventInvokeConfig" : "UpdateFunctionEventInvokeConfig");
    Optional<Integer> retries = Fields.integer(body, "MaximumRetryAttempts");
    Optional<Integer> maxAge = Fields.integer(body, "MaximumEventAgeInSeconds");
    Optional<JsonNode> destinations = Fields.object(body, "DestinationConfig");
    Optional<String> onSuccess = destinations.flatMap(d -> destination(d, "OnSuccess"));
    Optional<String> onFailure = destinations.flatMap(d -> destination(d, "OnFailure"));
    EventInvokeConfig c = replace
        ? configs.put(ref(r), retries, maxAge, onSuccess, onFailure)
        : configs.update(ref(r), retries, maxAge, onSuccess, onFailure);
    wake.run();
    return shapes.ok(200, shape(c));
  }

  /** {"OnFailure": {"Destination": "arn"}}: the ARN, or "" to remove it (empty when absent). */
  private static Optional<String> destination(JsonNode config, String which) {
    return Fields.object(config, which).map(d -> Fields.text(d, "Destination").orElse(""));
  }

  Response get(Request r) throws Exception {
    return shapes.ok(200, shape(configs.get(ref(r))));
  }

  Response delete(Request r) {
    configs.delete(ref(r));
    return Response.empty(204);
  }

  Response list(Request r) throws Exception {
    Arns.FunctionRef ref = functions.arns().parseFunctionName(r.path("FunctionName"));
    List<EventInvokeConfig> all = configs.list(ref.name());
    int start = r.query("Marker").map(m -> parseIndex(m, all.size())).orElse(0);
    int max = r.query("MaxItems").map(m -> parseIndex(m, 50)).filter(m -> m > 0).orElse(50);
    ObjectNode out = shapes.object();
    ArrayNode items = out.putArray("FunctionEventInvokeConfigs");
    all.subList(start, Math.min(all.size(), start + max)).forEach(c -> items.add(shape(c)));
    if (start + max < all.size()) {
      out.put("NextMarker", Integer.toString(start + max));
    }
    return shapes.ok(200, out);
  }

  private static int parseIndex(String text, int max) {
    try {
      int n = Integer.parseInt(text);
      if (n < 0 || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw GustException.invalidParameter("'" + text + "' is not a valid Marker or MaxItems.");
    }
  }

  private ObjectNode shape(EventInvokeConfig c) {
    ObjectNode n = shapes.object();
    // restJson1 timestamps are epoch seconds
    n.put("LastModified", c.lastModified().toEpochMilli() / 1000.0);
    n.put("FunctionArn", functions.arns().qualifiedArn(c.functionName(),
        c.qualifier().orElse(FunctionVersion.LATEST)));
    c.maximumRetryAttempts().ifPresent(v -> n.put("MaximumRetryAttempts", v));
    c.maximumEventAgeSeconds().ifPresent(v -> n.put("MaximumEventAgeInSeconds", v));
    ObjectNode d = n.putObject("DestinationConfig");
    c.onSuccess().ifPresent(a -> d.putObject("OnSuccess").put("Destination", a));
    c.onFailure().ifPresent(a -> d.putObject("OnFailure").put("Destination", a));
    return n;
  }

  // ---- Gust's status view ----------------------------------------------------------------------

  Response invocations(Request r) throws Exception {
    String name = functions.function(functions.arns().parseFunctionName(r.path("FunctionName"))
        .name()).name();
    Optional<AsyncEvent.Status> status = r.query("status").map(AsyncEvent.Status::parse);
    int limit = r.query("limit").map(l -> parseIndex(l, MAX_LISTED)).orElse(100);
    ObjectNode out = shapes.object();
    ArrayNode items = out.putArray("Invocations");
    for (AsyncEvent e : events.list(name, status, limit)) {
      ObjectNode n = items.addObject();
      n.put("RequestId", e.requestId());
      e.qualifier().ifPresent(q -> n.put("Qualifier", q));
      n.put("Status", e.status().wireName());
      n.put("Attempts", e.attempts());
      n.put("Accepted", e.accepted().toString());
      if (e.status() == AsyncEvent.Status.QUEUED || e.status() == AsyncEvent.Status.RETRYING) {
        n.put("NextAttempt", e.nextAttemptAt().toString());
      }
      e.finished().ifPresent(f -> n.put("Finished", f.toString()));
      e.lastError().ifPresent(err -> n.put("LastError", err));
    }
    out.put("Pending", events.pending());
    return shapes.ok(200, out);
  }

  Response redrive(Request r) throws Exception {
    String name = functions.function(functions.arns().parseFunctionName(r.path("FunctionName"))
        .name()).name();
    JsonNode body = r.json(mapper, FunctionsApi.MAX_CONFIG_REQUEST_BYTES, "Redrive");
    Optional<String> one = Fields.text(body, "RequestId");
    if (one.isPresent()) {
      AsyncEvent e = events.find(one.get()).filter(x -> x.functionName().equals(name))
          .orElseThrow(() -> GustException.notFound("No asynchronous invocation " + one.get()
              + " of function " + name + "."));
      if (e.status() != AsyncEvent.Status.FAILED) {
        throw GustException.conflict("Invocation " + one.get() + " is " + e.status().wireName()
            + "; only failed invocations can be redriven.");
      }
    }
    List<String> ids = events.redrive(name, one, Clock.SYSTEM.now());
    wake.run();
    ObjectNode out = shapes.object();
    ArrayNode items = out.putArray("Redriven");
    ids.forEach(items::add);
    return shapes.ok(200, out);
  }
}

package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code gust.yaml}'s {@code async}: how the function's asynchronous invocations are retried and
 * where their outcomes go, applied with PutFunctionEventInvokeConfig on every deploy.
 *
 * <pre>
 * async:
 *   retries: 1            # 0 to 2 (default 2)
 *   maxEventAge: 3600     # seconds, 60 to 21600 (default 21600)
 *   onSuccess: audit      # a function name or ARN, or a queue ARN
 *   onFailure: arn:aws:lambda:us-east-1:000000000000:function:alerts
 * </pre>
 */
record AsyncSpec(
    OptionalInt retries, OptionalInt maxEventAge, Optional<String> onSuccess, Optional<String> onFailure) {
  static final List<String> KEYS = List.of("retries", "maxEventAge", "onSuccess", "onFailure");

  static Optional<AsyncSpec> read(SpecReader parent) throws CliException {
    Optional<Map<?, ?>> map = parent.mapping("async", "'{retries: 1, onFailure: alerts}'");
    if (map.isEmpty()) {
      return Optional.empty();
    }
    SpecReader r = new SpecReader(parent.source() + ": async", map.get());
    r.requireKnownKeys(KEYS);
    return Optional.of(new AsyncSpec(
        r.integer("retries", 0, 2, "retries"),
        r.integer("maxEventAge", 60, 21_600, "seconds"),
        r.string("onSuccess"),
        r.string("onFailure")));
  }

  /** The PutFunctionEventInvokeConfig body; function names become ARNs (the API wants ARNs). */
  ObjectNode request(GustClient client) throws Exception {
    ObjectNode body = Json.object();
    retries.ifPresent(n -> body.put("MaximumRetryAttempts", n));
    maxEventAge.ifPresent(n -> body.put("MaximumEventAgeInSeconds", n));
    ObjectNode destinations = body.putObject("DestinationConfig");
    if (onSuccess.isPresent()) {
      destinations.putObject("OnSuccess").put("Destination", arn(client, onSuccess.get()));
    }
    if (onFailure.isPresent()) {
      destinations.putObject("OnFailure").put("Destination", arn(client, onFailure.get()));
    }
    return body;
  }

  private static String arn(GustClient client, String target) throws Exception {
    if (target.startsWith("arn:")) {
      return target;
    }
    JsonNode function = client.getFunction(target);
    return Json.text(function.path("Configuration"), "FunctionArn", target);
  }

  String describe() {
    List<String> parts = new ArrayList<>();
    parts.add("retries " + (retries.isPresent() ? retries.getAsInt() : 2));
    parts.add("max age " + (maxEventAge.isPresent() ? maxEventAge.getAsInt() : 21_600) + " s");
    onSuccess.ifPresent(d -> parts.add("on success -> " + d));
    onFailure.ifPresent(d -> parts.add("on failure -> " + d));
    return String.join(", ", parts);
  }
}

package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A queue event of {@code gust.yaml}: an event source mapping from one of Gust's queues to the
 * function.
 *
 * <pre>
 * - queue:
 *     name: jobs             # the queue's name (or arn: arn:aws:sqs:REGION:ACCOUNT:jobs)
 *     qualifier: live        # optional alias or version; default the unqualified function
 *     batchSize: 10          # 1 to 10000 (above 10 needs window of at least 1)
 *     window: 0              # seconds to gather a batch, 0 to 300
 *     reportFailures: true   # FunctionResponseTypes ReportBatchItemFailures
 *     maxConcurrency: 5      # ScalingConfig.MaximumConcurrency, 2 to 1000
 *     enabled: true
 *     filter:                # FilterCriteria patterns, as YAML or as JSON text
 *       - {body: {kind: [order]}}
 * </pre>
 *
 * @param queue the queue's name, or its ARN when {@code byArn}
 * @param byArn whether {@code queue} is an ARN
 * @param filters the patterns, as JSON text
 */
record QueueSpec(
    String queue,
    boolean byArn,
    Optional<String> qualifier,
    OptionalInt batchSize,
    OptionalInt window,
    boolean reportFailures,
    OptionalInt maxConcurrency,
    boolean enabled,
    List<String> filters) {

  static final List<String> KEYS = List.of("name", "arn", "qualifier", "batchSize", "window",
      "reportFailures", "maxConcurrency", "enabled", "filter");

  QueueSpec {
    filters = List.copyOf(filters);
  }

  static QueueSpec read(String at, Map<?, ?> map) throws CliException {
    SpecReader r = new SpecReader(at, map);
    r.requireKnownKeys(KEYS);
    Optional<String> name = r.string("name");
    Optional<String> arn = r.string("arn");
    if (name.isPresent() == arn.isPresent()) {
      throw new CliException(at + ": give the queue's 'name' (such as 'name: jobs') or its 'arn',"
          + " not " + (name.isPresent() ? "both" : "neither"));
    }
    if (arn.isPresent() && !arn.get().startsWith("arn:")) {
      throw new CliException(at + ": 'arn' must be a queue ARN such as"
          + " arn:aws:sqs:us-east-1:000000000000:jobs, got '" + arn.get() + "'");
    }
    List<String> filters = new ArrayList<>();
    Object value = map.get("filter");
    if (value != null) {
      List<?> items = value instanceof List<?> list ? list : List.of(value);
      for (int i = 0; i < items.size(); i++) {
        filters.add(pattern(at + ".filter[" + i + "]", items.get(i)));
      }
    }
    return new QueueSpec(
        name.orElseGet(arn::get),
        arn.isPresent(),
        r.string("qualifier"),
        r.integer("batchSize", 1, 10_000, "messages"),
        r.integer("window", 0, 300, "seconds"),
        r.bool("reportFailures").orElse(false),
        r.integer("maxConcurrency", 2, 1000, "batches"),
        r.bool("enabled").orElse(true),
        filters);
  }

  /** A pattern given as YAML becomes JSON text; one given as text must already be JSON. */
  private static String pattern(String at, Object item) throws CliException {
    if (item instanceof Map<?, ?> map) {
      return Json.mapper().valueToTree(map).toString();
    }
    if (item instanceof String text) {
      try {
        JsonNode parsed = Json.mapper().readTree(text);
        if (parsed != null && parsed.isObject()) {
          return text;
        }
      } catch (IOException e) {
        // fall through to the message below
      }
    }
    throw new CliException(at + ": a filter is a pattern such as {body: {kind: [order]}}, or the"
        + " same as JSON text; got '" + item + "'");
  }

  /** The queue's name, for matching mappings the server has. */
  String queueName() {
    return byArn ? queue.substring(queue.lastIndexOf(':') + 1) : queue;
  }

  /** The queue's ARN, in the region and account of {@code functionArn} when given by name. */
  String queueArn(String functionArn) throws CliException {
    if (byArn) {
      return queue;
    }
    String[] parts = functionArn.split(":");
    if (parts.length < 5 || !parts[0].equals("arn")) {
      throw new CliException("cannot tell the ARN of queue '" + queue + "': the server answered"
          + " no FunctionArn for the function; give the queue as 'arn: arn:aws:sqs:REGION:ACCOUNT:"
          + queue + "' in " + DeploySpec.FILE_NAME);
    }
    return "arn:" + parts[1] + ":sqs:" + parts[3] + ":" + parts[4] + ":" + queue;
  }

  /**
   * The body of CreateEventSourceMapping (with {@code EventSourceArn} and {@code FunctionName})
   * or of UpdateEventSourceMapping, which names every setting so that a removed one is cleared.
   */
  ObjectNode request(String function, Optional<String> eventSourceArn) {
    ObjectNode body = Json.object();
    eventSourceArn.ifPresent(a -> body.put("EventSourceArn", a));
    body.put("FunctionName", qualifier.map(q -> function + ":" + q).orElse(function));
    body.put("Enabled", enabled);
    body.put("BatchSize", batchSize.orElse(10));
    body.put("MaximumBatchingWindowInSeconds", window.orElse(0));
    ArrayNode types = body.putArray("FunctionResponseTypes");
    if (reportFailures) {
      types.add("ReportBatchItemFailures");
    }
    ObjectNode scaling = body.putObject("ScalingConfig");
    maxConcurrency.ifPresent(n -> scaling.put("MaximumConcurrency", n));
    ArrayNode filterList = body.putObject("FilterCriteria").putArray("Filters");
    filters.forEach(p -> filterList.addObject().put("Pattern", p));
    return body;
  }

  /** Whether a mapping from the server has exactly these settings. */
  boolean sameSettingsAs(JsonNode mapping) {
    boolean reports = false;
    for (JsonNode t : mapping.path("FunctionResponseTypes")) {
      reports |= t.asText().equals("ReportBatchItemFailures");
    }
    JsonNode concurrency = mapping.path("ScalingConfig").path("MaximumConcurrency");
    String state = Json.text(mapping, "State", "");
    boolean on = !state.equals("Disabled") && !state.equals("Disabling");
    return mapping.path("BatchSize").asInt(10) == batchSize.orElse(10)
        && mapping.path("MaximumBatchingWindowInSeconds").asInt(0) == window.orElse(0)
        && reports == reportFailures
        && (concurrency.isMissingNode() || concurrency.isNull()
            ? maxConcurrency.isEmpty()
            : maxConcurrency.isPresent() && concurrency.asInt() == maxConcurrency.getAsInt())
        && on == enabled
        && samePatterns(mapping.path("FilterCriteria").path("Filters"));
  }

  private boolean samePatterns(JsonNode existing) {
    List<JsonNode> have = new ArrayList<>();
    existing.forEach(f -> have.add(parsed(f.path("Pattern").asText(""))));
    List<JsonNode> want = filters.stream().map(QueueSpec::parsed).toList();
    return have.equals(want);
  }

  private static JsonNode parsed(String pattern) {
    try {
      return Json.mapper().readTree(pattern);
    } catch (IOException e) {
      return Json.mapper().getNodeFactory().textNode(pattern);
    }
  }

  /** How the deploy's summary shows it. */
  String describe() {
    List<String> parts = new ArrayList<>();
    parts.add("batch " + batchSize.orElse(10));
    window.ifPresent(w -> parts.add("window " + w + " s"));
    if (reportFailures) {
      parts.add("reports failures");
    }
    maxConcurrency.ifPresent(n -> parts.add("max " + n + " at once"));
    if (!filters.isEmpty()) {
      parts.add(filters.size() + (filters.size() == 1 ? " filter" : " filters"));
    }
    if (!enabled) {
      parts.add("disabled");
    }
    return String.join(", ", parts);
  }
}

package dev.gust.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.Arns;
import dev.gust.core.EventSourceMapping;
import dev.gust.core.GustException;
import dev.gust.triggers.EventSourceMappings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lambda's event source mapping operations ({@code /2015-03-31/event-source-mappings}) for
 * Gust's queues: decodes the restJson1 request, calls {@link EventSourceMappings}, and answers
 * with an {@code EventSourceMappingConfiguration} (202 for create, update and delete, as Lambda).
 */
final class EventSourceMappingsApi {
  static final int DEFAULT_LIST_ITEMS = 100;
  static final int MAX_LIST_ITEMS = 10_000;
  /** Parameters of stream and broker sources; a queue mapping has no use for them. */
  static final Set<String> STREAM_ONLY = Set.of("StartingPosition", "StartingPositionTimestamp",
      "ParallelizationFactor", "DestinationConfig", "MaximumRecordAgeInSeconds",
      "BisectBatchOnFunctionError", "MaximumRetryAttempts", "TumblingWindowInSeconds",
      "Queues", "SourceAccessConfigurations",
      "SelfManagedKafkaEventSourceConfig", "AmazonManagedKafkaEventSourceConfig",
      "DocumentDBEventSourceConfig");

  private final Arns arns;
  private final EventSourceMappings mappings;
  private final ObjectMapper mapper;
  private final LambdaShapes shapes;

  EventSourceMappingsApi(Arns arns, EventSourceMappings mappings, ObjectMapper mapper,
      LambdaShapes shapes) {
    this.arns = arns;
    this.mappings = mappings;
    this.mapper = mapper;
    this.shapes = shapes;
  }

  void register(Router router) {
    String base = "/2015-03-31/event-source-mappings";
    router
        .add("POST", base, this::create)
        .add("GET", base, this::list)
        .add("GET", base + "/{UUID}", r -> shapes.ok(200, shape(mappings.get(r.path("UUID")))))
        .add("PUT", base + "/{UUID}", this::update)
        .add("DELETE", base + "/{UUID}",
            r -> shapes.ok(202, shape(mappings.delete(r.path("UUID")))));
  }

  Response create(Request r) throws Exception {
    JsonNode body = r.json(mapper, FunctionsApi.MAX_CONFIG_REQUEST_BYTES, "CreateEventSourceMapping");
    EventSourceMappings.Request request = decode(body);
    if (request.function().isEmpty()) {
      throw GustException.invalidParameter("FunctionName is required.");
    }
    Optional<JsonNode> selfManaged = Fields.object(body, "SelfManagedEventSource");
    if (selfManaged.isPresent()) {
      if (body.hasNonNull("EventSourceArn")) {
        throw GustException.invalidParameter("Give either EventSourceArn (a queue) or"
            + " SelfManagedEventSource (an MQTT broker), not both.");
      }
      return shapes.ok(202, shape(mappings.createMqtt(mqtt(selfManaged.get(), body), request)));
    }
    if (body.hasNonNull("Topics")) {
      throw GustException.invalidParameter("Topics go with SelfManagedEventSource:"
          + " {\"Endpoints\": {\"MQTT_BROKER_URL\": [\"tcp://127.0.0.1:1883\"]}}.");
    }
    String source = Fields.requiredText(body, "EventSourceArn");
    return shapes.ok(202, shape(mappings.create(source, request)));
  }

  /**
   * An MQTT source in Lambda's self-managed shape: {@code SelfManagedEventSource: {Endpoints:
   * {MQTT_BROKER_URL: ["tcp://host:1883"]}}} and {@code Topics: ["sensors/#"]}.
   */
  private static EventSourceMapping.Mqtt mqtt(JsonNode selfManaged, JsonNode body) {
    JsonNode urls = selfManaged.path("Endpoints").path("MQTT_BROKER_URL");
    if (!urls.isArray() || urls.size() != 1 || !urls.get(0).isTextual()) {
      throw GustException.invalidParameter("SelfManagedEventSource.Endpoints.MQTT_BROKER_URL must"
          + " list one broker URL, such as [\"tcp://127.0.0.1:1883\"] (Gust's self-managed sources"
          + " are MQTT brokers).");
    }
    List<String> topics = strings(body, "Topics").orElseThrow(() ->
        GustException.invalidParameter("Topics is required with an MQTT source, such as"
            + " [\"sensors/#\"]."));
    return new EventSourceMapping.Mqtt(urls.get(0).asText(), topics);
  }

  Response update(Request r) throws Exception {
    JsonNode body = r.json(mapper, FunctionsApi.MAX_CONFIG_REQUEST_BYTES, "UpdateEventSourceMapping");
    return shapes.ok(202, shape(mappings.update(r.path("UUID"), decode(body))));
  }

  Response list(Request r) throws Exception {
    Optional<Arns.FunctionRef> function = r.query("FunctionName").map(arns::parseFunctionName);
    int max = r.queryInt("MaxItems", 1, MAX_LIST_ITEMS).orElse(DEFAULT_LIST_ITEMS);
    EventSourceMappings.Page page =
        mappings.list(function, r.query("EventSourceArn"), r.query("Marker"), max);
    ObjectNode out = shapes.object();
    ArrayNode items = out.putArray("EventSourceMappings");
    page.mappings().forEach(v -> items.add(shape(v)));
    page.nextMarker().ifPresent(m -> out.put("NextMarker", m));
    return shapes.ok(200, out);
  }

  private EventSourceMappings.Request decode(JsonNode body) {
    for (String field : STREAM_ONLY) {
      if (body.hasNonNull(field)) {
        throw GustException.invalidParameter(field + " applies to stream and broker sources"
            + " (Kinesis, DynamoDB, Kafka, MQ); Gust's event source mappings read its queues,"
            + " which take BatchSize, MaximumBatchingWindowInSeconds, FilterCriteria,"
            + " FunctionResponseTypes and ScalingConfig.");
      }
    }
    Optional<Arns.FunctionRef> function =
        Fields.text(body, "FunctionName").filter(s -> !s.isEmpty()).map(arns::parseFunctionName);
    Optional<Boolean> enabled = Optional.ofNullable(body.get("Enabled")).filter(n -> !n.isNull())
        .map(n -> {
          if (!n.isBoolean()) {
            throw GustException.invalidContent(
                "Could not parse request body into json: field 'Enabled' must be a boolean.");
          }
          return n.asBoolean();
        });
    Optional<List<String>> responseTypes = strings(body, "FunctionResponseTypes");
    Optional<Optional<Integer>> concurrency = Fields.object(body, "ScalingConfig")
        .map(s -> Fields.integer(s, "MaximumConcurrency"));
    Optional<List<String>> patterns = Fields.object(body, "FilterCriteria").map(c -> {
      JsonNode filters = c.get("Filters");
      if (filters == null || filters.isNull()) {
        return List.<String>of();
      }
      if (!filters.isArray()) {
        throw GustException.invalidContent("Could not parse request body into json: field"
            + " 'FilterCriteria.Filters' must be a list of {\"Pattern\": \"...\"}.");
      }
      List<String> out = new ArrayList<>();
      for (JsonNode f : filters) {
        if (!f.isObject()) {
          throw GustException.invalidContent("Could not parse request body into json: each of"
              + " 'FilterCriteria.Filters' must be an object {\"Pattern\": \"...\"}.");
        }
        out.add(Fields.text(f, "Pattern").orElse(""));
      }
      return out;
    });
    return new EventSourceMappings.Request(function, enabled, Fields.integer(body, "BatchSize"),
        Fields.integer(body, "MaximumBatchingWindowInSeconds"), responseTypes, concurrency,
        patterns);
  }

  private static Optional<List<String>> strings(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isArray()) {
      throw GustException.invalidContent(
          "Could not parse request body into json: field '" + field + "' must be a list.");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw GustException.invalidContent(
            "Could not parse request body into json: field '" + field + "' must list strings.");
      }
      out.add(e.asText());
    }
    return Optional.of(out);
  }

  /** Lambda's EventSourceMappingConfiguration. */
  private ObjectNode shape(EventSourceMappings.View view) {
    EventSourceMapping m = view.mapping();
    ObjectNode n = shapes.object();
    n.put("UUID", m.uuid());
    n.put("BatchSize", m.batchSize());
    n.put("MaximumBatchingWindowInSeconds", m.maximumBatchingWindowSeconds());
    if (m.mqtt().isPresent()) {
      n.putObject("SelfManagedEventSource").putObject("Endpoints").putArray("MQTT_BROKER_URL")
          .add(m.mqtt().get().broker());
      ArrayNode topics = n.putArray("Topics");
      m.mqtt().get().topics().forEach(topics::add);
    } else {
      n.put("EventSourceArn", m.eventSourceArn());
    }
    if (!m.filterPatterns().isEmpty()) {
      ArrayNode filters = n.putObject("FilterCriteria").putArray("Filters");
      m.filterPatterns().forEach(p -> filters.addObject().put("Pattern", p));
    }
    n.put("FunctionArn", m.qualifier().map(q -> arns.qualifiedArn(m.functionName(), q))
        .orElse(arns.functionArn(m.functionName())));
    n.put("LastModified", m.lastModified().toEpochMilli() / 1000.0); // restJson1: epoch seconds
    n.put("State", view.state());
    n.put("StateTransitionReason", view.stateTransitionReason());
    ArrayNode types = n.putArray("FunctionResponseTypes");
    if (m.reportBatchItemFailures()) {
      types.add(EventSourceMapping.REPORT_BATCH_ITEM_FAILURES);
    }
    m.maximumConcurrency().ifPresent(c -> n.putObject("ScalingConfig").put("MaximumConcurrency", c));
    n.put("EventSourceMappingArn", arns.eventSourceMappingArn(m.uuid()));
    return n;
  }
}

package dev.gust.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.ErrorType;
import dev.gust.core.GustException;
import dev.gust.core.queue.MessageAttributeValue;
import dev.gust.core.queue.QueueError;
import dev.gust.core.queue.QueueException;
import dev.gust.queue.BatchEntry;
import dev.gust.queue.BatchResult;
import dev.gust.queue.ListPage;
import dev.gust.queue.QueueService;
import dev.gust.queue.ReceiveRequest;
import dev.gust.queue.ReceivedMessage;
import dev.gust.queue.SendRequest;
import dev.gust.queue.SendResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Amazon SQS over the AWS JSON 1.0 protocol, as current SDKs speak it: {@code POST /} with {@code
 * Content-Type: application/x-amz-json-1.0} and {@code X-Amz-Target: AmazonSQS.<Operation>}, a JSON
 * object in, a JSON object out.
 *
 * <p>Errors have SQS's JSON shape: the status, a body {@code {"__type":
 * "com.amazonaws.sqs#<Name>", "message": ...}} (the SDKs pick the exception class from the name),
 * and the {@code x-amzn-query-error: <code>;Sender} header that SQS keeps from its query protocol
 * (the SDKs report that code as the error code). Handlers decode, call the {@link QueueService},
 * encode.
 */
final class SqsApi {
  static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  static final String TARGET_PREFIX = "AmazonSQS.";
  /** Ten messages of up to 1 MiB each, base64 binary attributes, and JSON escaping. */
  static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;
  private static final System.Logger LOG = System.getLogger("gust.sqs");
  private static final Set<String> UNSUPPORTED =
      Set.of("AddPermission", "RemovePermission", "TagQueue", "UntagQueue", "ListQueueTags",
          "ListDeadLetterSourceQueues", "StartMessageMoveTask", "CancelMessageMoveTask",
          "ListMessageMoveTasks");

  @FunctionalInterface
  private interface Operation {
    ObjectNode run(JsonNode in, String endpoint) throws Exception;
  }

  private final QueueService queues;
  private final ObjectMapper mapper;
  private final Supplier<String> defaultEndpoint;
  private final Map<String, Operation> operations = new LinkedHashMap<>();

  SqsApi(QueueService queues, ObjectMapper mapper, Supplier<String> defaultEndpoint) {
    this.queues = queues;
    this.mapper = mapper;
    this.defaultEndpoint = defaultEndpoint;
    operations.put("CreateQueue", this::createQueue);
    operations.put("GetQueueUrl", this::getQueueUrl);
    operations.put("ListQueues", this::listQueues);
    operations.put("DeleteQueue", (in, e) -> done(() -> queues.deleteQueue(queue(in))));
    operations.put("PurgeQueue", (in, e) -> done(() -> queues.purgeQueue(queue(in))));
    operations.put("GetQueueAttributes", this::getQueueAttributes);
    operations.put("SetQueueAttributes",
        (in, e) -> done(() -> queues.setQueueAttributes(queue(in), strings(in.get("Attributes")))));
    operations.put("SendMessage", this::sendMessage);
    operations.put("SendMessageBatch", this::sendMessageBatch);
    operations.put("ReceiveMessage", this::receiveMessage);
    operations.put("DeleteMessage",
        (in, e) -> done(() -> queues.deleteMessage(queue(in), text(in, "ReceiptHandle"))));
    operations.put("DeleteMessageBatch", this::deleteMessageBatch);
    operations.put("ChangeMessageVisibility",
        (in, e) -> done(() -> queues.changeVisibility(queue(in), text(in, "ReceiptHandle"),
            integer(in, "VisibilityTimeout").orElseThrow(
                () -> QueueException.missingParameter("VisibilityTimeout")))));
    operations.put("ChangeMessageVisibilityBatch", this::changeMessageVisibilityBatch);
  }

  void register(Router router) {
    router.add("POST", "/", this::handle);
  }

  Response handle(Request request) {
    try {
      String target = request.header("X-Amz-Target").orElse("");
      if (!target.startsWith(TARGET_PREFIX)) {
        throw new QueueException(
            QueueError.INVALID_ACTION,
            "POST / serves Amazon SQS over the AWS JSON 1.0 protocol: send X-Amz-Target:"
                + " AmazonSQS.<Operation> with Content-Type: " + CONTENT_TYPE + ". (The query"
                + " protocol of older SDKs is not supported; upgrade the SDK.)");
      }
      String name = target.substring(TARGET_PREFIX.length());
      Operation op = operations.get(name);
      if (op == null) {
        throw UNSUPPORTED.contains(name)
            ? new QueueException(QueueError.UNSUPPORTED_OPERATION, "Gust does not support " + name + " yet.")
            : new QueueException(QueueError.INVALID_ACTION, "Unknown SQS operation " + name + ".");
      }
      JsonNode in = body(request);
      String endpoint =
          request.header("Host").map(h -> "http://" + h.trim()).orElseGet(defaultEndpoint);
      return ok(op.run(in, endpoint));
    } catch (QueueException e) {
      return error(e.error(), e.getMessage());
    } catch (GustException e) {
      // From the request reader (a body too large) or a store failure (a ServiceException).
      return error(
          e.type().blame() == ErrorType.Blame.USER
              ? QueueError.SERIALIZATION
              : QueueError.INTERNAL_FAILURE,
          e.getMessage());
    } catch (Exception e) {
      LOG.log(System.Logger.Level.ERROR, "unexpected failure serving an SQS request", e);
      return error(QueueError.INTERNAL_FAILURE, "Gust failed to serve the request: " + e);
    }
  }

  // ---- Operations ------------------------------------------------------------------------------

  private ObjectNode createQueue(JsonNode in, String endpoint) {
    String name = optionalText(in, "QueueName").orElseThrow(() -> QueueException.missingParameter("QueueName"));
    var queue = queues.createQueue(name, strings(in.get("Attributes")));
    return mapper.createObjectNode().put("QueueUrl", queues.queueUrl(endpoint, queue.name()));
  }

  private ObjectNode getQueueUrl(JsonNode in, String endpoint) {
    String name = optionalText(in, "QueueName").orElseThrow(() -> QueueException.missingParameter("QueueName"));
    Optional<String> owner = optionalText(in, "QueueOwnerAWSAccountId");
    if (owner.isPresent() && !queues.queueArn(name).contains(":" + owner.get() + ":")) {
      throw QueueException.noSuchQueue();
    }
    return mapper.createObjectNode()
        .put("QueueUrl", queues.queueUrl(endpoint, queues.queue(name).name()));
  }

  private ObjectNode listQueues(JsonNode in, String endpoint) {
    ListPage page = queues.listQueues(
        optionalText(in, "QueueNamePrefix").orElse(""), integer(in, "MaxResults"),
        optionalText(in, "NextToken"));
    ObjectNode out = mapper.createObjectNode();
    ArrayNode urls = out.putArray("QueueUrls");
    page.names().forEach(n -> urls.add(queues.queueUrl(endpoint, n)));
    page.nextToken().ifPresent(t -> out.put("NextToken", t));
    return out;
  }

  private ObjectNode getQueueAttributes(JsonNode in, String endpoint) {
    Map<String, String> attributes = queues.queueAttributes(queue(in), texts(in.get("AttributeNames")));
    ObjectNode out = mapper.createObjectNode();
    ObjectNode a = out.putObject("Attributes");
    attributes.forEach(a::put);
    return out;
  }

  private ObjectNode sendMessage(JsonNode in, String endpoint) {
    SendResult r = queues.send(queue(in), sendRequest(in));
    return sent(mapper.createObjectNode(), r);
  }

  private ObjectNode sendMessageBatch(JsonNode in, String endpoint) {
    String queue = queue(in);
    List<BatchEntry<SendRequest>> entries = entries(in, this::sendRequest);
    BatchResult<SendResult> result = queues.sendBatch(queue, entries);
    return batch(result, (node, r) -> sent(node, r));
  }

  private ObjectNode receiveMessage(JsonNode in, String endpoint) {
    Set<String> system = new HashSet<>(texts(in.get("AttributeNames")));
    system.addAll(texts(in.get("MessageSystemAttributeNames")));
    ReceiveRequest request = new ReceiveRequest(
        integer(in, "MaxNumberOfMessages").orElse(1),
        integer(in, "VisibilityTimeout"),
        integer(in, "WaitTimeSeconds"),
        system,
        texts(in.get("MessageAttributeNames")));
    List<ReceivedMessage> messages = queues.receive(queue(in), request);
    ObjectNode out = mapper.createObjectNode();
    if (messages.isEmpty()) {
      return out;
    }
    ArrayNode list = out.putArray("Messages");
    for (ReceivedMessage m : messages) {
      ObjectNode n = list.addObject();
      n.put("MessageId", m.messageId());
      n.put("ReceiptHandle", m.receiptHandle());
      n.put("MD5OfBody", m.md5OfBody());
      n.put("Body", m.body());
      if (!m.attributes().isEmpty()) {
        ObjectNode a = n.putObject("Attributes");
        m.attributes().forEach(a::put);
      }
      m.md5OfMessageAttributes().ifPresent(d -> n.put("MD5OfMessageAttributes", d));
      if (!m.messageAttributes().isEmpty()) {
        ObjectNode a = n.putObject("MessageAttributes");
        for (Map.Entry<String, MessageAttributeValue> e : m.messageAttributes().entrySet()) {
          ObjectNode v = a.putObject(e.getKey());
          e.getValue().stringValue().ifPresent(s -> v.put("StringValue", s));
          e.getValue().binaryValue().ifPresent(b -> v.put("BinaryValue", Base64.getEncoder().encodeToString(b)));
          v.put("DataType", e.getValue().dataType());
        }
      }
    }
    return out;
  }

  private ObjectNode deleteMessageBatch(JsonNode in, String endpoint) {
    String queue = queue(in);
    return batch(queues.deleteMessageBatch(queue, entries(in, e -> text(e, "ReceiptHandle"))),
        (node, r) -> {});
  }

  private ObjectNode changeMessageVisibilityBatch(JsonNode in, String endpoint) {
    String queue = queue(in);
    List<BatchEntry<QueueService.VisibilityChange>> entries = entries(in, e ->
        new QueueService.VisibilityChange(text(e, "ReceiptHandle"),
            integer(e, "VisibilityTimeout").orElseThrow(
                () -> QueueException.missingParameter("VisibilityTimeout"))));
    return batch(queues.changeVisibilityBatch(queue, entries), (node, r) -> {});
  }

  // ---- Decoding --------------------------------------------------------------------------------

  private JsonNode body(Request request) throws Exception {
    byte[] raw = request.body(MAX_REQUEST_BYTES, "SQS");
    if (raw.length == 0) {
      return mapper.createObjectNode();
    }
    JsonNode node;
    try {
      node = mapper.readTree(raw);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw serialization("the body is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw serialization("the body must be a JSON object");
    }
    return node;
  }

  private String queue(JsonNode in) {
    return queues.queueName(optionalText(in, "QueueUrl").orElse(""));
  }

  private SendRequest sendRequest(JsonNode in) {
    return new SendRequest(
        optionalText(in, "MessageBody").orElse(""),
        integer(in, "DelaySeconds"),
        attributes(in.get("MessageAttributes")),
        attributes(in.get("MessageSystemAttributes")),
        optionalText(in, "MessageGroupId"),
        optionalText(in, "MessageDeduplicationId"));
  }

  private static <T> List<BatchEntry<T>> entries(JsonNode in, Function<JsonNode, T> decode) {
    JsonNode list = in.get("Entries");
    if (list != null && !list.isNull() && !list.isArray()) {
      throw serialization("Entries must be a list");
    }
    List<BatchEntry<T>> out = new ArrayList<>();
    if (list != null) {
      for (JsonNode e : list) {
        out.add(new BatchEntry<>(optionalText(e, "Id").orElse(""), decode.apply(e)));
      }
    }
    return out;
  }

  private static Map<String, MessageAttributeValue> attributes(JsonNode node) {
    Map<String, MessageAttributeValue> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw serialization("message attributes must be a map");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      String type = optionalText(v, "DataType").orElse("");
      Optional<String> binary = optionalText(v, "BinaryValue");
      if (binary.isPresent() && !type.startsWith("String") && !type.startsWith("Number")) {
        try {
          out.put(e.getKey(), MessageAttributeValue.ofBinary(type, Base64.getDecoder().decode(binary.get())));
        } catch (IllegalArgumentException x) {
          throw serialization("BinaryValue of message attribute " + e.getKey() + " is not base64");
        }
      } else {
        out.put(e.getKey(), MessageAttributeValue.ofString(type, optionalText(v, "StringValue").orElse("")));
      }
    }
    return out;
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw serialization("Attributes must be a map of strings");
    }
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw serialization("expected a list of strings");
    }
    node.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String text(JsonNode in, String field) {
    return optionalText(in, field).orElse("");
  }

  private static Optional<String> optionalText(JsonNode in, String field) {
    JsonNode v = in.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  private static Optional<Integer> integer(JsonNode in, String field) {
    JsonNode v = in.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (v.isIntegralNumber() && v.canConvertToInt()) {
      return Optional.of(v.intValue());
    }
    try {
      return Optional.of(Integer.parseInt(v.asText().trim()));
    } catch (NumberFormatException e) {
      throw QueueException.invalidParameter(
          "Value " + v.asText() + " for parameter " + field + " is invalid. Reason: not an integer.");
    }
  }

  private static QueueException serialization(String message) {
    return new QueueException(QueueError.SERIALIZATION, "Could not read the request: " + message + ".");
  }

  // ---- Encoding --------------------------------------------------------------------------------

  private ObjectNode done(Runnable action) {
    action.run();
    return mapper.createObjectNode();
  }

  private static ObjectNode sent(ObjectNode n, SendResult r) {
    n.put("MessageId", r.messageId());
    n.put("MD5OfMessageBody", r.md5OfBody());
    r.md5OfAttributes().ifPresent(d -> n.put("MD5OfMessageAttributes", d));
    r.md5OfSystemAttributes().ifPresent(d -> n.put("MD5OfMessageSystemAttributes", d));
    r.sequenceNumber().ifPresent(s -> n.put("SequenceNumber", s));
    return n;
  }

  private <T> ObjectNode batch(BatchResult<T> result, java.util.function.BiConsumer<ObjectNode, T> fill) {
    ObjectNode out = mapper.createObjectNode();
    ArrayNode ok = out.putArray("Successful");
    for (BatchResult.Success<T> s : result.successful()) {
      ObjectNode n = ok.addObject().put("Id", s.id());
      fill.accept(n, s.result());
    }
    ArrayNode failed = out.putArray("Failed");
    for (BatchResult.Failure f : result.failed()) {
      failed.addObject()
          .put("Id", f.id())
          .put("SenderFault", f.senderFault())
          .put("Code", f.code())
          .put("Message", f.message());
    }
    return out;
  }

  private static Response ok(ObjectNode body) {
    return new Response(200, Map.of("Content-Type", CONTENT_TYPE),
        body.toString().getBytes(StandardCharsets.UTF_8));
  }

  static Response error(QueueError error, String message) {
    ObjectNode body = new ObjectMapper().createObjectNode();
    body.put("__type", "com.amazonaws.sqs#" + error.typeName());
    body.put("message", message == null ? "" : message);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", CONTENT_TYPE);
    headers.put("x-amzn-query-error",
        error.queryCode() + ";" + (error.senderFault() ? "Sender" : "Receiver"));
    return new Response(error.status(), headers, body.toString().getBytes(StandardCharsets.UTF_8));
  }
}

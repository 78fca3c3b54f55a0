package dev.gust.triggers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.queue.MessageAttributeValue;
import dev.gust.queue.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Lambda's Amazon SQS event: {@code {"Records": [...]}}, one record per message with {@code
 * messageId}, {@code receiptHandle}, {@code body}, {@code attributes} (the system attributes
 * Lambda passes, as text), {@code messageAttributes} ({@code stringValue} or base64 {@code
 * binaryValue}, {@code stringListValues}, {@code binaryListValues}, {@code dataType}), {@code
 * md5OfBody}, {@code md5OfMessageAttributes} when there are attributes, {@code eventSource}
 * {@code "aws:sqs"}, {@code eventSourceARN} and {@code awsRegion}.
 */
final class SqsEvent {
  /** The system attributes a record carries, in Lambda's order; others a receive returns are not. */
  static final List<String> ATTRIBUTES = List.of(
      "ApproximateReceiveCount", "SentTimestamp", "SequenceNumber", "MessageGroupId", "SenderId",
      "MessageDeduplicationId", "ApproximateFirstReceiveTimestamp", "AWSTraceHeader");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SqsEvent() {}

  /** One message's record. */
  static ObjectNode record(ReceivedMessage m, String queueArn, String region) {
    ObjectNode r = NODES.objectNode();
    r.put("messageId", m.messageId());
    r.put("receiptHandle", m.receiptHandle());
    r.put("body", m.body());
    ObjectNode attributes = r.putObject("attributes");
    for (String name : ATTRIBUTES) {
      String value = m.attributes().get(name);
      if (value != null) {
        attributes.put(name, value);
      }
    }
    ObjectNode messageAttributes = r.putObject("messageAttributes");
    for (Map.Entry<String, MessageAttributeValue> e : m.messageAttributes().entrySet()) {
      MessageAttributeValue v = e.getValue();
      ObjectNode a = messageAttributes.putObject(e.getKey());
      if (v.binary()) {
        a.put("binaryValue", Base64.getEncoder().encodeToString(v.binaryValue().orElseThrow()));
      } else {
        a.put("stringValue", v.stringValue().orElseThrow());
      }
      a.putArray("stringListValues");
      a.putArray("binaryListValues");
      a.put("dataType", v.dataType());
    }
    r.put("md5OfBody", m.md5OfBody());
    m.md5OfMessageAttributes().ifPresent(md5 -> r.put("md5OfMessageAttributes", md5));
    r.put("eventSource", "aws:sqs");
    r.put("eventSourceARN", queueArn);
    r.put("awsRegion", region);
    return r;
  }

  /** The event of a batch of records. */
  static byte[] event(List<ObjectNode> records) {
    ObjectNode event = NODES.objectNode();
    ArrayNode array = event.putArray("Records");
    records.forEach(array::add);
    return bytes(event);
  }

  /** The size one record adds to an event: its JSON and a separating comma. */
  static int size(ObjectNode record) {
    return bytes(record).length + 1;
  }

  /** An event's size before any record: {@code {"Records":[]}}. */
  static final int EMPTY_EVENT_BYTES = "{\"Records\":[]}".length();

  /**
   * The record as filter patterns see it: the body replaced by its JSON when it is a JSON object,
   * so {@code {"body": {"kind": ["order"]}}} reads inside it, while a plain-text body stays text
   * for rules such as {@code {"body": [{"prefix": "Result: "}]}}. A pattern of one shape never
   * matches a body of the other, which is how Lambda drops such messages.
   */
  static JsonNode filterView(ObjectNode record) {
    String body = record.path("body").asText();
    String trimmed = body.stripLeading();
    if (!trimmed.startsWith("{")) {
      return record;
    }
    try {
      JsonNode parsed = FilterPattern.JSON.readTree(body);
      if (parsed == null || !parsed.isObject()) {
        return record;
      }
      ObjectNode view = record.deepCopy();
      view.set("body", parsed);
      return view;
    } catch (JsonProcessingException e) {
      return record;
    }
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return FilterPattern.JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write an SQS event: " + e.getMessage(), e);
    }
  }

  static String text(JsonNode node) {
    return new String(bytes(node), StandardCharsets.UTF_8);
  }
}

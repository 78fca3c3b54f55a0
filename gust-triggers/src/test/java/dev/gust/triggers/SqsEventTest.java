package dev.gust.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.queue.MessageAttributeValue;
import dev.gust.queue.ReceivedMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The record Lambda builds for each SQS message, field by field. */
class SqsEventTest {
  static final String ARN = "arn:aws:sqs:us-east-1:000000000000:jobs";

  static ReceivedMessage message(String id, String body, Map<String, String> attributes,
      Map<String, MessageAttributeValue> messageAttributes) {
    return new ReceivedMessage(id, "handle-" + id, body, "md5-" + id, attributes,
        new TreeMap<>(messageAttributes),
        messageAttributes.isEmpty() ? Optional.empty() : Optional.of("attr-md5-" + id));
  }

  @Test
  void aStandardRecordHasLambdasFieldsAndAttributeShapes() throws Exception {
    Map<String, String> system = new LinkedHashMap<>();
    system.put("SenderId", "000000000000");
    system.put("SentTimestamp", "1545082649183");
    system.put("ApproximateReceiveCount", "1");
    system.put("ApproximateFirstReceiveTimestamp", "1545082649185");
    system.put("DeadLetterQueueSourceArn", "not passed on");
    ObjectNode r = SqsEvent.record(message("m-1", "{\"n\":1}", system, Map.of(
        "colour", MessageAttributeValue.ofString("String", "blue"),
        "blob", MessageAttributeValue.ofBinary("Binary.png", new byte[] {0, 1, (byte) 255}))),
        ARN, "us-east-1");
    JsonNode expected = FilterPattern.JSON.readTree("""
        {"messageId": "m-1", "receiptHandle": "handle-m-1", "body": "{\\"n\\":1}",
         "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1545082649183",
                        "SenderId": "000000000000",
                        "ApproximateFirstReceiveTimestamp": "1545082649185"},
         "messageAttributes": {
           "blob": {"binaryValue": "AAH/", "stringListValues": [], "binaryListValues": [],
                    "dataType": "Binary.png"},
           "colour": {"stringValue": "blue", "stringListValues": [], "binaryListValues": [],
                      "dataType": "String"}},
         "md5OfBody": "md5-m-1", "md5OfMessageAttributes": "attr-md5-m-1",
         "eventSource": "aws:sqs", "eventSourceARN": "%s", "awsRegion": "us-east-1"}
        """.formatted(ARN));
    assertEquals(expected, r);
    assertEquals(List.of("messageId", "receiptHandle", "body", "attributes", "messageAttributes",
        "md5OfBody", "md5OfMessageAttributes", "eventSource", "eventSourceARN", "awsRegion"),
        iterate(r.fieldNames()));
  }

  @Test
  void aFifoRecordCarriesItsGroupSequenceAndDeduplicationId() {
    Map<String, String> system = Map.of("ApproximateReceiveCount", "2", "SentTimestamp", "1",
        "SenderId", "000000000000", "ApproximateFirstReceiveTimestamp", "2",
        "SequenceNumber", "00000000000000000042", "MessageGroupId", "g1",
        "MessageDeduplicationId", "d1");
    ObjectNode r = SqsEvent.record(message("m", "x", system, Map.of()), ARN + ".fifo", "eu-west-1");
    JsonNode a = r.get("attributes");
    assertEquals("00000000000000000042", a.get("SequenceNumber").asText());
    assertEquals("g1", a.get("MessageGroupId").asText());
    assertEquals("d1", a.get("MessageDeduplicationId").asText());
    assertEquals(7, a.size());
    assertTrue(r.get("messageAttributes").isEmpty());
    assertFalse(r.has("md5OfMessageAttributes"));
    assertEquals("eu-west-1", r.get("awsRegion").asText());
  }

  @Test
  void anEventWrapsRecordsAndItsSizeIsTheSumOfItsParts() throws Exception {
    ObjectNode a = SqsEvent.record(message("a", "one", Map.of(), Map.of()), ARN, "us-east-1");
    ObjectNode b = SqsEvent.record(message("b", "two", Map.of(), Map.of()), ARN, "us-east-1");
    byte[] event = SqsEvent.event(List.of(a, b));
    JsonNode parsed = FilterPattern.JSON.readTree(event);
    assertEquals(2, parsed.get("Records").size());
    assertEquals("two", parsed.at("/Records/1/body").asText());
    assertEquals(event.length, SqsEvent.EMPTY_EVENT_BYTES + SqsEvent.size(a) + SqsEvent.size(b) - 1);
  }

  @Test
  void filtersSeeAJsonObjectBodyParsedAndOtherBodiesAsText() {
    ObjectNode json = SqsEvent.record(message("a", " {\"k\": 1.50}", Map.of(), Map.of()), ARN, "r");
    assertEquals("1.50", SqsEvent.filterView(json).at("/body/k").asText());
    assertEquals(" {\"k\": 1.50}", json.get("body").asText(), "the record itself is unchanged");
    for (String body : List.of("plain text", "[1, 2]", "42", "{broken")) {
      ObjectNode r = SqsEvent.record(message("b", body, Map.of(), Map.of()), ARN, "r");
      assertEquals(body, SqsEvent.filterView(r).get("body").asText());
    }
  }

  private static List<String> iterate(java.util.Iterator<String> names) {
    List<String> out = new java.util.ArrayList<>();
    names.forEachRemaining(out::add);
    return out;
  }
}

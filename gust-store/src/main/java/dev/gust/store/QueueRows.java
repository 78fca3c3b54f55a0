package dev.gust.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.queue.MessageAttributeValue;
import dev.gust.core.queue.Queue;
import dev.gust.core.queue.QueueAttributes;
import dev.gust.core.queue.QueueMessage;
import dev.gust.core.queue.RedrivePolicy;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** Rows of the queue tables to records and back, including the JSON columns. */
final class QueueRows {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String QUEUE_COLUMNS =
      "name, fifo, visibility_timeout, delay_seconds, maximum_message_size, retention_seconds,"
          + " receive_wait_seconds, content_based_dedup, redrive_target_arn, max_receive_count,"
          + " other_attributes, created_ms, modified_ms";

  static final String MESSAGE_COLUMNS =
      "seq, message_id, body, attributes, system_attributes, sent_ms, visible_ms, receive_count,"
          + " first_receive_ms, receipt_token, group_id, dedup_id, dead_letter_source";

  private QueueRows() {}

  static Queue queue(ResultSet rs) throws SQLException {
    Optional<RedrivePolicy> redrive =
        rs.getString(9) == null
            ? Optional.empty()
            : Optional.of(new RedrivePolicy(rs.getString(9), rs.getInt(10)));
    QueueAttributes attributes =
        new QueueAttributes(
            rs.getInt(3),
            rs.getInt(4),
            rs.getInt(5),
            rs.getInt(6),
            rs.getInt(7),
            rs.getInt(2) != 0,
            rs.getInt(8) != 0,
            redrive,
            readStrings(rs.getString(11)));
    return new Queue(
        rs.getString(1),
        attributes,
        Instant.ofEpochMilli(rs.getLong(12)),
        Instant.ofEpochMilli(rs.getLong(13)));
  }

  /** Binds the attribute columns, in {@link #QUEUE_COLUMNS} order from column 2, at {@code at}. */
  static int bindAttributes(PreparedStatement s, int at, QueueAttributes a) throws SQLException {
    s.setInt(at++, a.fifo() ? 1 : 0);
    s.setInt(at++, a.visibilityTimeoutSeconds());
    s.setInt(at++, a.delaySeconds());
    s.setInt(at++, a.maximumMessageSize());
    s.setInt(at++, a.messageRetentionPeriodSeconds());
    s.setInt(at++, a.receiveMessageWaitTimeSeconds());
    s.setInt(at++, a.contentBasedDeduplication() ? 1 : 0);
    if (a.redrivePolicy().isPresent()) {
      s.setString(at++, a.redrivePolicy().get().deadLetterTargetArn());
      s.setInt(at++, a.redrivePolicy().get().maxReceiveCount());
    } else {
      s.setNull(at++, Types.VARCHAR);
      s.setNull(at++, Types.INTEGER);
    }
    s.setString(at++, writeJson(JSON.valueToTree(a.other())));
    return at;
  }

  /** A message row selected as {@link #MESSAGE_COLUMNS}, as a receive with {@code token} sees it. */
  static QueueMessage message(ResultSet rs, int receiveCount, Instant firstReceived, String token)
      throws SQLException {
    Object first = rs.getObject(9);
    return new QueueMessage(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        readAttributes(rs.getString(4)),
        readAttributes(rs.getString(5)),
        Instant.ofEpochMilli(rs.getLong(6)),
        Optional.of(
            first == null ? firstReceived : Instant.ofEpochMilli(((Number) first).longValue())),
        receiveCount,
        Optional.ofNullable(rs.getString(11)),
        Optional.ofNullable(rs.getString(12)),
        Optional.ofNullable(rs.getString(13)),
        token);
  }

  /** Message attributes as a JSON object; null for none, to keep rows small. */
  static String writeAttributes(Map<String, MessageAttributeValue> attributes) {
    if (attributes.isEmpty()) {
      return null;
    }
    ObjectNode root = JSON.createObjectNode();
    for (Map.Entry<String, MessageAttributeValue> e : attributes.entrySet()) {
      ObjectNode v = root.putObject(e.getKey());
      MessageAttributeValue value = e.getValue();
      v.put("t", value.dataType());
      value.stringValue().ifPresent(s -> v.put("s", s));
      value.binaryValue().ifPresent(b -> v.put("b", Base64.getEncoder().encodeToString(b)));
    }
    return writeJson(root);
  }

  static SortedMap<String, MessageAttributeValue> readAttributes(String json) {
    SortedMap<String, MessageAttributeValue> out = new TreeMap<>();
    if (json == null) {
      return out;
    }
    JsonNode root = readJson(json);
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      String type = v.path("t").asText();
      out.put(
          e.getKey(),
          v.has("b")
              ? MessageAttributeValue.ofBinary(type, Base64.getDecoder().decode(v.get("b").asText()))
              : MessageAttributeValue.ofString(type, v.path("s").asText()));
    }
    return out;
  }

  private static Map<String, String> readStrings(String json) {
    try {
      return JSON.readValue(json, new TypeReference<TreeMap<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt queue attributes in the database: " + json, e);
    }
  }

  private static JsonNode readJson(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt message attributes in the database", e);
    }
  }

  private static String writeJson(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

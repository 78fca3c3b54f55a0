package dev.gust.mqtt;

import dev.gust.core.JsonText;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The event a function gets for a batch of MQTT messages. Lambda has no MQTT source; the shape
 * follows its self-managed Kafka event (an {@code eventSource}, the broker, base64 payloads):
 *
 * <pre>{@code
 * {"eventSource": "gust:mqtt", "eventSourceArn": "...", "broker": "tcp://127.0.0.1:1883",
 *  "records": [{"topic": "sensors/kitchen/temp", "payload": "MjEuNQ==", "qos": 1,
 *               "retained": false, "duplicate": false, "timestamp": 1764835200123,
 *               "receivedAt": "2025-12-04T08:00:00.123Z"}]}
 * }</pre>
 */
public final class MqttEvent {
  private MqttEvent() {}

  public static byte[] json(String eventSourceArn, String broker, List<MqttRecord> records) {
    StringBuilder b = new StringBuilder(128 + records.size() * 160);
    b.append("{\"eventSource\":\"gust:mqtt\",\"eventSourceArn\":").append(JsonText.quote(eventSourceArn))
        .append(",\"broker\":").append(JsonText.quote(broker)).append(",\"records\":[");
    for (int i = 0; i < records.size(); i++) {
      MqttRecord r = records.get(i);
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"topic\":").append(JsonText.quote(r.topic()))
          .append(",\"payload\":\"").append(Base64.getEncoder().encodeToString(r.payload()))
          .append("\",\"qos\":").append(r.qos())
          .append(",\"retained\":").append(r.retained())
          .append(",\"duplicate\":").append(r.duplicate())
          .append(",\"timestamp\":").append(r.receivedMillis())
          .append(",\"receivedAt\":\"").append(Instant.ofEpochMilli(r.receivedMillis())).append("\"}");
    }
    return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }
}

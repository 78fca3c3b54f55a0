package dev.gust.mqtt;

import java.util.Objects;

/**
 * One message received from the broker.
 *
 * @param topic the topic it was published to
 * @param payload its bytes
 * @param qos the quality of service it was delivered with
 * @param retained whether the broker delivered it as the topic's retained message
 * @param duplicate whether the broker marked it as a redelivery
 * @param receivedMillis when Gust received it (epoch milliseconds)
 * @param ackId what acknowledges it to the broker (the MQTT packet id; 0 for QoS 0)
 */
public record MqttRecord(
    String topic,
    byte[] payload,
    int qos,
    boolean retained,
    boolean duplicate,
    long receivedMillis,
    int ackId) {

  public MqttRecord {
    Objects.requireNonNull(topic);
    Objects.requireNonNull(payload);
  }
}

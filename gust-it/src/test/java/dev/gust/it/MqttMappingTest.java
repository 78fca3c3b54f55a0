package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gust.mqtt.Mosquitto;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;

/**
 * MQTT sensor data reaches a function: an event source mapping (created with the AWS SDK's
 * LambdaClient, SelfManagedEventSource + Topics) subscribes to a real mosquitto broker the test
 * starts, batches messages and invokes a Python function.
 */
class MqttMappingTest extends ServerTest {
  static Mosquitto broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = Mosquitto.start();
    gust.lambda.createFunction(b -> b.functionName("sensors").runtime("python3.11").handler("app.handler")
        .role("r").code(c -> c.zipFile(Functions.zip("mqtt-reader"))));
  }

  @AfterAll
  static void stopBroker() throws Exception {
    broker.close();
  }

  static Set<String> received() throws Exception {
    Set<String> lines = new TreeSet<>();
    for (String line : DurableAsyncTest.logsOf(gust, "sensors").split("\n")) {
      int at = line.indexOf("MQTT ");
      if (at >= 0) {
        lines.add(line.substring(at + 5).strip());
      }
    }
    return lines;
  }

  @Test
  void messagesPublishedToABrokerReachTheFunctionInBatches() throws Exception {
    var created = gust.lambda.createEventSourceMapping(b -> b.functionName("sensors").batchSize(10)
        .maximumBatchingWindowInSeconds(1).topics("home/+/temperature")
        .selfManagedEventSource(s -> s.endpointsWithStrings(Map.of("MQTT_BROKER_URL", List.of(broker.url())))));
    assertEquals(List.of("home/+/temperature"), created.topics());
    assertEquals(broker.url(), created.selfManagedEventSource().endpointsAsStrings().get("MQTT_BROKER_URL").get(0));
    // wait until the subscription is live (the mapping connects in the background)
    DurableAsyncTest.await(() -> gust.lambda.getEventSourceMapping(b -> b.uuid(created.uuid())).stateTransitionReason(),
        r -> !r.startsWith("PROBLEM"), "the broker connection");

    Set<String> expected = new TreeSet<>();
    try (MqttClient sensor = new MqttClient(broker.url(), "sensor-1", new MemoryPersistence())) {
      MqttConnectOptions o = new MqttConnectOptions();
      o.setCleanSession(true);
      sensor.connect(o);
      // the subscription is made asynchronously: publish until the first message is seen
      for (int i = 0; received().isEmpty(); i++) {
        assertTrue(i < 600, "no message reached the function");
        sensor.publish("home/kitchen/temperature", ("warmup-" + i).getBytes(StandardCharsets.UTF_8), 1, false);
        expected.add("home/kitchen/temperature warmup-" + i);
        Thread.sleep(100);
      }
      for (int i = 0; i < 25; i++) {
        String room = i % 2 == 0 ? "kitchen" : "garage";
        sensor.publish("home/" + room + "/temperature", ("21." + i).getBytes(StandardCharsets.UTF_8), 1, false);
        expected.add("home/" + room + "/temperature 21." + i);
      }
      sensor.publish("home/kitchen/humidity", "55".getBytes(StandardCharsets.UTF_8), 1, false);
      sensor.disconnect();
    }
    DurableAsyncTest.await(() -> received().size(), n -> n >= expected.size(), "every reading");
    Set<String> got = received();
    assertTrue(got.containsAll(expected), "missing: " + expected.stream().filter(e -> !got.contains(e)).toList());
    assertTrue(got.stream().noneMatch(l -> l.contains("humidity")), "only the subscribed topics: " + got);
    for (String line : DurableAsyncTest.logsOf(gust, "sensors").split("\n")) {
      int at = line.indexOf("BATCH ");
      if (at >= 0) {
        assertTrue(Integer.parseInt(line.substring(at + 6).strip()) <= 10, line);
      }
    }
  }

  @Test
  void aBadBrokerUrlOrMissingTopicsIsRefused() {
    assertThrows(InvalidParameterValueException.class, () -> gust.lambda.createEventSourceMapping(
        b -> b.functionName("sensors").topics("x/#")
            .selfManagedEventSource(s -> s.endpointsWithStrings(Map.of("MQTT_BROKER_URL", List.of("http://nope"))))));
    assertThrows(InvalidParameterValueException.class, () -> gust.lambda.createEventSourceMapping(
        b -> b.functionName("sensors")
            .selfManagedEventSource(s -> s.endpointsWithStrings(Map.of("MQTT_BROKER_URL", List.of(broker.url()))))));
  }
}

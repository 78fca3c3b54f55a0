package dev.gust.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gust.core.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MqttSource against a real mosquitto broker. */
class MqttSourceTest {
  Mosquitto broker;

  @BeforeEach
  void startBroker() throws Exception {
    broker = Mosquitto.start();
  }

  @AfterEach
  void stopBroker() throws Exception {
    broker.close();
  }

  MqttSource.Settings settings(String clientId, int batchSize) {
    return new MqttSource.Settings(broker.url(), List.of("sensors/#"), clientId, batchSize,
        Duration.ofMillis(300), Optional.empty(), Optional.empty());
  }

  void publish(int from, int count) throws Exception {
    try (MqttClient publisher = new MqttClient(broker.url(), "publisher-" + from, new MemoryPersistence())) {
      MqttConnectOptions o = new MqttConnectOptions();
      o.setCleanSession(true);
      publisher.connect(o);
      for (int i = from; i < from + count; i++) {
        publisher.publish("sensors/" + (i % 2 == 0 ? "kitchen" : "garage") + "/temp",
            ("reading-" + i).getBytes(StandardCharsets.UTF_8), 1, false);
      }
      publisher.disconnect();
    }
  }

  static void await(BooleanSupplier done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "gave up waiting for " + what);
      Thread.sleep(20);
    }
  }

  static Set<String> payloads(List<List<MqttRecord>> batches) {
    Set<String> all = new TreeSet<>();
    batches.forEach(b -> b.forEach(r -> all.add(new String(r.payload(), StandardCharsets.UTF_8))));
    return all;
  }

  static Set<String> expected(int from, int count) {
    Set<String> all = new TreeSet<>();
    for (int i = from; i < from + count; i++) {
      all.add("reading-" + i);
    }
    return all;
  }

  @Test
  void messagesArriveInBatchesOfAtMostBatchSize() throws Exception {
    List<List<MqttRecord>> batches = new CopyOnWriteArrayList<>();
    try (MqttSource source = new MqttSource(settings("batches", 10), batches::add, Clock.SYSTEM)) {
      publish(0, 25);
      await(() -> payloads(batches).size() == 25, "25 messages");
    }
    assertEquals(expected(0, 25), payloads(batches));
    assertTrue(batches.size() >= 3, "25 messages in batches of at most 10: " + batches.size());
    batches.forEach(b -> assertTrue(b.size() <= 10, "batch of " + b.size()));
    assertTrue(batches.get(0).get(0).topic().startsWith("sensors/"), batches.get(0).get(0).topic());
    assertEquals(1, batches.get(0).get(0).qos());
  }

  @Test
  void aRefusedBatchIsOfferedAgainAndNothingIsLost() throws Exception {
    List<List<MqttRecord>> taken = new CopyOnWriteArrayList<>();
    AtomicInteger offers = new AtomicInteger();
    try (MqttSource source = new MqttSource(settings("refused", 5), batch -> {
      if (offers.incrementAndGet() <= 2) {
        return false; // the function failed: not acknowledged, offered again
      }
      taken.add(batch);
      return true;
    }, Clock.SYSTEM)) {
      publish(100, 12);
      await(() -> payloads(taken).size() == 12, "12 messages after two refusals");
    }
    assertEquals(expected(100, 12), payloads(taken));
    assertTrue(offers.get() >= 5, "two refused offers, then at least three batches: " + offers.get());
  }

  @Test
  void messagesPublishedWhileTheSourceIsDownArriveWhenItReconnects() throws Exception {
    List<List<MqttRecord>> batches = new CopyOnWriteArrayList<>();
    new MqttSource(settings("durable", 10), batches::add, Clock.SYSTEM).close(); // session created
    publish(200, 7); // nobody connected: the broker keeps them for the persistent session
    try (MqttSource source = new MqttSource(settings("durable", 10), batches::add, Clock.SYSTEM)) {
      await(() -> payloads(batches).size() == 7, "the 7 messages kept by the broker");
    }
    assertEquals(expected(200, 7), payloads(batches));
  }

  @Test
  void theEventHasTheDocumentedShape() {
    MqttRecord r = new MqttRecord("sensors/kitchen/temp", "21.5".getBytes(StandardCharsets.UTF_8), 1,
        false, false, 1_764_835_200_123L, 7);
    String json = new String(MqttEvent.json("arn:gust:mqtt:x", "tcp://127.0.0.1:1883", List.of(r)),
        StandardCharsets.UTF_8);
    assertEquals("{\"eventSource\":\"gust:mqtt\",\"eventSourceArn\":\"arn:gust:mqtt:x\","
        + "\"broker\":\"tcp://127.0.0.1:1883\",\"records\":[{\"topic\":\"sensors/kitchen/temp\","
        + "\"payload\":\"MjEuNQ==\",\"qos\":1,\"retained\":false,\"duplicate\":false,"
        + "\"timestamp\":1764835200123,\"receivedAt\":\"2025-12-04T08:00:00.123Z\"}]}", json);
  }
}

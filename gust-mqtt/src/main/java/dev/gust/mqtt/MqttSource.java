package dev.gust.mqtt;

import dev.gust.core.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A durable subscription to topics on an MQTT 3.1.1 broker whose messages are handed over in
 * batches, at least once.
 *
 * <p>The session is persistent ({@code cleanSession=false} under a stable client id), so the broker
 * keeps QoS 1 messages published while Gust is down and delivers them on reconnect. Acknowledgements
 * are manual: a message is acknowledged (PUBACK) only after the batch holding it was taken by the
 * handler; a batch the handler refuses is offered again after a backoff, and a message never
 * acknowledged is redelivered by the broker after a reconnect. Memory is bounded: when the buffer
 * is full the client's receiving thread waits, and the broker's flow control holds the rest.
 *
 * <p>A batch is handed over when it holds {@code batchSize} messages or {@code batchWindow} has
 * passed since its first message, whichever comes first.
 */
public final class MqttSource implements AutoCloseable {

  /**
   * Settings.
   *
   * @param broker {@code tcp://host:port} (or {@code ssl://})
   * @param topics topic filters (MQTT wildcards {@code +} and {@code #} allowed)
   * @param clientId the session's stable client id
   * @param batchSize the most messages per batch, 1 to 10,000
   * @param batchWindow the longest a batch waits to fill
   * @param username optional credentials
   * @param password optional credentials
   */
  public record Settings(
      String broker,
      List<String> topics,
      String clientId,
      int batchSize,
      Duration batchWindow,
      Optional<String> username,
      Optional<String> password) {
    public Settings {
      Objects.requireNonNull(broker);
      topics = List.copyOf(topics);
      if (topics.isEmpty()) {
        throw new IllegalArgumentException("at least one topic is needed");
      }
      if (batchSize < 1 || batchSize > 10_000) {
        throw new IllegalArgumentException("batchSize must be 1 to 10000");
      }
    }
  }

  private static final System.Logger LOG = System.getLogger("gust.mqtt");
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final Settings settings;
  private final Predicate<List<MqttRecord>> handler;
  private final Clock clock;
  private final BlockingQueue<MqttRecord> buffer;
  private final MqttClient client;
  private final Thread dispatcher;
  private volatile boolean closed;

  /**
   * Connects and subscribes (throws when the broker cannot be reached at first), then hands over
   * batches on a thread of its own; {@code handler} answers whether it took the batch.
   */
  public MqttSource(Settings settings, Predicate<List<MqttRecord>> handler, Clock clock)
      throws MqttException {
    this.settings = settings;
    this.handler = handler;
    this.clock = clock;
    this.buffer = new ArrayBlockingQueue<>(Math.max(2 * settings.batchSize(), 100));
    this.client = new MqttClient(settings.broker(), settings.clientId(), new MemoryPersistence());
    client.setManualAcks(true);
    client.setCallback(new Callback());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(false);
    options.setAutomaticReconnect(true);
    options.setMaxInflight(Math.max(10, settings.batchSize()));
    options.setConnectionTimeout(10);
    settings.username().ifPresent(options::setUserName);
    settings.password().ifPresent(p -> options.setPassword(p.toCharArray()));
    client.connect(options);
    subscribe();
    this.dispatcher = Thread.ofVirtual().name("mqtt-" + settings.clientId()).start(this::dispatch);
  }

  private void subscribe() throws MqttException {
    String[] filters = settings.topics().toArray(String[]::new);
    int[] qos = new int[filters.length];
    java.util.Arrays.fill(qos, 1);
    client.subscribe(filters, qos);
  }

  /** Whether the client is connected to the broker now. */
  public boolean connected() {
    return client.isConnected();
  }

  private final class Callback implements MqttCallbackExtended {
    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      if (reconnect) {
        LOG.log(System.Logger.Level.INFO, "MQTT " + serverUri + ": reconnected");
      }
    }

    @Override
    public void connectionLost(Throwable cause) {
      LOG.log(System.Logger.Level.WARNING,
          "MQTT " + settings.broker() + ": connection lost (" + cause + "); reconnecting");
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
      MqttRecord record = new MqttRecord(topic, message.getPayload(), message.getQos(),
          message.isRetained(), message.isDuplicate(), clock.now().toEpochMilli(), message.getId());
      while (!closed && !buffer.offer(record, 1, TimeUnit.SECONDS)) {
        // full: this (the client's) thread waits, and the broker holds the rest
      }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {}
  }

  private void dispatch() {
    Duration backoff = Duration.ofMillis(200);
    List<MqttRecord> batch = new ArrayList<>();
    while (!closed) {
      try {
        if (batch.isEmpty()) {
          MqttRecord first = buffer.poll(1, TimeUnit.SECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          long deadline = System.nanoTime() + settings.batchWindow().toNanos();
          while (batch.size() < settings.batchSize()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              buffer.drainTo(batch, settings.batchSize() - batch.size());
              break;
            }
            MqttRecord next = buffer.poll(left, TimeUnit.NANOSECONDS);
            if (next != null) {
              batch.add(next);
            }
          }
        }
        boolean taken;
        try {
          taken = handler.test(List.copyOf(batch));
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "MQTT batch handler failed", e);
          taken = false;
        }
        if (taken) {
          for (MqttRecord r : batch) {
            if (r.qos() > 0) {
              acknowledge(r);
            }
          }
          batch.clear();
          backoff = Duration.ofMillis(200);
        } else {
          Thread.sleep(backoff.toMillis()); // the same batch is offered again
          backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void acknowledge(MqttRecord r) {
    try {
      client.messageArrivedComplete(r.ackId(), r.qos());
    } catch (MqttException e) {
      // not acknowledged: the broker delivers it again after a reconnect (at least once)
      LOG.log(System.Logger.Level.WARNING, "MQTT ack of message " + r.ackId() + " failed: " + e);
    }
  }

  @Override
  public void close() {
    closed = true;
    dispatcher.interrupt();
    try {
      if (client.isConnected()) {
        client.disconnect(2000);
      }
    } catch (MqttException e) {
      LOG.log(System.Logger.Level.DEBUG, "MQTT disconnect: " + e);
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.log(System.Logger.Level.DEBUG, "MQTT close: " + e);
    }
  }
}

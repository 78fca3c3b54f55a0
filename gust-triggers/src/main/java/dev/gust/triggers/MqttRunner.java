package dev.gust.triggers;

import dev.gust.core.Clock;
import dev.gust.core.ErrorType;
import dev.gust.core.EventSourceMapping;
import dev.gust.core.GustException;
import dev.gust.mqtt.MqttEvent;
import dev.gust.mqtt.MqttRecord;
import dev.gust.mqtt.MqttSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Delivers an MQTT mapping: keeps an {@link MqttSource} connected (retrying with backoff while the
 * broker cannot be reached, so a broker that is down does not stop the server) and invokes the
 * function with each batch. A batch is taken (acknowledged to the broker) only when the function
 * succeeded; a failed or throttled invocation is offered again with backoff, at least once.
 */
final class MqttRunner {
  private static final System.Logger LOG = System.getLogger("gust.esm.mqtt");

  private final EventSourceMapping mapping;
  private final String mappingArn;
  private final FunctionInvoker invoker;
  private final Clock clock;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile MqttSource source;
  private volatile boolean stopping;
  private volatile String problem = "";
  private Thread connector;

  MqttRunner(EventSourceMapping mapping, String mappingArn, FunctionInvoker invoker, Clock clock) {
    this.mapping = mapping;
    this.mappingArn = mappingArn;
    this.invoker = invoker;
    this.clock = clock;
  }

  EventSourceMapping mapping() {
    return mapping;
  }

  void start() {
    connector = Thread.ofVirtual().name("mqtt-connect-" + mapping.uuid()).start(this::connect);
  }

  private void connect() {
    EventSourceMapping.Mqtt mqtt = mapping.mqtt().orElseThrow();
    MqttSource.Settings settings = new MqttSource.Settings(mqtt.broker(), mqtt.topics(),
        "gust-" + mapping.uuid(), mapping.batchSize(),
        Duration.ofSeconds(mapping.maximumBatchingWindowSeconds()).plusMillis(
            mapping.maximumBatchingWindowSeconds() == 0 ? 50 : 0),
        Optional.empty(), Optional.empty());
    Duration backoff = Duration.ofSeconds(1);
    while (!stopping) {
      try {
        MqttSource s = new MqttSource(settings, this::deliver, clock);
        if (stopping) {
          s.close();
          return;
        }
        source = s;
        problem = "";
        return;
      } catch (Exception e) {
        problem = "PROBLEM: cannot reach MQTT broker " + mqtt.broker() + ": " + e.getMessage();
        LOG.log(System.Logger.Level.WARNING, "mapping " + mapping.uuid() + ": " + problem
            + "; retrying in " + backoff.toSeconds() + " s");
        try {
          Thread.sleep(backoff.toMillis());
        } catch (InterruptedException ie) {
          return;
        }
        backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
            ? Duration.ofSeconds(30) : backoff.multipliedBy(2);
      }
    }
  }

  /** Invokes the function with one batch; true when it succeeded (the batch is acknowledged). */
  private boolean deliver(List<MqttRecord> batch) {
    byte[] event = MqttEvent.json(mappingArn, mapping.mqtt().orElseThrow().broker(), batch);
    try {
      FunctionInvoker.Result r = invoker.invoke(mapping.target(), event);
      return r.functionError().isEmpty();
    } catch (GustException e) {
      if (e.type() != ErrorType.TOO_MANY_REQUESTS) {
        LOG.log(System.Logger.Level.WARNING, "mapping " + mapping.uuid() + ": " + e.getMessage());
      }
      return false;
    }
  }

  String problem() {
    return problem;
  }

  CompletableFuture<Void> stop() {
    stopping = true;
    if (connector != null) {
      connector.interrupt();
    }
    MqttSource s = source;
    if (s != null) {
      s.close();
    }
    stopped.complete(null);
    return stopped;
  }
}

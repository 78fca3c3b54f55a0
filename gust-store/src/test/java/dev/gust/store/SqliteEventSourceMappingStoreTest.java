package dev.gust.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gust.core.CodePackage;
import dev.gust.core.ErrorType;
import dev.gust.core.EventSourceMapping;
import dev.gust.core.FunctionConfig;
import dev.gust.core.FunctionState;
import dev.gust.core.FunctionVersion;
import dev.gust.core.GustException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEventSourceMappingStoreTest {
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00.123Z");
  private static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:jobs";

  @TempDir Path dir;
  private SqliteRegistryStore store;

  @BeforeEach
  void open() {
    store = new SqliteRegistryStore(dir.resolve("gust.db"));
    store.createFunction(FunctionState.created(new FunctionVersion("worker", FunctionVersion.LATEST,
        new FunctionConfig("python3.12", "app.handler", "r", "", 128, 3, 512, Map.of(), "x86_64"),
        new CodePackage("q83vEjRWeJA=", 1, 1), "rev-1", T0)));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void mappingsSurviveReopenWithEveryField() {
    EventSourceMapping full = new EventSourceMapping("b-uuid", "worker", Optional.of("live"), QUEUE,
        false, 500, 5, true, Optional.of(7),
        List.of("{\"body\":{\"kind\":[\"order\"]}}", "{\"body\":[{\"prefix\":\"x\"}]}"), T0);
    EventSourceMapping plain = new EventSourceMapping("a-uuid", "worker", Optional.empty(), QUEUE,
        true, 10, 0, false, Optional.empty(), List.of(), T0.plusSeconds(1));
    EventSourceMapping mqtt = new EventSourceMapping("c-uuid", "worker", Optional.empty(), "",
        true, 100, 1, false, Optional.empty(), List.of(), T0,
        Optional.of(new EventSourceMapping.Mqtt("tcp://127.0.0.1:1883", List.of("sensors/#", "a/+/b"))));
    store.eventSourceMappings().putEventSourceMapping(full);
    store.eventSourceMappings().putEventSourceMapping(plain);
    store.eventSourceMappings().putEventSourceMapping(mqtt);
    store.close();
    store = new SqliteRegistryStore(dir.resolve("gust.db"));
    assertEquals(List.of(plain, full, mqtt), store.eventSourceMappings().loadEventSourceMappings());
  }

  @Test
  void puttingAgainReplacesAndDeletingRemoves() {
    EventSourceMapping m = new EventSourceMapping("u1", "worker", Optional.empty(), QUEUE, true, 10,
        0, false, Optional.empty(), List.of(), T0);
    store.eventSourceMappings().putEventSourceMapping(m);
    EventSourceMapping disabled = m.withEnabled(false, T0.plusSeconds(5));
    store.eventSourceMappings().putEventSourceMapping(disabled);
    assertEquals(List.of(disabled), store.eventSourceMappings().loadEventSourceMappings());
    store.eventSourceMappings().deleteEventSourceMapping("u1");
    assertTrue(store.eventSourceMappings().loadEventSourceMappings().isEmpty());
  }

  @Test
  void mappingsGoWithTheirFunctionAndNeedOne() {
    store.eventSourceMappings().putEventSourceMapping(new EventSourceMapping("u1", "worker",
        Optional.empty(), QUEUE, true, 10, 0, false, Optional.empty(), List.of(), T0));
    store.deleteFunction("worker");
    assertTrue(store.eventSourceMappings().loadEventSourceMappings().isEmpty());
    GustException e = assertThrows(GustException.class, () -> store.eventSourceMappings()
        .putEventSourceMapping(new EventSourceMapping("u2", "worker", Optional.empty(), QUEUE,
            true, 10, 0, false, Optional.empty(), List.of(), T0)));
    assertEquals(ErrorType.RESOURCE_NOT_FOUND, e.type());
  }
}

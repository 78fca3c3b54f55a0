package dev.gust.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gust.core.Arns;
import dev.gust.core.AsyncEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEventStoreTest {
  static final Instant T0 = Instant.parse("2026-12-04T08:00:00Z");
  @TempDir Path dir;
  SqliteEventStore store;

  @BeforeEach
  void open() {
    store = new SqliteEventStore(dir.resolve("events.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  void accept(String function, int count, int fromSecond) {
    List<AsyncEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(AsyncEvent.accepted(function + "-" + i, new Arns.FunctionRef(function, Optional.empty()),
          ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), T0.plusSeconds(fromSecond + i)));
    }
    store.write(events, List.of());
  }

  static long count(List<AsyncEvent> events, String function) {
    return events.stream().filter(e -> e.functionName().equals(function)).count();
  }

  @Test
  void aClaimRespectsEachReservationAndIsNotBlockedByABacklogAtItsLimit() {
    accept("throttled", 50, 0); // oldest, but no room
    accept("limited", 50, 100); // room for 2
    accept("free", 5, 200); // no reservation, newest
    Instant now = T0.plusSeconds(1000);

    List<AsyncEvent> claimed = store.claimDue(now, 64, Map.of("throttled", 0, "limited", 2));

    assertEquals(0, count(claimed, "throttled"));
    assertEquals(2, count(claimed, "limited"));
    assertEquals(5, count(claimed, "free"), "behind the others' backlogs, still claimed");
    assertTrue(claimed.stream().allMatch(e -> e.status() == AsyncEvent.Status.RUNNING && e.payload().length > 0));
    assertEquals(List.of("limited-0", "limited-1"),
        claimed.stream().filter(e -> e.functionName().equals("limited")).map(AsyncEvent::requestId).toList(),
        "oldest first");
    assertEquals(0, store.claimDue(now, 64, Map.of("throttled", 0, "limited", 0)).size(),
        "claimed ones are RUNNING, the rest wait for room");
    assertEquals(105, store.pending(), "pending counts the RUNNING ones too");
  }

  @Test
  void aClaimTakesAtMostTheLimitOldestDueFirstAndNothingNotYetDue() {
    accept("f", 10, 0);
    List<AsyncEvent> claimed = store.claimDue(T0.plusSeconds(4), 3, Map.of());
    assertEquals(List.of("f-0", "f-1", "f-2"), claimed.stream().map(AsyncEvent::requestId).toList());
    assertEquals(List.of("f-3", "f-4"),
        store.claimDue(T0.plusSeconds(4), 10, Map.of()).stream().map(AsyncEvent::requestId).toList(),
        "f-5 and later are not due yet");
  }

  @Test
  void runningEventsAreQueuedAgainAfterACrashAndAcceptsAreIdempotent() {
    accept("f", 3, 0);
    store.claimDue(T0.plusSeconds(10), 10, Map.of());
    accept("f", 1, 0); // the same id again (a schedule's run handed over twice) is one event
    store.close();
    store = new SqliteEventStore(dir.resolve("events.db"));
    assertEquals(3, store.requeueRunning(T0.plusSeconds(20)));
    assertEquals(3, store.claimDue(T0.plusSeconds(20), 10, Map.of()).size());
  }
}

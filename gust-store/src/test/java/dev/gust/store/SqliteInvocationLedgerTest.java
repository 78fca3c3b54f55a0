package dev.gust.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gust.core.Clock;
import dev.gust.core.FunctionUsage;
import dev.gust.core.InvocationRecord;
import dev.gust.core.InvocationRecord.Outcome;
import dev.gust.core.ManualClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteInvocationLedgerTest {
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
  private static final Clock CLOCK = new ManualClock(T0);

  @TempDir Path dir;
  private SqliteInvocationLedger ledger;

  @AfterEach
  void close() {
    if (ledger != null) {
      ledger.close();
    }
  }

  @Test
  void usageCountsOutcomesColdStartsPercentilesAndGbSeconds() {
    ledger = new SqliteInvocationLedger(dir.resolve("ledger.db"));
    ledger.record(record("a", 0, 100, 1024, true, Outcome.SUCCESS));
    ledger.record(record("a", 1, 200, 1024, false, Outcome.SUCCESS));
    ledger.record(record("a", 2, 300, 512, true, Outcome.ERROR));
    ledger.record(record("a", 3, 3000, 512, false, Outcome.TIMEOUT));
    ledger.record(record("a", 4, 0, 512, false, Outcome.THROTTLED));
    ledger.record(record("b", 5, 7, 128, true, Outcome.SUCCESS));

    List<FunctionUsage> usage = ledger.usage(T0);

    // (100*1024 + 200*1024 + 300*512 + 3000*512) ms*MB / (1000 * 1024) = 1.95 GB-s
    assertEquals(
        List.of(
            new FunctionUsage("a", 4, 2, 1, 1 + 1, 200, 3000, 1.95),
            new FunctionUsage("b", 1, 0, 0, 1, 7, 7, 7 * 128 / 1024_000.0)),
        usage);
  }

  @Test
  void usageCountsOnlyInvocationsSinceTheGivenInstant() {
    ledger = new SqliteInvocationLedger(dir.resolve("ledger.db"));
    ledger.record(record("a", 0, 10, 128, false, Outcome.SUCCESS));
    ledger.record(record("a", 60, 20, 128, false, Outcome.SUCCESS));

    List<FunctionUsage> usage = ledger.usage(T0.plusSeconds(60));

    assertEquals(1, usage.get(0).invocations());
    assertEquals(20, usage.get(0).p50DurationMs());
  }

  @Test
  void onlyTheNewestRecordsAreKeptAcrossRestarts() {
    Path file = dir.resolve("ledger.db");
    ledger = new SqliteInvocationLedger(file, 5);
    for (int i = 1; i <= 12; i++) {
      ledger.record(record("a", i, i, 128, false, Outcome.SUCCESS));
    }
    ledger.flush();
    assertEquals(5, ledger.usage(T0).get(0).invocations());
    ledger.close();

    ledger = new SqliteInvocationLedger(file, 5);
    ledger.record(record("a", 13, 13, 128, false, Outcome.SUCCESS));

    FunctionUsage usage = ledger.usage(T0).get(0);
    assertEquals(5, usage.invocations());
    assertEquals(11, usage.p50DurationMs()); // durations 9..13
  }

  @Test
  void closeWritesEverythingQueued() {
    Path file = dir.resolve("ledger.db");
    ledger = new SqliteInvocationLedger(file);
    for (int i = 0; i < 2500; i++) {
      ledger.record(record("a", 0, 1, 128, false, Outcome.SUCCESS));
    }
    ledger.close();

    ledger = new SqliteInvocationLedger(file);

    assertEquals(2500, ledger.usage(T0).get(0).invocations());
  }

  @Test
  void recordDropsAndCountsWhenTheQueueIsFullInsteadOfBlocking() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    ThreadFactory gatedWriter =
        task ->
            new Thread(
                () -> {
                  try {
                    gate.await();
                  } catch (InterruptedException e) {
                    return;
                  }
                  task.run();
                });
    ledger =
        new SqliteInvocationLedger(
            new SqliteDialect(dir.resolve("ledger.db")), 100, 2, CLOCK, gatedWriter);

    ledger.record(record("a", 0, 1, 128, false, Outcome.SUCCESS));
    ledger.record(record("a", 1, 1, 128, false, Outcome.SUCCESS));
    ledger.record(record("a", 2, 1, 128, false, Outcome.SUCCESS));
    ledger.record(record("a", 3, 1, 128, false, Outcome.SUCCESS));

    assertEquals(2, ledger.dropped());
    gate.countDown();
    assertEquals(2, ledger.usage(T0).get(0).invocations());
  }

  private static InvocationRecord record(
      String fn, int second, double durationMs, int memoryMb, boolean cold, Outcome outcome) {
    long billed = outcome == Outcome.THROTTLED ? 0 : InvocationRecord.billed(durationMs);
    return new InvocationRecord(
        "req-" + fn + "-" + second,
        fn,
        "$LATEST",
        T0.plusSeconds(second),
        durationMs,
        billed,
        memoryMb,
        0,
        cold,
        cold ? 50 : 0,
        outcome,
        outcome == Outcome.ERROR ? "Runtime.ExitError" : "");
  }
}

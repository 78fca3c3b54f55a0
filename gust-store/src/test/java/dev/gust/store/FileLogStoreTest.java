package dev.gust.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gust.core.GustException;
import dev.gust.core.LogStore.LogChunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class FileLogStoreTest {
  private static final Duration NO_WAIT = Duration.ZERO;
  private static final Duration LONG_WAIT = Duration.ofMinutes(5);

  @TempDir Path dir;
  private FileLogStore logs;

  @BeforeEach
  void open() {
    logs = new FileLogStore(dir);
  }

  @AfterEach
  void close() {
    logs.close();
  }

  @Test
  void appendedTextReadsBackAsWholeLines() throws Exception {
    logs.append("fn", "a\n");
    logs.append("fn", "no newline");

    assertEquals(new LogChunk("a\nno newline\n", 13), logs.read("fn", 0, 1000, NO_WAIT));
    assertEquals(new LogChunk("no newline\n", 13), logs.read("fn", 2, 1000, NO_WAIT));
  }

  @Test
  void readStopsAtTheLastWholeLineThatFits() throws Exception {
    logs.append("fn", "first\nsecond\n");

    assertEquals(new LogChunk("first\n", 6), logs.read("fn", 0, 10, NO_WAIT));
    assertEquals(new LogChunk("second\n", 13), logs.read("fn", 6, 10, NO_WAIT));
  }

  @Test
  void lineLongerThanMaxBytesComesInPiecesWithoutSplittingCharacters() throws Exception {
    logs.append("fn", "ééé\n");

    LogChunk first = logs.read("fn", 0, 3, NO_WAIT);
    assertEquals(new LogChunk("é", 2), first);
    assertEquals(new LogChunk("é", 4), logs.read("fn", first.nextCursor(), 3, NO_WAIT));
  }

  @Test
  void tailStartsAtALineBoundary() throws Exception {
    logs.append("fn", "line1\nline2\nline3\n");

    assertEquals(new LogChunk("line3\n", 18), logs.read("fn", -1, 10, NO_WAIT));
    assertEquals(new LogChunk("line2\nline3\n", 18), logs.read("fn", -1, 12, NO_WAIT));
    assertEquals(new LogChunk("line1\nline2\nline3\n", 18), logs.read("fn", -1, 1000, NO_WAIT));
  }

  @Test
  void oldestSegmentsAreDroppedAndOldCursorsContinueFromTheOldestKept() throws Exception {
    logs = new FileLogStore(dir, 10, 40);
    for (int i = 1; i <= 10; i++) {
      logs.append("fn", "line" + String.format("%02d", i) + "\n"); // 7 bytes each
    }
    // Segments of 14 bytes (a segment fills up to >= 10, then the next append rolls):
    // 0, 14, 28, 42, 56; keeping at most 40 bytes leaves 42 and 56.
    assertEquals(
        List.of("00000000000000000042.log", "00000000000000000056.log"), files(dir.resolve("fn")));

    LogChunk chunk = logs.read("fn", 0, 1000, NO_WAIT);

    assertEquals(new LogChunk("line07\nline08\nline09\nline10\n", 70), chunk);
  }

  @Test
  void cursorsStayValidAcrossReopen() throws Exception {
    logs = new FileLogStore(dir, 10, 1000);
    logs.append("fn", "before restart\n");
    LogChunk seen = logs.read("fn", 0, 1000, NO_WAIT);
    logs.close();

    logs = new FileLogStore(dir, 10, 1000);
    logs.append("fn", "after restart\n");

    assertEquals(
        new LogChunk("after restart\n", 29), logs.read("fn", seen.nextCursor(), 1000, NO_WAIT));
  }

  @Test
  void lineCutOffByACrashIsEndedOnReopen() throws Exception {
    Files.createDirectories(dir.resolve("fn"));
    Files.writeString(dir.resolve("fn/00000000000000000000.log"), "complete\npartial");

    logs.append("fn", "next\n");

    assertEquals(new LogChunk("complete\npartial\nnext\n", 22), logs.read("fn", 0, 1000, NO_WAIT));
  }

  @Test
  void readWithNothingNewReturnsAnEmptyChunkAtTheSameCursor() throws Exception {
    logs.append("fn", "x\n");

    assertEquals(new LogChunk("", 2), logs.read("fn", 2, 1000, Duration.ofMillis(1)));
    assertEquals(new LogChunk("", 0), logs.read("never-logged", -1, 1000, NO_WAIT));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void waitingReaderIsWokenByAnAppend() throws Exception {
    logs.append("fn", "old\n");
    try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
      Future<LogChunk> follower = pool.submit(() -> logs.read("fn", 4, 1000, LONG_WAIT));
      while (logs.waitingReaders("fn") == 0) {
        Thread.onSpinWait();
      }

      logs.append("fn", "new\n");

      assertEquals(new LogChunk("new\n", 8), follower.get());
    }
  }

  @Test
  void concurrentAppendsAreNeverInterleaved() throws Exception {
    logs = new FileLogStore(dir, 4096, 64L * 1024 * 1024);
    int threads = 8;
    int appends = 200;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        String id = "t" + t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < appends; i++) {
                    logs.append(
                        "fn",
                        id + "-" + i + " A\n" + id + "-" + i + " B\n" + id + "-" + i + " C\n");
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    }

    String all = logs.read("fn", 0, Integer.MAX_VALUE - 8, NO_WAIT).text();

    String[] lines = all.split("\n");
    assertEquals(threads * appends * 3, lines.length);
    for (int i = 0; i < lines.length; i += 3) {
      String prefix = lines[i].substring(0, lines[i].length() - 2);
      assertEquals(prefix + " A", lines[i]);
      assertEquals(prefix + " B", lines[i + 1]);
      assertEquals(prefix + " C", lines[i + 2]);
    }
  }

  @Test
  void deleteRemovesTheLogsAndANewLogStartsOver() throws Exception {
    logs.append("fn", "secret\n");

    logs.delete("fn");

    assertFalse(Files.exists(dir.resolve("fn")));
    assertEquals(new LogChunk("", 0), logs.read("fn", 0, 1000, NO_WAIT));
    logs.append("fn", "fresh\n");
    assertEquals(new LogChunk("fresh\n", 6), logs.read("fn", 0, 1000, NO_WAIT));
  }

  @Test
  void namesThatCouldEscapeTheLogDirectoryAreRejected() {
    GustException e = assertThrows(GustException.class, () -> logs.append("../etc", "x\n"));
    assertTrue(e.getMessage().contains("'../etc'"), e.getMessage());
  }

  private static List<String> files(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}

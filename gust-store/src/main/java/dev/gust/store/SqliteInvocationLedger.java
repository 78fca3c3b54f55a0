package dev.gust.store;

import dev.gust.core.Clock;
import dev.gust.core.FunctionUsage;
import dev.gust.core.InvocationLedger;
import dev.gust.core.InvocationRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Invocation records in their own SQLite file (for example {@code <dataDir>/ledger.db}), schema
 * from the {@code db/ledger} migrations.
 *
 * <p>Design: {@link #record} only offers to a bounded queue, so the invocation path never waits for
 * the disk; when the queue is full the record is dropped and counted ({@link #dropped()}), with a
 * warning at most once a minute. One writer thread takes whatever has queued up, up to {@value
 * #MAX_BATCH} records, and writes it in one transaction, so batches grow with load instead of
 * commits. The same transaction deletes the oldest records beyond {@code maxRecords}; the writer
 * numbers records itself ({@code seq}), so that delete is a range on the key. Records gather for up
 * to {@link #GATHER} before a write, so a busy server writes few large batches. {@link #flush} queues
 * a barrier and waits for the writer to pass it.
 */
public final class SqliteInvocationLedger implements InvocationLedger {
  public static final long DEFAULT_MAX_RECORDS = 1_000_000;
  static final int DEFAULT_QUEUE_CAPACITY = 65_536;
  static final int MAX_BATCH = 1000;
  /** How long the writer lets records gather before it writes them. */
  static final Duration GATHER = Duration.ofMillis(20);
  static final String MIGRATIONS = "db/ledger";
  private static final Duration WARN_EVERY = Duration.ofMinutes(1);
  private static final System.Logger LOG = System.getLogger(SqliteInvocationLedger.class.getName());

  /** Released by the writer once everything queued before it is written. */
  private record Barrier(CountDownLatch passed) {}

  private static final Object STOP = new Object();

  private final Database writes;
  private final Database reads;
  private final long maxRecords;
  private final Clock clock;
  private final BlockingQueue<Object> queue;
  private final Thread writer;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong lastWarningNanos = new AtomicLong(Long.MIN_VALUE);
  private volatile boolean closed;
  private volatile boolean writerDone;
  private long lastSeq;

  /** A ledger in {@code file} keeping the newest {@value #DEFAULT_MAX_RECORDS} records. */
  public SqliteInvocationLedger(Path file) {
    this(file, DEFAULT_MAX_RECORDS);
  }

  /** A ledger in {@code file} keeping the newest {@code maxRecords} records. */
  public SqliteInvocationLedger(Path file, long maxRecords) {
    this(
        new SqliteDialect(file),
        maxRecords,
        DEFAULT_QUEUE_CAPACITY,
        Clock.SYSTEM,
        Thread.ofPlatform().name("gust-ledger-writer").daemon(true).factory());
  }

  SqliteInvocationLedger(
      SqlDialect dialect, long maxRecords, int queueCapacity, Clock clock, ThreadFactory threads) {
    if (maxRecords < 1) {
      throw new IllegalArgumentException(
          "maxRecords must be at least 1 to keep any invocation record, not " + maxRecords);
    }
    this.maxRecords = maxRecords;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.writes = Database.open(dialect, SqlDialect.Use.BULK_WRITES);
    try {
      new Migrations(MIGRATIONS, clock).migrate(writes);
      this.lastSeq =
          writes.autoCommit("read the last invocation number", SqliteInvocationLedger::maxSeq);
      this.reads = Database.open(dialect, SqlDialect.Use.READS);
    } catch (RuntimeException e) {
      writes.close();
      throw e;
    }
    this.writer = threads.newThread(this::drain);
    writer.start();
  }

  @Override
  public void record(InvocationRecord record) {
    Objects.requireNonNull(record.functionName(), "functionName");
    Objects.requireNonNull(record.start(), "start");
    Objects.requireNonNull(record.outcome(), "outcome");
    if (closed || !queue.offer(record)) {
      long count = dropped.incrementAndGet();
      long now = clock.nanoTime();
      long last = lastWarningNanos.get();
      if ((last == Long.MIN_VALUE || now - last >= WARN_EVERY.toNanos())
          && lastWarningNanos.compareAndSet(last, now)) {
        LOG.log(
            System.Logger.Level.WARNING,
            "Dropped invocation records because the ledger {0}; {1} dropped so far. Usage"
                + " figures undercount; check the disk of {2}.",
            closed ? "is closed" : "writer is behind",
            count,
            writes.describe());
      }
    }
  }

  /** How many records were dropped because the queue was full or the ledger closed. */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public void flush() {
    if (writerDone || Thread.currentThread() == writer) {
      return;
    }
    Barrier barrier = new Barrier(new CountDownLatch(1));
    try {
      queue.put(barrier);
      if (writerDone) {
        releaseAbandoned();
      }
      barrier.passed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Usage from the records written so far; {@link #flush()} first to include queued ones. */
  @Override
  public List<FunctionUsage> usage(Instant since) {
    flush();
    return reads.autoCommit("compute usage", c -> UsageQuery.run(c, since));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!writerDone) {
        queue.put(STOP);
      }
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      reads.close();
      writes.close();
    }
  }

  private void drain() {
    List<Object> batch = new ArrayList<>(MAX_BATCH);
    try {
      while (true) {
        Object first = queue.take();
        batch.add(first);
        if (first instanceof InvocationRecord) {
          // Let records gather for a moment: under load one transaction then carries hundreds
          // of them instead of one each (a transaction costs far more CPU than a row). A flush
          // or close does not wait for it.
          long until = System.nanoTime() + GATHER.toNanos();
          while (batch.size() < MAX_BATCH && !(batch.getLast() instanceof Barrier)
              && batch.getLast() != STOP) {
            long left = until - System.nanoTime();
            Object next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
              break;
            }
            batch.add(next);
          }
        }
        queue.drainTo(batch, MAX_BATCH - batch.size());
        writeRecords(batch);
        boolean stop = false;
        for (Object o : batch) {
          if (o instanceof Barrier b) {
            b.passed.countDown();
          }
          stop |= o == STOP;
        }
        batch.clear();
        if (stop) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      writerDone = true; // Before releasing, so that a late flush() sees it and releases itself.
      batch.forEach(SqliteInvocationLedger::release);
      releaseAbandoned();
    }
  }

  private void releaseAbandoned() {
    List<Object> left = new ArrayList<>();
    queue.drainTo(left);
    left.forEach(SqliteInvocationLedger::release);
  }

  private static void release(Object o) {
    if (o instanceof Barrier b) {
      b.passed.countDown();
    }
  }

  private void writeRecords(List<Object> batch) {
    List<InvocationRecord> records = new ArrayList<>(batch.size());
    for (Object o : batch) {
      if (o instanceof InvocationRecord r) {
        records.add(r);
      }
    }
    if (records.isEmpty()) {
      return;
    }
    long before = lastSeq;
    try {
      writes.transaction("record invocations", c -> insertAndTrim(c, records));
    } catch (RuntimeException e) {
      lastSeq = before;
      LOG.log(
          System.Logger.Level.ERROR,
          "Lost " + records.size() + " invocation records: " + e.getMessage(),
          e);
    }
  }

  private Void insertAndTrim(Connection c, List<InvocationRecord> records) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO invocations (seq, request_id, function_name, version, start_ms,"
                + " duration_ms, billed_ms, memory_size_mb, max_memory_used_mb, cold_start,"
                + " init_duration_ms, outcome, error_type)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (InvocationRecord r : records) {
        s.setLong(1, ++lastSeq);
        s.setString(2, orEmpty(r.requestId()));
        s.setString(3, r.functionName());
        s.setString(4, orEmpty(r.version()));
        s.setLong(5, r.start().toEpochMilli());
        s.setDouble(6, r.durationMs());
        s.setLong(7, r.billedMs());
        s.setInt(8, r.memorySizeMb());
        s.setLong(9, r.maxMemoryUsedMb());
        s.setInt(10, r.coldStart() ? 1 : 0);
        s.setDouble(11, r.initDurationMs());
        s.setString(12, r.outcome().name());
        s.setString(13, r.errorType());
        s.addBatch();
      }
      s.executeBatch();
    }
    long oldestKept = lastSeq - maxRecords + 1;
    if (oldestKept > 1) {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM invocations WHERE seq < ?")) {
        s.setLong(1, oldestKept);
        s.executeUpdate();
      }
    }
    return null;
  }

  private static long maxSeq(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM invocations")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}

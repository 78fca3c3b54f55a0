package dev.gust.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.UUID;
import org.sqlite.SQLiteConfig;

/**
 * The events benchmark's baseline: how fast SQLite alone commits rows durably on this disk, with
 * Gust's settings (WAL, synchronous=FULL, BEGIN IMMEDIATE, busy timeout, foreign keys: the
 * {@code DURABLE_WRITES} connection of {@code SqliteDialect}), one thread, one connection, into the
 * same tables and indexes Gust's stores create, rows as big as the benchmark's: an event row with
 * a ~100-byte payload, a queue message with a ~100-byte body.
 */
final class SqliteBaseline implements AutoCloseable {
  /** {@code db/events/V1__async_events.sql}. */
  static final String EVENTS_DDL = """
      CREATE TABLE async_events (
        request_id VARCHAR(64) NOT NULL PRIMARY KEY,
        function_name VARCHAR(64) NOT NULL,
        qualifier VARCHAR(128) NOT NULL,
        payload BYTEA NOT NULL,
        status VARCHAR(16) NOT NULL,
        attempts INTEGER NOT NULL,
        accepted_ms BIGINT NOT NULL,
        next_attempt_ms BIGINT NOT NULL,
        last_error TEXT,
        finished_ms BIGINT
      );
      CREATE INDEX async_events_due ON async_events (status, next_attempt_ms);
      CREATE INDEX async_events_function ON async_events (function_name, accepted_ms);
      """;
  /** The messages table of {@code db/queues/V1__queues_messages_deduplication.sql}. */
  static final String MESSAGES_DDL = """
      CREATE TABLE messages (
        seq BIGINT NOT NULL PRIMARY KEY,
        queue_name VARCHAR(80) NOT NULL,
        message_id VARCHAR(36) NOT NULL,
        body TEXT NOT NULL,
        attributes TEXT,
        system_attributes TEXT,
        sent_ms BIGINT NOT NULL,
        visible_ms BIGINT NOT NULL,
        receive_count INTEGER NOT NULL,
        first_receive_ms BIGINT,
        received_ms BIGINT,
        receipt_token VARCHAR(64),
        group_id VARCHAR(128),
        dedup_id VARCHAR(128),
        dead_letter_source VARCHAR(80)
      );
      CREATE INDEX messages_visible ON messages (queue_name, visible_ms);
      CREATE INDEX messages_order ON messages (queue_name, seq);
      CREATE INDEX messages_sent ON messages (queue_name, sent_ms);
      """;

  /** One measured row of the baseline. */
  record Rate(String table, int rowsPerTx, long rows, double seconds, Stats commits) {
    double rowsPerSecond() {
      return rows / seconds;
    }
  }

  private final Connection c;
  private final String version;
  private long seq;

  SqliteBaseline(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(10_000);
    config.enforceForeignKeys(true);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    this.c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement s = c.createStatement()) {
      for (String ddl : (EVENTS_DDL + MESSAGES_DDL).split(";")) {
        if (!ddl.isBlank()) {
          s.execute(ddl);
        }
      }
      try (var rs = s.executeQuery("SELECT sqlite_version()")) {
        rs.next();
        version = rs.getString(1);
      }
    }
  }

  String version() {
    return version;
  }

  /** Inserts event rows, {@code rowsPerTx} per transaction, for about {@code millis}. */
  Rate events(int rowsPerTx, long millis, byte[] payload) throws SQLException {
    long now = System.currentTimeMillis();
    return run("async_events", rowsPerTx, millis,
        "INSERT INTO async_events (request_id, function_name, qualifier, status, attempts,"
            + " accepted_ms, next_attempt_ms, last_error, finished_ms, payload)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING",
        s -> {
          s.setString(1, UUID.randomUUID().toString());
          s.setString(2, "ev-noop");
          s.setString(3, "");
          s.setString(4, "QUEUED");
          s.setInt(5, 0);
          s.setLong(6, now);
          s.setLong(7, now);
          s.setNull(8, Types.VARCHAR);
          s.setNull(9, Types.BIGINT);
          s.setBytes(10, payload);
        });
  }

  /** Inserts queue message rows, {@code rowsPerTx} per transaction, for about {@code millis}. */
  Rate messages(int rowsPerTx, long millis, String body) throws SQLException {
    long now = System.currentTimeMillis();
    return run("messages", rowsPerTx, millis,
        "INSERT INTO messages (seq, queue_name, message_id, body, attributes,"
            + " system_attributes, sent_ms, visible_ms, receive_count, group_id, dedup_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
        s -> {
          s.setLong(1, ++seq);
          s.setString(2, "bench-q");
          s.setString(3, UUID.randomUUID().toString());
          s.setString(4, body);
          s.setNull(5, Types.VARCHAR);
          s.setNull(6, Types.VARCHAR);
          s.setLong(7, now);
          s.setLong(8, now);
          s.setNull(9, Types.VARCHAR);
          s.setNull(10, Types.VARCHAR);
        });
  }

  private interface Binder {
    void bind(PreparedStatement s) throws SQLException;
  }

  private Rate run(String table, int rowsPerTx, long millis, String sql, Binder binder)
      throws SQLException {
    long[] commits = new long[1 << 12];
    int n = 0;
    long rows = 0;
    long start = System.nanoTime();
    long end = start + millis * 1_000_000L;
    try (PreparedStatement s = c.prepareStatement(sql)) {
      while (System.nanoTime() < end) {
        long t0 = System.nanoTime();
        c.setAutoCommit(false);
        for (int i = 0; i < rowsPerTx; i++) {
          binder.bind(s);
          s.addBatch();
        }
        s.executeBatch();
        c.commit();
        c.setAutoCommit(true);
        if (n == commits.length) {
          commits = java.util.Arrays.copyOf(commits, n * 2);
        }
        commits[n++] = System.nanoTime() - t0;
        rows += rowsPerTx;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Rate(table, rowsPerTx, rows, seconds, Stats.of(java.util.Arrays.copyOf(commits, n)));
  }

  @Override
  public void close() throws SQLException {
    c.close();
  }

  static Path tempFile(Path dir) {
    return dir.resolve("baseline.db");
  }

  static void deleteQuietly(Path file) {
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      try {
        Files.deleteIfExists(Path.of(file + suffix));
      } catch (java.io.IOException ignored) {
        // a temp file
      }
    }
  }
}

package dev.gust.store;

import dev.gust.core.AsyncEvent;
import dev.gust.core.Clock;
import dev.gust.core.EventStore;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asynchronous invocations in their own SQLite file (for example {@code <dataDir>/events.db}),
 * schema from the {@code db/events} migrations. Every write is a durable transaction (synchronous
 * FULL): an accepted event survives a crash and a power loss. Callers batch accepts (group commit),
 * so the fsync is paid per batch, not per event.
 */
public final class SqliteEventStore implements EventStore {
  static final String MIGRATIONS = "db/events";
  private static final String COLUMNS =
      "request_id, function_name, qualifier, status, attempts, accepted_ms, next_attempt_ms,"
          + " last_error, finished_ms";
  private static final byte[] NO_PAYLOAD = new byte[0];

  private final Database db;
  /**
   * For each function with waiting events, no later than its earliest due time (it may be early:
   * a claim that finds nothing due reads the real one). Kept beside the table so that a claim
   * reads only the functions with something due, by the (function, status, due) index, and never
   * walks another function's backlog.
   */
  private final Map<String, Long> earliestDue = new java.util.concurrent.ConcurrentHashMap<>();

  public SqliteEventStore(Path file) {
    this(new SqliteDialect(file), Clock.SYSTEM);
  }

  SqliteEventStore(SqlDialect dialect, Clock clock) {
    this.db = Database.open(dialect, SqlDialect.Use.DURABLE_WRITES);
    try {
      new Migrations(MIGRATIONS, clock).migrate(db);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    rebuildEarliestDue(Optional.empty());
  }

  @Override
  public void write(List<AsyncEvent> accepted, List<AsyncEvent> updated) {
    if (accepted.isEmpty() && updated.isEmpty()) {
      return;
    }
    db.transaction(
        "write " + accepted.size() + " accepted and " + updated.size()
            + " updated asynchronous invocations",
        c -> {
          if (!accepted.isEmpty()) {
            try (PreparedStatement s =
                c.prepareStatement(
                    "INSERT INTO async_events (" + COLUMNS + ", payload)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        // the same id twice is one event: a schedule's run fired again after
                        // a crash, or a retried accept (standard SQL on PostgreSQL and SQLite)
                        + " ON CONFLICT (request_id) DO NOTHING")) {
              for (AsyncEvent e : accepted) {
                noteDue(e);
                s.setString(1, e.requestId());
                s.setString(2, e.functionName());
                s.setString(3, e.qualifier().orElse(""));
                s.setString(4, e.status().name());
                s.setInt(5, e.attempts());
                s.setLong(6, e.accepted().toEpochMilli());
                s.setLong(7, e.nextAttemptAt().toEpochMilli());
                setText(s, 8, e.lastError());
                setMillis(s, 9, e.finished());
                s.setBytes(10, e.payload());
                s.addBatch();
              }
              s.executeBatch();
            }
          }
          if (!updated.isEmpty()) {
            try (PreparedStatement s =
                c.prepareStatement(
                    "UPDATE async_events SET status = ?, attempts = ?, next_attempt_ms = ?,"
                        + " last_error = ?, finished_ms = ? WHERE request_id = ?")) {
              for (AsyncEvent e : updated) {
                noteDue(e);
                s.setString(1, e.status().name());
                s.setInt(2, e.attempts());
                s.setLong(3, e.nextAttemptAt().toEpochMilli());
                setText(s, 4, e.lastError());
                setMillis(s, 5, e.finished());
                s.setString(6, e.requestId());
                s.addBatch();
              }
              s.executeBatch();
            }
          }
          return null;
        });
  }

  @Override
  public List<AsyncEvent> claimDue(Instant now, int limit, Map<String, Integer> capacity) {
    if (limit <= 0) {
      return List.of();
    }
    return db.transaction(
        "claim due asynchronous invocations",
        c -> {
          // Ids first, then the chosen rows with their payloads. Only functions with something
          // due are read, oldest due first, each through the (function, status, due) index and
          // at most its room: a function with reserved concurrency gets at most its free room
          // (none when it has none, and its backlog waits unread), others share the limit.
          long nowMs = now.toEpochMilli();
          List<Map.Entry<String, Long>> candidates = earliestDue.entrySet().stream()
              .filter(e -> e.getValue() <= nowMs)
              .sorted(Map.Entry.comparingByValue())
              .toList();
          List<Due> due = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT request_id, next_attempt_ms FROM async_events WHERE function_name = ?"
                      + " AND status IN ('QUEUED', 'RETRYING') AND next_attempt_ms <= ?"
                      + " ORDER BY next_attempt_ms LIMIT ?")) {
            for (Map.Entry<String, Long> f : candidates) {
              int want = Math.min(capacity.getOrDefault(f.getKey(), limit), limit - due.size());
              if (want <= 0) {
                if (due.size() >= limit) {
                  break;
                }
                continue;
              }
              s.setString(1, f.getKey());
              s.setLong(2, nowMs);
              s.setInt(3, want);
              int before = due.size();
              readDue(s, due);
              if (due.size() - before < want) {
                refreshEarliestDue(c, f.getKey()); // nothing more due now: read the real next
              }
            }
          }
          due.sort(Comparator.comparingLong(Due::at));
          List<String> chosen = due.stream().map(Due::id).toList();
          List<AsyncEvent> claimed = new ArrayList<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT " + COLUMNS + ", payload FROM async_events WHERE request_id = ?");
              PreparedStatement u =
                  c.prepareStatement(
                      "UPDATE async_events SET status = 'RUNNING' WHERE request_id = ?")) {
            for (String id : chosen) {
              s.setString(1, id);
              try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                  AsyncEvent e = event(rs, rs.getBytes(10));
                  claimed.add(e.waiting(AsyncEvent.Status.RUNNING, e.attempts(),
                      e.nextAttemptAt(), e.lastError()));
                }
              }
              u.setString(1, id);
              u.addBatch();
            }
            u.executeBatch();
          }
          return claimed;
        });
  }

  /** A due event's id and when it fell due. */
  private record Due(String id, long at) {}

  private static void readDue(PreparedStatement s, List<Due> into) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        into.add(new Due(rs.getString(1), rs.getLong(2)));
      }
    }
  }

  @Override
  public Optional<Instant> nextDue() {
    return earliestDue.values().stream().min(Long::compare).map(Instant::ofEpochMilli);
  }

  /** Records that {@code e}, if it waits, falls due at its next attempt. */
  private void noteDue(AsyncEvent e) {
    if (e.status() == AsyncEvent.Status.QUEUED || e.status() == AsyncEvent.Status.RETRYING) {
      earliestDue.merge(e.functionName(), e.nextAttemptAt().toEpochMilli(), Math::min);
    }
  }

  /** Reads a function's real earliest due time (or forgets it when nothing of it waits). */
  private void refreshEarliestDue(java.sql.Connection c, String function) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT MIN(next_attempt_ms) FROM async_events WHERE function_name = ?"
                + " AND status IN ('QUEUED', 'RETRYING')")) {
      s.setString(1, function);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        long at = rs.getLong(1);
        if (rs.wasNull()) {
          earliestDue.remove(function);
        } else {
          earliestDue.put(function, at);
        }
      }
    }
  }

  /** Reads every waiting function's earliest due time (or one function's). */
  private void rebuildEarliestDue(Optional<String> function) {
    db.autoCommit(
        "find when waiting asynchronous invocations fall due",
        c -> {
          if (function.isPresent()) {
            refreshEarliestDue(c, function.get());
            return null;
          }
          earliestDue.clear();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT function_name, MIN(next_attempt_ms) FROM async_events"
                          + " WHERE status IN ('QUEUED', 'RETRYING') GROUP BY function_name");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              earliestDue.put(rs.getString(1), rs.getLong(2));
            }
          }
          return null;
        });
  }

  @Override
  public int requeueRunning(Instant now) {
    int requeued = db.transaction(
        "queue again the invocations a stop interrupted",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE async_events SET status = 'QUEUED', next_attempt_ms = ?"
                      + " WHERE status = 'RUNNING'")) {
            s.setLong(1, now.toEpochMilli());
            return s.executeUpdate();
          }
        });
    rebuildEarliestDue(Optional.empty());
    return requeued;
  }

  @Override
  public List<AsyncEvent> list(String functionName, Optional<AsyncEvent.Status> status, int limit) {
    return db.autoCommit(
        "list the asynchronous invocations of " + functionName,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM async_events WHERE function_name = ?"
                      + (status.isPresent() ? " AND status = ?" : "")
                      + " ORDER BY accepted_ms DESC, request_id LIMIT ?")) {
            int i = 1;
            s.setString(i++, functionName);
            if (status.isPresent()) {
              s.setString(i++, status.get().name());
            }
            s.setInt(i, limit);
            List<AsyncEvent> events = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                events.add(event(rs, NO_PAYLOAD));
              }
            }
            return events;
          }
        });
  }

  @Override
  public Optional<AsyncEvent> find(String requestId) {
    return db.autoCommit(
        "find asynchronous invocation " + requestId,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT " + COLUMNS + ", payload FROM async_events WHERE request_id = ?")) {
            s.setString(1, requestId);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? Optional.of(event(rs, rs.getBytes(10))) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<String> redrive(String functionName, Optional<String> requestId, Instant now) {
    return db.transaction(
        "redrive failed invocations of " + functionName,
        c -> {
          List<String> ids = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT request_id FROM async_events WHERE function_name = ? AND status = 'FAILED'"
                      + (requestId.isPresent() ? " AND request_id = ?" : ""))) {
            s.setString(1, functionName);
            if (requestId.isPresent()) {
              s.setString(2, requestId.get());
            }
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getString(1));
              }
            }
          }
          // A redriven event starts over: attempts and age count from now.
          try (PreparedStatement u =
              c.prepareStatement(
                  "UPDATE async_events SET status = 'QUEUED', attempts = 0, accepted_ms = ?,"
                      + " next_attempt_ms = ?, finished_ms = NULL WHERE request_id = ?")) {
            for (String id : ids) {
              u.setLong(1, now.toEpochMilli());
              u.setLong(2, now.toEpochMilli());
              u.setString(3, id);
              u.addBatch();
            }
            u.executeBatch();
          }
          if (!ids.isEmpty()) {
            earliestDue.merge(functionName, now.toEpochMilli(), Math::min);
          }
          return ids;
        });
  }

  @Override
  public int purgeFinished(AsyncEvent.Status status, Instant before) {
    return db.transaction(
        "delete old finished invocations",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "DELETE FROM async_events WHERE status = ? AND finished_ms < ?")) {
            s.setString(1, status.name());
            s.setLong(2, before.toEpochMilli());
            return s.executeUpdate();
          }
        });
  }

  @Override
  public long pending() {
    return db.autoCommit(
        "count pending asynchronous invocations",
        c -> {
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT COUNT(*) FROM async_events"
                          + " WHERE status IN ('QUEUED', 'RUNNING', 'RETRYING')");
              ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Override
  public void close() {
    db.close();
  }

  private static AsyncEvent event(ResultSet rs, byte[] payload) throws SQLException {
    String qualifier = rs.getString(3);
    long finished = rs.getLong(9);
    Optional<Instant> finishedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finished));
    return new AsyncEvent(
        rs.getString(1),
        rs.getString(2),
        qualifier.isEmpty() ? Optional.empty() : Optional.of(qualifier),
        payload,
        AsyncEvent.Status.valueOf(rs.getString(4)),
        rs.getInt(5),
        Instant.ofEpochMilli(rs.getLong(6)),
        Instant.ofEpochMilli(rs.getLong(7)),
        Optional.ofNullable(rs.getString(8)),
        finishedAt);
  }

  private static void setText(PreparedStatement s, int index, Optional<String> text)
      throws SQLException {
    if (text.isPresent()) {
      s.setString(index, text.get());
    } else {
      s.setNull(index, Types.VARCHAR);
    }
  }

  private static void setMillis(PreparedStatement s, int index, Optional<Instant> at)
      throws SQLException {
    if (at.isPresent()) {
      s.setLong(index, at.get().toEpochMilli());
    } else {
      s.setNull(index, Types.BIGINT);
    }
  }
}

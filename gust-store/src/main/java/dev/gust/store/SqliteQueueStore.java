package dev.gust.store;

import dev.gust.core.Clock;
import dev.gust.core.queue.Appended;
import dev.gust.core.queue.Claim;
import dev.gust.core.queue.NewMessage;
import dev.gust.core.queue.Queue;
import dev.gust.core.queue.QueueCounts;
import dev.gust.core.queue.QueueException;
import dev.gust.core.queue.QueueStore;
import dev.gust.core.queue.Receipt;
import dev.gust.core.queue.ReceiptOutcome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Queues and messages in their own SQLite file ({@code <dataDir>/queues.db}), schema from the
 * {@code db/queues} migrations.
 *
 * <p>Durability: one connection with {@code synchronous=FULL}, and every method is one
 * transaction, so a send is on disk before it is answered. Writers queue on the connection's lock
 * (a receive is one short transaction; long polls wait in the queue service, never here).
 *
 * <p>The store numbers messages itself ({@code seq}, increasing across queues) under that lock, so
 * FIFO order is send order and no engine-specific auto-increment is needed.
 */
public final class SqliteQueueStore implements QueueStore {
  static final String MIGRATIONS = "db/queues";

  private final Database db;
  private long lastSeq;

  public SqliteQueueStore(Path file) {
    this(new SqliteDialect(file), Clock.SYSTEM);
  }

  SqliteQueueStore(SqlDialect dialect, Clock clock) {
    this.db = Database.open(dialect, SqlDialect.Use.DURABLE_WRITES);
    try {
      new Migrations(MIGRATIONS, clock).migrate(db);
      this.lastSeq = db.autoCommit("read the last message number", SqliteQueueStore::maxSeq);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  @Override
  public boolean create(Queue queue) {
    return db.transaction(
        "create queue " + queue.name(),
        c -> {
          if (QueueClaims.queueExists(c, queue.name())) {
            return false;
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO queues (" + QueueRows.QUEUE_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, queue.name());
            int at = QueueRows.bindAttributes(s, 2, queue.attributes());
            s.setLong(at++, queue.created().toEpochMilli());
            s.setLong(at, queue.lastModified().toEpochMilli());
            s.executeUpdate();
          }
          return true;
        });
  }

  @Override
  public Optional<Queue> find(String name) {
    return db.autoCommit(
        "read queue " + name,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT " + QueueRows.QUEUE_COLUMNS + " FROM queues WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? Optional.of(QueueRows.queue(rs)) : Optional.<Queue>empty();
            }
          }
        });
  }

  @Override
  public List<Queue> list(String prefix, String after, int limit) {
    return db.autoCommit(
        "list queues",
        c -> {
          List<Queue> out = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT " + QueueRows.QUEUE_COLUMNS
                      + " FROM queues WHERE name > ? AND SUBSTR(name, 1, ?) = ?"
                      + " ORDER BY name LIMIT ?")) {
            s.setString(1, after);
            s.setInt(2, prefix.length());
            s.setString(3, prefix);
            s.setInt(4, limit);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(QueueRows.queue(rs));
              }
            }
          }
          return out;
        });
  }

  @Override
  public boolean update(Queue queue) {
    return db.transaction(
        "update queue " + queue.name(),
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE queues SET fifo = ?, visibility_timeout = ?, delay_seconds = ?,"
                      + " maximum_message_size = ?, retention_seconds = ?,"
                      + " receive_wait_seconds = ?, content_based_dedup = ?,"
                      + " redrive_target_arn = ?, max_receive_count = ?, other_attributes = ?,"
                      + " modified_ms = ? WHERE name = ?")) {
            int at = QueueRows.bindAttributes(s, 1, queue.attributes());
            s.setLong(at++, queue.lastModified().toEpochMilli());
            s.setString(at, queue.name());
            return s.executeUpdate() > 0;
          }
        });
  }

  @Override
  public boolean delete(String name) {
    return db.transaction(
        "delete queue " + name,
        c -> {
          // Explicit deletes rather than relying on ON DELETE CASCADE being enabled.
          for (String table : List.of("messages", "deduplication")) {
            try (PreparedStatement s =
                c.prepareStatement("DELETE FROM " + table + " WHERE queue_name = ?")) {
              s.setString(1, name);
              s.executeUpdate();
            }
          }
          try (PreparedStatement s = c.prepareStatement("DELETE FROM queues WHERE name = ?")) {
            s.setString(1, name);
            return s.executeUpdate() > 0;
          }
        });
  }

  @Override
  public List<Appended> append(String queue, List<NewMessage> messages, Instant dedupSince) {
    // lastSeq is only touched under the connection's lock, inside transactions. A rolled-back
    // append leaves a gap in the numbers, which is harmless: they need only increase.
    return db.transaction(
        "append messages to queue " + queue, c -> insert(c, queue, messages, dedupSince));
  }

  private List<Appended> insert(
      Connection c, String queue, List<NewMessage> messages, Instant dedupSince)
      throws SQLException {
    requireQueue(c, queue);
    List<Appended> out = new ArrayList<>(messages.size());
    try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO messages (seq, queue_name, message_id, body, attributes,"
                    + " system_attributes, sent_ms, visible_ms, receive_count, group_id, dedup_id)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)");
        PreparedStatement findDup =
            c.prepareStatement(
                "SELECT message_id, seq, created_ms FROM deduplication"
                    + " WHERE queue_name = ? AND dedup_key = ?");
        PreparedStatement forget =
            c.prepareStatement(
                "DELETE FROM deduplication WHERE queue_name = ? AND dedup_key = ?");
        PreparedStatement remember =
            c.prepareStatement(
                "INSERT INTO deduplication (queue_name, dedup_key, message_id, seq, created_ms)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
      for (NewMessage m : messages) {
        if (m.deduplicationKey().isPresent()) {
          String key = m.deduplicationKey().get();
          findDup.setString(1, queue);
          findDup.setString(2, key);
          try (ResultSet rs = findDup.executeQuery()) {
            if (rs.next()) {
              if (rs.getLong(3) >= dedupSince.toEpochMilli()) {
                out.add(new Appended(rs.getString(1), rs.getLong(2), true));
                continue;
              }
              forget.setString(1, queue);
              forget.setString(2, key);
              forget.executeUpdate();
            }
          }
          remember.setString(1, queue);
          remember.setString(2, key);
          remember.setString(3, m.messageId());
          remember.setLong(4, lastSeq + 1);
          remember.setLong(5, m.sentAt().toEpochMilli());
          remember.executeUpdate();
        }
        long seq = ++lastSeq;
        insert.setLong(1, seq);
        insert.setString(2, queue);
        insert.setString(3, m.messageId());
        insert.setString(4, m.body());
        insert.setString(5, QueueRows.writeAttributes(m.attributes()));
        insert.setString(6, QueueRows.writeAttributes(m.systemAttributes()));
        insert.setLong(7, m.sentAt().toEpochMilli());
        insert.setLong(8, m.visibleAt().toEpochMilli());
        setOptional(insert, 9, m.groupId());
        setOptional(insert, 10, m.deduplicationId());
        insert.executeUpdate();
        out.add(new Appended(m.messageId(), seq, false));
      }
    }
    return out;
  }

  @Override
  public Claim.Result claim(Claim claim) {
    return db.transaction(
        "receive messages from queue " + claim.queue(),
        c -> {
          requireQueue(c, claim.queue());
          return QueueClaims.claim(c, claim);
        });
  }

  @Override
  public ReceiptOutcome delete(String queue, Receipt receipt) {
    return db.transaction(
        "delete a message from queue " + queue,
        c -> {
          requireQueue(c, queue);
          ReceiptOutcome found = check(c, queue, receipt, null);
          if (found != ReceiptOutcome.DONE && found != ReceiptOutcome.NOT_IN_FLIGHT) {
            return found;
          }
          try (PreparedStatement s = c.prepareStatement("DELETE FROM messages WHERE seq = ?")) {
            s.setLong(1, receipt.sequence());
            s.executeUpdate();
          }
          return ReceiptOutcome.DONE;
        });
  }

  @Override
  public List<ReceiptOutcome> deleteAll(String queue, List<Receipt> receipts) {
    return db.transaction(
        "delete " + receipts.size() + " messages from queue " + queue,
        c -> {
          requireQueue(c, queue);
          List<ReceiptOutcome> outcomes = new ArrayList<>(receipts.size());
          try (PreparedStatement s = c.prepareStatement("DELETE FROM messages WHERE seq = ?")) {
            for (Receipt receipt : receipts) {
              ReceiptOutcome found = check(c, queue, receipt, null);
              if (found != ReceiptOutcome.DONE && found != ReceiptOutcome.NOT_IN_FLIGHT) {
                outcomes.add(found);
                continue;
              }
              s.setLong(1, receipt.sequence());
              s.executeUpdate();
              outcomes.add(ReceiptOutcome.DONE);
            }
          }
          return outcomes;
        });
  }

  @Override
  public ReceiptOutcome changeVisibility(
      String queue, Receipt receipt, Instant now, Instant visibleAt) {
    return db.transaction(
        "change the visibility of a message in queue " + queue,
        c -> {
          requireQueue(c, queue);
          ReceiptOutcome found = check(c, queue, receipt, now);
          if (found != ReceiptOutcome.DONE) {
            return found;
          }
          try (PreparedStatement s =
              c.prepareStatement("UPDATE messages SET visible_ms = ? WHERE seq = ?")) {
            s.setLong(1, visibleAt.toEpochMilli());
            s.setLong(2, receipt.sequence());
            s.executeUpdate();
          }
          return ReceiptOutcome.DONE;
        });
  }

  @Override
  public Optional<Instant> receivedAt(String queue, Receipt receipt) {
    return db.autoCommit(
        "read a message of queue " + queue,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT received_ms FROM messages WHERE seq = ? AND queue_name = ?"
                      + " AND receipt_token = ?")) {
            s.setLong(1, receipt.sequence());
            s.setString(2, queue);
            s.setString(3, receipt.token());
            try (ResultSet rs = s.executeQuery()) {
              return rs.next()
                  ? Optional.of(Instant.ofEpochMilli(rs.getLong(1)))
                  : Optional.<Instant>empty();
            }
          }
        });
  }

  /** Whether the receipt is the message's latest; with {@code now}, also whether in flight. */
  private static ReceiptOutcome check(Connection c, String queue, Receipt receipt, Instant now)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT receipt_token, visible_ms FROM messages WHERE seq = ? AND queue_name = ?")) {
      s.setLong(1, receipt.sequence());
      s.setString(2, queue);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return ReceiptOutcome.GONE;
        }
        if (!receipt.token().equals(rs.getString(1))) {
          return ReceiptOutcome.STALE;
        }
        if (now != null && rs.getLong(2) <= now.toEpochMilli()) {
          return ReceiptOutcome.NOT_IN_FLIGHT;
        }
        return ReceiptOutcome.DONE;
      }
    }
  }

  @Override
  public long purge(String queue) {
    return db.transaction(
        "purge queue " + queue,
        c -> {
          requireQueue(c, queue);
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM messages WHERE queue_name = ?")) {
            s.setString(1, queue);
            return (long) s.executeUpdate();
          }
        });
  }

  @Override
  public long expire(Instant now, Instant dedupSince) {
    return db.transaction(
        "expire messages past their retention period",
        c -> {
          List<String> names = new ArrayList<>();
          List<Integer> retentions = new ArrayList<>();
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT name, retention_seconds FROM queues")) {
            while (rs.next()) {
              names.add(rs.getString(1));
              retentions.add(rs.getInt(2));
            }
          }
          long deleted = 0;
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM messages WHERE queue_name = ? AND sent_ms < ?")) {
            for (int i = 0; i < names.size(); i++) {
              s.setString(1, names.get(i));
              s.setLong(2, now.minusSeconds(retentions.get(i)).toEpochMilli());
              deleted += s.executeUpdate();
            }
          }
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM deduplication WHERE created_ms < ?")) {
            s.setLong(1, dedupSince.toEpochMilli());
            s.executeUpdate();
          }
          return deleted;
        });
  }

  @Override
  public QueueCounts counts(String queue, Instant now) {
    return db.autoCommit(
        "count the messages of queue " + queue,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT COALESCE(SUM(CASE WHEN visible_ms <= ? THEN 1 ELSE 0 END), 0),"
                      + " COALESCE(SUM(CASE WHEN visible_ms > ? AND receipt_token IS NOT NULL"
                      + " THEN 1 ELSE 0 END), 0),"
                      + " COALESCE(SUM(CASE WHEN visible_ms > ? AND receipt_token IS NULL"
                      + " THEN 1 ELSE 0 END), 0)"
                      + " FROM messages WHERE queue_name = ?")) {
            long t = now.toEpochMilli();
            s.setLong(1, t);
            s.setLong(2, t);
            s.setLong(3, t);
            s.setString(4, queue);
            try (ResultSet rs = s.executeQuery()) {
              rs.next();
              return new QueueCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
          }
        });
  }

  @Override
  public Optional<Instant> nextVisible(String queue, Instant now) {
    return db.autoCommit(
        "read when a message of queue " + queue + " becomes visible",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT MIN(visible_ms) FROM messages WHERE queue_name = ? AND visible_ms > ?")) {
            s.setString(1, queue);
            s.setLong(2, now.toEpochMilli());
            try (ResultSet rs = s.executeQuery()) {
              rs.next();
              long ms = rs.getLong(1);
              return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(ms));
            }
          }
        });
  }

  @Override
  public void close() {
    db.close();
  }

  private static void requireQueue(Connection c, String queue) throws SQLException {
    if (!QueueClaims.queueExists(c, queue)) {
      throw QueueException.noSuchQueue();
    }
  }

  private static void setOptional(PreparedStatement s, int at, Optional<String> value)
      throws SQLException {
    if (value.isPresent()) {
      s.setString(at, value.get());
    } else {
      s.setNull(at, Types.VARCHAR);
    }
  }

  private static long maxSeq(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COALESCE(MAX(m), 0) FROM (SELECT MAX(seq) AS m FROM messages"
                    + " UNION ALL SELECT MAX(seq) AS m FROM deduplication) AS numbers")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

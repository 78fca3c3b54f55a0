package dev.gust.store;

import dev.gust.core.queue.Claim;
import dev.gust.core.queue.QueueMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The receive algorithm, run inside one write transaction.
 *
 * <p>Expired messages of the queue are deleted first (a range on {@code messages_sent}), so that
 * nothing past its retention period is ever delivered even before the periodic sweep.
 *
 * <p>Standard queues read the visible messages in order of {@code visible_ms} from the {@code
 * messages_visible} index, a few more than needed at a time. FIFO queues walk the queue in send
 * order ({@code messages_order}) and decide group by group: the first message seen of a group is
 * its head; a head that is hidden (in flight or delayed) blocks its group, a visible head is taken
 * and so are the group's following visible messages, up to the batch size. Memory is bounded by the
 * batch plus the set of blocked groups (at most the in-flight groups); time is proportional to the
 * messages ahead of the last one taken.
 *
 * <p>A message already received {@code maxReceiveCount} times is moved to the dead-letter queue
 * instead of being taken: its queue changes, its receive count and receipt are cleared, its sent
 * time is kept (retention counts from the original send, as in SQS). At most {@value #MAX_MOVES}
 * are moved per receive, so one receive never turns into an unbounded migration.
 */
final class QueueClaims {
  static final int MAX_MOVES = 1000;

  private QueueClaims() {}

  /** A message chosen by the scan: to take (with its receive count before this one) or move. */
  private record Decision(long seq, int receiveCount) {}

  static Claim.Result claim(Connection c, Claim claim) throws SQLException {
    deleteExpired(c, claim);
    boolean redriveTargetExists =
        claim.redrive().isPresent() && queueExists(c, claim.redrive().get().targetQueue());
    int maxReceives =
        redriveTargetExists ? claim.redrive().get().maxReceiveCount() : Integer.MAX_VALUE;
    List<Decision> takes = new ArrayList<>();
    List<Decision> moves = new ArrayList<>();
    if (claim.fifo()) {
      scanFifo(c, claim, maxReceives, takes, moves);
    } else {
      scanStandard(c, claim, maxReceives, takes, moves);
    }
    List<QueueMessage> taken = load(c, claim, takes);
    applyMoves(c, claim, moves);
    applyClaims(c, claim, taken);
    return new Claim.Result(taken, moves.size());
  }

  private static void scanStandard(
      Connection c, Claim claim, int maxReceives, List<Decision> takes, List<Decision> moves)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT seq, receive_count FROM messages WHERE queue_name = ? AND visible_ms <= ?"
                + " ORDER BY visible_ms")) {
      s.setString(1, claim.queue());
      s.setLong(2, claim.now().toEpochMilli());
      s.setFetchSize(64);
      try (ResultSet rs = s.executeQuery()) {
        while (takes.size() < claim.max() && moves.size() < MAX_MOVES && rs.next()) {
          decide(rs.getLong(1), rs.getInt(2), maxReceives, takes, moves);
        }
      }
    }
  }

  private static void scanFifo(
      Connection c, Claim claim, int maxReceives, List<Decision> takes, List<Decision> moves)
      throws SQLException {
    long now = claim.now().toEpochMilli();
    Set<String> blocked = new HashSet<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT seq, receive_count, group_id, visible_ms FROM messages WHERE queue_name = ?"
                + " ORDER BY seq")) {
      s.setString(1, claim.queue());
      s.setFetchSize(64);
      try (ResultSet rs = s.executeQuery()) {
        while (takes.size() < claim.max() && moves.size() < MAX_MOVES && rs.next()) {
          String group = rs.getString(3);
          String key = group == null ? "" : group;
          if (blocked.contains(key)) {
            continue;
          }
          if (rs.getLong(4) > now) {
            blocked.add(key); // In flight or delayed: nothing behind it in its group may pass.
            continue;
          }
          decide(rs.getLong(1), rs.getInt(2), maxReceives, takes, moves);
        }
      }
    }
  }

  private static void decide(
      long seq, int receives, int maxReceives, List<Decision> takes, List<Decision> moves) {
    (receives >= maxReceives ? moves : takes).add(new Decision(seq, receives));
  }

  private static List<QueueMessage> load(Connection c, Claim claim, List<Decision> takes)
      throws SQLException {
    List<QueueMessage> taken = new ArrayList<>(takes.size());
    try (PreparedStatement s =
        c.prepareStatement("SELECT " + QueueRows.MESSAGE_COLUMNS + " FROM messages WHERE seq = ?")) {
      for (Decision d : takes) {
        s.setLong(1, d.seq());
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          String token = claim.receiptTokens().get(taken.size());
          taken.add(QueueRows.message(rs, d.receiveCount() + 1, claim.now(), token));
        }
      }
    }
    return taken;
  }

  private static void applyMoves(Connection c, Claim claim, List<Decision> moves)
      throws SQLException {
    if (moves.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE messages SET queue_name = ?, visible_ms = ?, receive_count = 0,"
                + " first_receive_ms = NULL, received_ms = NULL, receipt_token = NULL,"
                + " dead_letter_source = ? WHERE seq = ?")) {
      for (Decision d : moves) {
        s.setString(1, claim.redrive().orElseThrow().targetQueue());
        s.setLong(2, claim.now().toEpochMilli());
        s.setString(3, claim.queue());
        s.setLong(4, d.seq());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void applyClaims(Connection c, Claim claim, List<QueueMessage> taken)
      throws SQLException {
    if (taken.isEmpty()) {
      return;
    }
    long now = claim.now().toEpochMilli();
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE messages SET visible_ms = ?, receive_count = ?,"
                + " first_receive_ms = COALESCE(first_receive_ms, ?), received_ms = ?,"
                + " receipt_token = ? WHERE seq = ?")) {
      for (QueueMessage m : taken) {
        s.setLong(1, claim.visibleUntil().toEpochMilli());
        s.setInt(2, m.receiveCount());
        s.setLong(3, now);
        s.setLong(4, now);
        s.setString(5, m.receiptToken());
        s.setLong(6, m.sequence());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void deleteExpired(Connection c, Claim claim) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM messages WHERE queue_name = ? AND sent_ms < ?")) {
      s.setString(1, claim.queue());
      s.setLong(2, claim.retentionCutoff().toEpochMilli());
      s.executeUpdate();
    }
  }

  static boolean queueExists(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM queues WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }
}

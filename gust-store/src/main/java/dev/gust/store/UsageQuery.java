package dev.gust.store;

import dev.gust.core.FunctionUsage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Usage per function from the {@code invocations} table, in two passes: one aggregate query for the
 * counts and GB-seconds, then one ordered scan of durations that picks the percentiles by nearest
 * rank (the value at rank ceil(p * n) among the n invocations that ran) without holding all
 * durations in memory.
 */
final class UsageQuery {
  private static final String RAN = "outcome <> 'THROTTLED'";

  private UsageQuery() {}

  private static final class Totals {
    final String functionName;
    final long invocations;
    final long errors;
    final long throttles;
    final long coldStarts;
    final double gbSeconds;
    final long p50Rank;
    final long p99Rank;
    double p50;
    double p99;

    Totals(ResultSet rs) throws SQLException {
      functionName = rs.getString(1);
      invocations = rs.getLong(2);
      errors = rs.getLong(3);
      throttles = rs.getLong(4);
      coldStarts = rs.getLong(5);
      // billed ms * MB / (1000 ms/s * 1024 MB/GB) = GB-seconds; summed as integers first.
      gbSeconds = rs.getLong(6) / (1000.0 * 1024.0);
      p50Rank = (long) Math.ceil(0.50 * invocations);
      p99Rank = (long) Math.ceil(0.99 * invocations);
    }

    FunctionUsage usage() {
      return new FunctionUsage(
          functionName, invocations, errors, throttles, coldStarts, p50, p99, gbSeconds);
    }
  }

  static List<FunctionUsage> run(Connection c, Instant since) throws SQLException {
    long sinceMs = since.toEpochMilli();
    Map<String, Totals> totals = new LinkedHashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT function_name,"
                + " SUM(CASE WHEN "
                + RAN
                + " THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN outcome IN ('ERROR', 'TIMEOUT') THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN outcome = 'THROTTLED' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN "
                + RAN
                + " AND cold_start = 1 THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN "
                + RAN
                + " THEN billed_ms * memory_size_mb ELSE 0 END)"
                + " FROM invocations WHERE start_ms >= ?"
                + " GROUP BY function_name ORDER BY function_name")) {
      s.setLong(1, sinceMs);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Totals t = new Totals(rs);
          totals.put(t.functionName, t);
        }
      }
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT function_name, duration_ms FROM invocations WHERE start_ms >= ? AND "
                + RAN
                + " ORDER BY function_name, duration_ms")) {
      s.setLong(1, sinceMs);
      try (ResultSet rs = s.executeQuery()) {
        String current = null;
        long rank = 0;
        while (rs.next()) {
          String name = rs.getString(1);
          if (!name.equals(current)) {
            current = name;
            rank = 0;
          }
          rank++;
          Totals t = totals.get(name);
          if (t == null) {
            continue; // Written between the two queries; counted next time.
          }
          if (rank == t.p50Rank) {
            t.p50 = rs.getDouble(2);
          }
          if (rank == t.p99Rank) {
            t.p99 = rs.getDouble(2);
          }
        }
      }
    }
    List<FunctionUsage> usage = new ArrayList<>();
    totals.values().forEach(t -> usage.add(t.usage()));
    return usage;
  }
}

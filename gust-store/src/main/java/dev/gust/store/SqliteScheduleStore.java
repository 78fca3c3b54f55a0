package dev.gust.store;

import dev.gust.core.GustException;
import dev.gust.core.ScheduleRule;
import dev.gust.core.ScheduleStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Schedules in the registry's database (table {@code schedules}, migration V5): they go with their
 * function in the same transaction. Obtained from {@link SqliteRegistryStore#schedules()}.
 */
final class SqliteScheduleStore implements ScheduleStore {
  private final Database db;

  SqliteScheduleStore(Database db) {
    this.db = db;
  }

  @Override
  public List<ScheduleRule> loadSchedules() {
    return db.transaction(
        "load the schedules",
        c -> {
          List<ScheduleRule> rules = new ArrayList<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT name, function_name, qualifier, expression, timezone, missed_runs,"
                          + " input, enabled, created, last_fired_ms FROM schedules ORDER BY name");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              String name = rs.getString(1);
              String qualifier = rs.getString(3);
              long lastFired = rs.getLong(10);
              Optional<Instant> last =
                  rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastFired));
              try {
                rules.add(new ScheduleRule(name, rs.getString(2),
                    qualifier.isEmpty() ? Optional.empty() : Optional.of(qualifier),
                    rs.getString(4), rs.getString(5), rs.getString(6),
                    Optional.ofNullable(rs.getString(7)), rs.getInt(8) != 0,
                    Instant.parse(rs.getString(9)), last));
              } catch (RuntimeException e) {
                throw new IllegalStateException("Schedule " + name + " in the registry database"
                    + " cannot be loaded: " + e.getMessage(), e);
              }
            }
          }
          return rules;
        });
  }

  @Override
  public void putSchedule(ScheduleRule rule) {
    db.transaction(
        "save schedule " + rule.name(),
        c -> {
          if (RegistryRows.countFunction(c, rule.functionName()) == 0) {
            throw GustException.notFound("Function not found: " + rule.functionName());
          }
          try (PreparedStatement s =
              c.prepareStatement("SELECT function_name FROM schedules WHERE name = ?")) {
            s.setString(1, rule.name());
            try (ResultSet rs = s.executeQuery()) {
              if (rs.next()) {
                throw GustException.conflict("Schedule '" + rule.name()
                    + "' already exists (it invokes " + rs.getString(1) + ").");
              }
            }
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO schedules (name, function_name, qualifier, expression, timezone,"
                      + " missed_runs, input, enabled, created, last_fired_ms)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, rule.name());
            s.setString(2, rule.functionName());
            s.setString(3, rule.qualifier().orElse(""));
            s.setString(4, rule.expression());
            s.setString(5, rule.timezone());
            s.setString(6, rule.missedRuns());
            s.setString(7, rule.input().orElse(null));
            s.setInt(8, rule.enabled() ? 1 : 0);
            s.setString(9, rule.created().toString());
            if (rule.lastFired().isPresent()) {
              s.setLong(10, rule.lastFired().get().toEpochMilli());
            } else {
              s.setNull(10, java.sql.Types.BIGINT);
            }
            s.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void deleteSchedule(String name) {
    db.transaction(
        "delete schedule " + name,
        c -> {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM schedules WHERE name = ?")) {
            s.setString(1, name);
            return s.executeUpdate();
          }
        });
  }

  @Override
  public void checkpoint(String name, Instant lastFired) {
    db.transaction(
        "record the last run of schedule " + name,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("UPDATE schedules SET last_fired_ms = ? WHERE name = ?")) {
            s.setLong(1, lastFired.toEpochMilli());
            s.setString(2, name);
            return s.executeUpdate();
          }
        });
  }
}

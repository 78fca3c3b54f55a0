package dev.gust.store;

import dev.gust.core.EventInvokeConfig;
import dev.gust.core.EventInvokeConfigStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * EventInvokeConfigs in the registry's database (table {@code event_invoke_configs}, migration
 * V4), so that deleting a function deletes its configs in the same transaction. Obtained from
 * {@link SqliteRegistryStore#eventInvokeConfigs()}.
 */
final class SqliteEventInvokeConfigStore implements EventInvokeConfigStore {
  private final Database db;

  SqliteEventInvokeConfigStore(Database db) {
    this.db = db;
  }

  @Override
  public List<EventInvokeConfig> load() {
    return db.transaction(
        "load the event invoke configs",
        c -> {
          List<EventInvokeConfig> configs = new ArrayList<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT function_name, qualifier, maximum_retry_attempts,"
                          + " maximum_event_age_seconds, on_success, on_failure, last_modified"
                          + " FROM event_invoke_configs ORDER BY function_name, qualifier");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              String function = rs.getString(1);
              String qualifier = rs.getString(2);
              try {
                configs.add(new EventInvokeConfig(
                    function,
                    qualifier.isEmpty() ? Optional.empty() : Optional.of(qualifier),
                    integer(rs, 3),
                    integer(rs, 4),
                    Optional.ofNullable(rs.getString(5)),
                    Optional.ofNullable(rs.getString(6)),
                    Instant.parse(rs.getString(7))));
              } catch (RuntimeException e) {
                throw new IllegalStateException("The event invoke config of " + function + ":"
                    + qualifier + " in the registry database cannot be loaded: " + e.getMessage(), e);
              }
            }
          }
          return configs;
        });
  }

  @Override
  public void put(EventInvokeConfig config) {
    db.transaction(
        "save the event invoke config of " + config.functionName(),
        c -> {
          if (RegistryRows.countFunction(c, config.functionName()) == 0) {
            throw dev.gust.core.GustException.notFound(
                "Function not found in the registry store: " + config.functionName());
          }
          try (PreparedStatement d =
              c.prepareStatement(
                  "DELETE FROM event_invoke_configs WHERE function_name = ? AND qualifier = ?")) {
            d.setString(1, config.functionName());
            d.setString(2, config.qualifier().orElse(""));
            d.executeUpdate();
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO event_invoke_configs (function_name, qualifier,"
                      + " maximum_retry_attempts, maximum_event_age_seconds, on_success,"
                      + " on_failure, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, config.functionName());
            s.setString(2, config.qualifier().orElse(""));
            setInteger(s, 3, config.maximumRetryAttempts());
            setInteger(s, 4, config.maximumEventAgeSeconds());
            s.setString(5, config.onSuccess().orElse(null));
            s.setString(6, config.onFailure().orElse(null));
            s.setString(7, config.lastModified().toString());
            s.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void delete(String functionName, Optional<String> qualifier) {
    db.transaction(
        "delete the event invoke config of " + functionName,
        c -> {
          try (PreparedStatement d =
              c.prepareStatement(
                  "DELETE FROM event_invoke_configs WHERE function_name = ? AND qualifier = ?")) {
            d.setString(1, functionName);
            d.setString(2, qualifier.orElse(""));
            return d.executeUpdate();
          }
        });
  }

  private static Optional<Integer> integer(ResultSet rs, int column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(value);
  }

  private static void setInteger(PreparedStatement s, int index, Optional<Integer> value)
      throws SQLException {
    if (value.isPresent()) {
      s.setInt(index, value.get());
    } else {
      s.setNull(index, Types.INTEGER);
    }
  }
}

package dev.gust.store;

import dev.gust.core.EventSourceMapping;
import dev.gust.core.EventSourceMappingStore;
import dev.gust.core.GustException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Event source mappings in the registry's database (table {@code event_source_mappings}, migration
 * V6), so that deleting a function deletes its mappings in the same transaction. Obtained from
 * {@link SqliteRegistryStore#eventSourceMappings()}.
 */
final class SqliteEventSourceMappingStore implements EventSourceMappingStore {
  private static final String COLUMNS = "uuid, function_name, qualifier, event_source_arn, enabled,"
      + " batch_size, maximum_batching_window_seconds, report_batch_item_failures,"
      + " maximum_concurrency, filter_patterns, last_modified, mqtt_broker, mqtt_topics";

  private final Database db;

  SqliteEventSourceMappingStore(Database db) {
    this.db = db;
  }

  @Override
  public List<EventSourceMapping> loadEventSourceMappings() {
    return db.transaction(
        "load the event source mappings",
        c -> {
          List<EventSourceMapping> mappings = new ArrayList<>();
          try (PreparedStatement s = c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM event_source_mappings ORDER BY uuid");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              String uuid = rs.getString(1);
              String qualifier = rs.getString(3);
              int concurrency = rs.getInt(9);
              Optional<Integer> maximumConcurrency =
                  rs.wasNull() ? Optional.empty() : Optional.of(concurrency);
              String patterns = rs.getString(10);
              try {
                mappings.add(new EventSourceMapping(
                    uuid,
                    rs.getString(2),
                    qualifier.isEmpty() ? Optional.empty() : Optional.of(qualifier),
                    rs.getString(4),
                    rs.getInt(5) != 0,
                    rs.getInt(6),
                    rs.getInt(7),
                    rs.getInt(8) != 0,
                    maximumConcurrency,
                    patterns == null ? List.of() : RegistryJson.strings(patterns),
                    Instant.parse(rs.getString(11)),
                    rs.getString(12) == null
                        ? Optional.empty()
                        : Optional.of(new EventSourceMapping.Mqtt(rs.getString(12),
                            RegistryJson.strings(rs.getString(13))))));
              } catch (RuntimeException e) {
                throw new IllegalStateException("Event source mapping " + uuid + " in the registry"
                    + " database cannot be loaded: " + e.getMessage(), e);
              }
            }
          }
          return mappings;
        });
  }

  @Override
  public void putEventSourceMapping(EventSourceMapping m) {
    db.transaction(
        "save event source mapping " + m.uuid(),
        c -> {
          if (RegistryRows.countFunction(c, m.functionName()) == 0) {
            throw GustException.notFound("Function not found in the registry store: "
                + m.functionName());
          }
          try (PreparedStatement d =
              c.prepareStatement("DELETE FROM event_source_mappings WHERE uuid = ?")) {
            d.setString(1, m.uuid());
            d.executeUpdate();
          }
          try (PreparedStatement s = c.prepareStatement(
              "INSERT INTO event_source_mappings (" + COLUMNS + ")"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, m.uuid());
            s.setString(2, m.functionName());
            s.setString(3, m.qualifier().orElse(""));
            s.setString(4, m.eventSourceArn());
            s.setInt(5, m.enabled() ? 1 : 0);
            s.setInt(6, m.batchSize());
            s.setInt(7, m.maximumBatchingWindowSeconds());
            s.setInt(8, m.reportBatchItemFailures() ? 1 : 0);
            if (m.maximumConcurrency().isPresent()) {
              s.setInt(9, m.maximumConcurrency().get());
            } else {
              s.setNull(9, Types.INTEGER);
            }
            s.setString(10,
                m.filterPatterns().isEmpty() ? null : RegistryJson.strings(m.filterPatterns()));
            s.setString(11, m.lastModified().toString());
            s.setString(12, m.mqtt().map(EventSourceMapping.Mqtt::broker).orElse(null));
            s.setString(13, m.mqtt().map(q -> RegistryJson.strings(q.topics())).orElse(null));
            s.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void deleteEventSourceMapping(String uuid) {
    db.transaction(
        "delete event source mapping " + uuid,
        c -> {
          try (PreparedStatement d =
              c.prepareStatement("DELETE FROM event_source_mappings WHERE uuid = ?")) {
            d.setString(1, uuid);
            return d.executeUpdate();
          }
        });
  }
}

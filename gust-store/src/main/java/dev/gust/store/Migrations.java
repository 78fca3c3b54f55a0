package dev.gust.store;

import dev.gust.core.Clock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Versioned schema migrations: applies the scripts of one classpath location in version order, each
 * in its own transaction, and records every applied script in {@code schema_migrations} (version,
 * name, applied_at, checksum).
 *
 * <p>Running again applies only scripts not yet recorded, so it is a no-op on an up-to-date
 * database. An applied script whose checksum has changed, or a recorded version this build does not
 * know, fails start-up: a schema must never silently diverge from the scripts that made it.
 */
final class Migrations {
  static final String HISTORY_TABLE = "schema_migrations";

  private final String location;
  private final Clock clock;

  /**
   * @param location a classpath directory such as {@code db/registry}
   * @param clock the source of {@code applied_at}
   */
  Migrations(String location, Clock clock) {
    this.location = location;
    this.clock = clock;
  }

  /** Brings the database up to date; returns the scripts applied now (empty when none). */
  List<MigrationScript> migrate(Database db) {
    List<MigrationScript> scripts = MigrationScript.load(location);
    db.transaction("create the " + HISTORY_TABLE + " table", Migrations::createHistoryTable);
    Map<Integer, Applied> applied =
        db.transaction("read the applied schema migrations", Migrations::applied);
    verify(scripts, applied, db.describe());
    List<MigrationScript> done = new ArrayList<>();
    for (MigrationScript script : scripts) {
      if (applied.containsKey(script.version())) {
        continue;
      }
      boolean ran =
          db.transaction(
              "apply schema migration V" + script.version() + "__" + script.name(),
              c -> apply(c, script));
      if (ran) {
        done.add(script);
      }
    }
    return done;
  }

  private record Applied(String name, String checksum) {}

  private static Void createHistoryTable(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + HISTORY_TABLE
              + " (version INTEGER NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL,"
              + " applied_at VARCHAR(40) NOT NULL, checksum VARCHAR(64) NOT NULL)");
    }
    return null;
  }

  private static Map<Integer, Applied> applied(Connection c) throws SQLException {
    Map<Integer, Applied> applied = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version, name, checksum FROM " + HISTORY_TABLE)) {
      while (rs.next()) {
        applied.put(rs.getInt(1), new Applied(rs.getString(2), rs.getString(3)));
      }
    }
    return applied;
  }

  private void verify(List<MigrationScript> scripts, Map<Integer, Applied> applied, String db) {
    Map<Integer, MigrationScript> byVersion = new HashMap<>();
    scripts.forEach(s -> byVersion.put(s.version(), s));
    for (Map.Entry<Integer, Applied> e : applied.entrySet()) {
      MigrationScript script = byVersion.get(e.getKey());
      String id = "V" + e.getKey() + "__" + e.getValue().name();
      if (script == null) {
        throw new IllegalStateException(
            "Database "
                + db
                + " has schema migration "
                + id
                + " applied, which this build of Gust does not know (no such script at '"
                + location
                + "'). Run the Gust version that created this database, or restore a backup.");
      }
      if (!script.checksum().equals(e.getValue().checksum())) {
        throw new IllegalStateException(
            "Schema migration "
                + id
                + " was changed after it was applied to database "
                + db
                + " (checksum "
                + e.getValue().checksum()
                + " recorded, "
                + script.checksum()
                + " now). Applied migrations must never be edited: restore the original script"
                + " and put the change in a new V"
                + (maxVersion(scripts) + 1)
                + "__ script.");
      }
    }
  }

  private static int maxVersion(List<MigrationScript> scripts) {
    return scripts.isEmpty() ? 0 : scripts.get(scripts.size() - 1).version();
  }

  /** Applies one script unless another process did it first; true when it ran here. */
  private boolean apply(Connection c, MigrationScript script) throws SQLException {
    try (PreparedStatement check =
        c.prepareStatement("SELECT COUNT(*) FROM " + HISTORY_TABLE + " WHERE version = ?")) {
      check.setInt(1, script.version());
      try (ResultSet rs = check.executeQuery()) {
        rs.next();
        if (rs.getInt(1) > 0) {
          return false;
        }
      }
    }
    try (Statement s = c.createStatement()) {
      for (String statement : script.statements()) {
        s.execute(statement);
      }
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO "
                + HISTORY_TABLE
                + " (version, name, applied_at, checksum) VALUES (?, ?, ?, ?)")) {
      insert.setInt(1, script.version());
      insert.setString(2, script.name());
      insert.setString(3, clock.now().toString());
      insert.setString(4, script.checksum());
      insert.executeUpdate();
    }
    return true;
  }
}

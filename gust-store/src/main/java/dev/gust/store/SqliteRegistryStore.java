package dev.gust.store;

import dev.gust.core.Alias;
import dev.gust.core.Clock;
import dev.gust.core.CodePackage;
import dev.gust.core.FunctionState;
import dev.gust.core.FunctionVersion;
import dev.gust.core.GatewayStore;
import dev.gust.core.GustException;
import dev.gust.core.RegistryStore;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * The function registry in one SQLite file (for example {@code <dataDir>/gust.db}), schema from the
 * {@code db/registry} migrations. Every method is one transaction on one connection; the statements
 * are standard SQL, and everything SQLite-specific is in {@link SqliteDialect}.
 *
 * <p>Function URLs and routes live in the same database, behind {@link #gateway()}, so that
 * deleting a function deletes them too.
 */
public final class SqliteRegistryStore implements RegistryStore {
  static final String MIGRATIONS = "db/registry";

  private final Database db;
  private final SqliteGatewayStore gateway;
  private final SqliteEventInvokeConfigStore eventInvokeConfigs;
  private final SqliteScheduleStore schedules;
  private final SqliteEventSourceMappingStore eventSourceMappings;

  /** Opens (creating when missing) and migrates the registry database at {@code file}. */
  public SqliteRegistryStore(Path file) {
    this(new SqliteDialect(file), Clock.SYSTEM);
  }

  SqliteRegistryStore(SqlDialect dialect, Clock clock) {
    this.db = Database.open(dialect, SqlDialect.Use.DURABLE_WRITES);
    try {
      new Migrations(MIGRATIONS, clock).migrate(db);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    this.gateway = new SqliteGatewayStore(db);
    this.eventInvokeConfigs = new SqliteEventInvokeConfigStore(db);
    this.schedules = new SqliteScheduleStore(db);
    this.eventSourceMappings = new SqliteEventSourceMappingStore(db);
  }

  /** The schedules, stored in this registry's database (they go with their function). */
  public dev.gust.core.ScheduleStore schedules() {
    return schedules;
  }

  /** The event source mappings, stored in this registry's database (they go with their function). */
  public dev.gust.core.EventSourceMappingStore eventSourceMappings() {
    return eventSourceMappings;
  }

  /** The EventInvokeConfigs, stored in this registry's database (they go with their function). */
  public dev.gust.core.EventInvokeConfigStore eventInvokeConfigs() {
    return eventInvokeConfigs;
  }

  /**
   * The function URLs and HTTP API routes, stored in this registry's database: they share its
   * connection, go with their function when {@link #deleteFunction} deletes it, and can be used
   * until this store is closed.
   */
  public GatewayStore gateway() {
    return gateway;
  }

  @Override
  public List<FunctionState> loadAll() {
    return db.transaction("load the function registry", RegistryRows::loadAll);
  }

  @Override
  public void createFunction(FunctionState function) {
    db.transaction(
        "create function " + function.name(),
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO functions (name, reserved_concurrency, last_version_number,"
                      + " created) VALUES (?, ?, ?, ?)")) {
            s.setString(1, function.name());
            setNullableInt(s, 2, function.reservedConcurrency());
            s.setLong(3, function.lastVersionNumber());
            s.setString(4, function.lastModified().toString());
            s.executeUpdate();
          }
          RegistryRows.insertVersion(c, function.latest());
          for (FunctionVersion v : function.versions().values()) {
            RegistryRows.insertVersion(c, v);
          }
          for (Alias a : function.aliases().values()) {
            RegistryRows.insertAlias(c, a);
          }
          return null;
        });
  }

  @Override
  public void updateLatest(FunctionVersion latest) {
    if (!latest.isLatest()) {
      throw new IllegalArgumentException(
          "updateLatest needs the $LATEST version, not version " + latest.version());
    }
    db.transaction(
        "update $LATEST of function " + latest.functionName(),
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE function_versions SET config = ?, code_sha256 = ?, code_size = ?,"
                      + " code_unzipped_size = ?, revision_id = ?, last_modified = ?"
                      + " WHERE function_name = ? AND version = ?")) {
            CodePackage code = latest.code();
            s.setString(1, RegistryJson.config(latest.config()));
            s.setString(2, code.sha256());
            s.setLong(3, code.size());
            s.setLong(4, code.unzippedSize());
            s.setString(5, latest.revisionId());
            s.setString(6, latest.lastModified().toString());
            s.setString(7, latest.functionName());
            s.setString(8, FunctionVersion.LATEST);
            requireFunction(s.executeUpdate(), latest.functionName());
          }
          return null;
        });
  }

  @Override
  public void insertVersion(FunctionVersion published) {
    if (published.isLatest()) {
      throw new IllegalArgumentException("insertVersion needs a published version, not $LATEST");
    }
    long number = Long.parseLong(published.version());
    db.transaction(
        "publish version " + published.version() + " of function " + published.functionName(),
        c -> {
          requireFunction(
              RegistryRows.countFunction(c, published.functionName()), published.functionName());
          RegistryRows.insertVersion(c, published);
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE functions SET last_version_number = ?"
                      + " WHERE name = ? AND last_version_number < ?")) {
            s.setLong(1, number);
            s.setString(2, published.functionName());
            s.setLong(3, number);
            s.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void deleteVersion(String functionName, long version) {
    update(
        "delete version " + version + " of function " + functionName,
        "DELETE FROM function_versions WHERE function_name = ? AND version = ?",
        functionName,
        Long.toString(version));
  }

  @Override
  public void deleteFunction(String functionName) {
    // Versions, aliases, function URLs and routes go with it: ON DELETE CASCADE.
    update("delete function " + functionName, "DELETE FROM functions WHERE name = ?", functionName);
  }

  @Override
  public void putAlias(Alias alias) {
    db.transaction(
        "save alias " + alias.name() + " of function " + alias.functionName(),
        c -> {
          requireFunction(
              RegistryRows.countFunction(c, alias.functionName()), alias.functionName());
          if (RegistryRows.updateAlias(c, alias) == 0) {
            RegistryRows.insertAlias(c, alias);
          }
          return null;
        });
  }

  @Override
  public void deleteAlias(String functionName, String aliasName) {
    update(
        "delete alias " + aliasName + " of function " + functionName,
        "DELETE FROM aliases WHERE function_name = ? AND name = ?",
        functionName,
        aliasName);
  }

  @Override
  public void setReservedConcurrency(String functionName, Integer reserved) {
    db.transaction(
        "set reserved concurrency of function " + functionName,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("UPDATE functions SET reserved_concurrency = ? WHERE name = ?")) {
            setNullableInt(s, 1, reserved);
            s.setString(2, functionName);
            requireFunction(s.executeUpdate(), functionName);
          }
          return null;
        });
  }

  @Override
  public void close() {
    db.close();
  }

  private void update(String action, String sql, String... parameters) {
    db.transaction(
        action,
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
              s.setString(i + 1, parameters[i]);
            }
            return s.executeUpdate();
          }
        });
  }

  private static void requireFunction(int rows, String functionName) {
    if (rows == 0) {
      throw GustException.notFound("Function not found in the registry store: " + functionName);
    }
  }

  private static void setNullableInt(PreparedStatement s, int index, Integer value)
      throws SQLException {
    if (value == null) {
      s.setNull(index, Types.INTEGER);
    } else {
      s.setInt(index, value);
    }
  }
}

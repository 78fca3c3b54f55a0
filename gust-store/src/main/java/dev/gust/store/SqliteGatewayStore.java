package dev.gust.store;

import dev.gust.core.ApiKey;
import dev.gust.core.Cors;
import dev.gust.core.FunctionUrlConfig;
import dev.gust.core.GatewayStore;
import dev.gust.core.GustException;
import dev.gust.core.Route;
import dev.gust.core.UsagePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Function URLs, HTTP API routes, usage plans and API keys in the registry's own database (tables
 * {@code function_urls} and {@code routes}, migration V2; {@code usage_plans} and {@code api_keys},
 * migration V3). Living next to {@code functions} lets the foreign keys delete
 * a function's URLs and routes in the same transaction that deletes the function.
 *
 * <p>Obtained from {@link SqliteRegistryStore#gateway()}: it shares the registry's connection and
 * lock, and is closed with it. Every method is one transaction. A missing qualifier is stored as
 * {@code ''}, because it is part of the URLs' primary key.
 *
 * <p>The unique columns are checked inside the writing transaction before the write, so a clash is
 * a {@code ResourceConflictException} naming the current owner rather than a constraint error. The
 * check cannot race: writes on this connection take turns, and SQLite transactions take the write
 * lock when they begin.
 */
final class SqliteGatewayStore implements GatewayStore {
  private static final String NO_QUALIFIER = "";

  private final Database db;

  SqliteGatewayStore(Database db) {
    this.db = db;
  }

  @Override
  public List<FunctionUrlConfig> loadUrls() {
    return db.transaction(
        "load the function URLs",
        c -> {
          List<FunctionUrlConfig> urls = new ArrayList<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT function_name, qualifier, url_id, auth_type, cors, invoke_mode,"
                          + " created, last_modified FROM function_urls"
                          + " ORDER BY function_name, qualifier");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              urls.add(url(rs));
            }
          }
          return urls;
        });
  }

  @Override
  public void putUrl(FunctionUrlConfig url) {
    String qualifier = url.qualifier().orElse(NO_QUALIFIER);
    db.transaction(
        "save the function URL of " + describe(url.functionName(), url.qualifier()),
        c -> {
          requireFunction(c, url.functionName());
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT function_name, qualifier FROM function_urls WHERE url_id = ?"
                      + " AND NOT (function_name = ? AND qualifier = ?)")) {
            s.setString(1, url.urlId());
            s.setString(2, url.functionName());
            s.setString(3, qualifier);
            try (ResultSet rs = s.executeQuery()) {
              if (rs.next()) {
                throw GustException.conflict(
                    "Function URL id "
                        + url.urlId()
                        + " is already used by the URL of "
                        + describe(rs.getString(1), qualifier(rs.getString(2)))
                        + "; every function URL needs an id of its own.");
              }
            }
          }
          try (PreparedStatement update =
              c.prepareStatement(
                  "UPDATE function_urls SET url_id = ?, auth_type = ?, cors = ?, invoke_mode = ?,"
                      + " created = ?, last_modified = ?"
                      + " WHERE function_name = ? AND qualifier = ?")) {
            bindUrl(update, url, qualifier);
            if (update.executeUpdate() > 0) {
              return null;
            }
          }
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO function_urls (url_id, auth_type, cors, invoke_mode, created,"
                      + " last_modified, function_name, qualifier)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            bindUrl(insert, url, qualifier);
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void deleteUrl(String functionName, Optional<String> qualifier) {
    db.transaction(
        "delete the function URL of " + describe(functionName, qualifier),
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "DELETE FROM function_urls WHERE function_name = ? AND qualifier = ?")) {
            s.setString(1, functionName);
            s.setString(2, qualifier.orElse(NO_QUALIFIER));
            return s.executeUpdate();
          }
        });
  }

  /** Every route, in creation order (ties by id). */
  @Override
  public List<Route> loadRoutes() {
    List<Route> routes =
        db.transaction(
            "load the HTTP API routes",
            c -> {
              List<Route> loaded = new ArrayList<>();
              try (PreparedStatement s =
                      c.prepareStatement(
                          "SELECT route_id, route_key, function_name, qualifier,"
                              + " payload_format_version, cors, timeout_millis, created,"
                              + " protection FROM routes");
                  ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                  loaded.add(route(rs));
                }
              }
              return loaded;
            });
    // Sorted here: ISO-8601 text with a varying number of fraction digits does not sort in SQL.
    routes.sort(Comparator.comparing(Route::created).thenComparing(Route::routeId));
    return routes;
  }

  @Override
  public void putRoute(Route route) {
    db.transaction(
        "save route " + route.routeId() + " ('" + route.routeKey() + "')",
        c -> {
          requireFunction(c, route.functionName());
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT route_id, function_name FROM routes WHERE route_key = ?"
                      + " AND route_id <> ?")) {
            s.setString(1, route.routeKey());
            s.setString(2, route.routeId());
            try (ResultSet rs = s.executeQuery()) {
              if (rs.next()) {
                throw GustException.conflict(
                    "Route key '"
                        + route.routeKey()
                        + "' already exists (route "
                        + rs.getString(1)
                        + " to function "
                        + rs.getString(2)
                        + "); delete that route first or choose another key.");
              }
            }
          }
          try (PreparedStatement update =
              c.prepareStatement(
                  "UPDATE routes SET route_key = ?, function_name = ?, qualifier = ?,"
                      + " payload_format_version = ?, cors = ?, timeout_millis = ?, created = ?,"
                      + " protection = ? WHERE route_id = ?")) {
            bindRoute(update, route);
            if (update.executeUpdate() > 0) {
              return null;
            }
          }
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO routes (route_key, function_name, qualifier,"
                      + " payload_format_version, cors, timeout_millis, created, protection,"
                      + " route_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bindRoute(insert, route);
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void deleteRoute(String routeId) {
    db.transaction(
        "delete route " + routeId,
        c -> {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM routes WHERE route_id = ?")) {
            s.setString(1, routeId);
            return s.executeUpdate();
          }
        });
  }

  // ---- usage plans and API keys -------------------------------------------------------------

  @Override
  public List<UsagePlan> loadPlans() {
    return db.transaction(
        "load the usage plans",
        c -> {
          List<UsagePlan> plans = new ArrayList<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT plan_id, name, rate_limit, burst_limit, daily_quota FROM usage_plans"
                          + " ORDER BY name");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              String id = rs.getString(1);
              long quota = rs.getLong(5);
              OptionalLong dailyQuota = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(quota);
              try {
                plans.add(new UsagePlan(id, rs.getString(2), rs.getDouble(3), rs.getInt(4),
                    dailyQuota));
              } catch (RuntimeException e) {
                throw unloadable("Usage plan " + id, e);
              }
            }
          }
          return plans;
        });
  }

  @Override
  public void putPlan(UsagePlan plan) {
    db.transaction(
        "save usage plan " + plan.id(),
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT plan_id FROM usage_plans WHERE name = ? AND plan_id <> ?")) {
            s.setString(1, plan.name());
            s.setString(2, plan.id());
            try (ResultSet rs = s.executeQuery()) {
              if (rs.next()) {
                throw GustException.conflict(
                    "A usage plan named '" + plan.name() + "' already exists (" + rs.getString(1)
                        + ").");
              }
            }
          }
          try (PreparedStatement delete =
                  c.prepareStatement("UPDATE usage_plans SET name = ?, rate_limit = ?,"
                      + " burst_limit = ?, daily_quota = ? WHERE plan_id = ?");
              PreparedStatement insert =
                  c.prepareStatement("INSERT INTO usage_plans (name, rate_limit, burst_limit,"
                      + " daily_quota, plan_id) VALUES (?, ?, ?, ?, ?)")) {
            for (PreparedStatement s : List.of(delete, insert)) {
              s.setString(1, plan.name());
              s.setDouble(2, plan.ratePerSecond());
              s.setInt(3, plan.burst());
              if (plan.dailyQuota().isPresent()) {
                s.setLong(4, plan.dailyQuota().getAsLong());
              } else {
                s.setNull(4, Types.BIGINT);
              }
              s.setString(5, plan.id());
              if (s.executeUpdate() > 0) {
                break;
              }
            }
          }
          return null;
        });
  }

  @Override
  public void deletePlan(String planId) {
    db.transaction(
        "delete usage plan " + planId,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM usage_plans WHERE plan_id = ?")) {
            s.setString(1, planId);
            return s.executeUpdate();
          }
        });
  }

  @Override
  public List<ApiKey> loadKeys() {
    return db.transaction(
        "load the API keys",
        c -> {
          List<ApiKey> keys = new ArrayList<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT key_id, name, key_value, plan_id, created FROM api_keys ORDER BY name");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              String id = rs.getString(1);
              try {
                keys.add(new ApiKey(id, rs.getString(2), rs.getString(3), rs.getString(4),
                    Instant.parse(rs.getString(5))));
              } catch (RuntimeException e) {
                throw unloadable("API key " + id, e);
              }
            }
          }
          return keys;
        });
  }

  @Override
  public void putKey(ApiKey key) {
    db.transaction(
        "save API key " + key.id(),
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT key_id, name FROM api_keys WHERE name = ? OR key_value = ?")) {
            s.setString(1, key.name());
            s.setString(2, key.value());
            try (ResultSet rs = s.executeQuery()) {
              if (rs.next()) {
                throw GustException.conflict(rs.getString(2).equals(key.name())
                    ? "An API key named '" + key.name() + "' already exists (" + rs.getString(1) + ")."
                    : "Another API key has this value; choose another.");
              }
            }
          }
          try (PreparedStatement s =
              c.prepareStatement("SELECT COUNT(*) FROM usage_plans WHERE plan_id = ?")) {
            s.setString(1, key.planId());
            try (ResultSet rs = s.executeQuery()) {
              rs.next();
              if (rs.getInt(1) == 0) {
                throw GustException.notFound("Usage plan not found: " + key.planId());
              }
            }
          }
          try (PreparedStatement s =
              c.prepareStatement("INSERT INTO api_keys (key_id, name, key_value, plan_id, created)"
                  + " VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, key.id());
            s.setString(2, key.name());
            s.setString(3, key.value());
            s.setString(4, key.planId());
            s.setString(5, key.created().toString());
            s.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void deleteKey(String keyId) {
    db.transaction(
        "delete API key " + keyId,
        c -> {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM api_keys WHERE key_id = ?")) {
            s.setString(1, keyId);
            return s.executeUpdate();
          }
        });
  }

  private static void bindUrl(PreparedStatement s, FunctionUrlConfig url, String qualifier)
      throws SQLException {
    s.setString(1, url.urlId());
    s.setString(2, url.authType());
    setCors(s, 3, url.cors());
    s.setString(4, url.invokeMode());
    s.setString(5, url.created().toString());
    s.setString(6, url.lastModified().toString());
    s.setString(7, url.functionName());
    s.setString(8, qualifier);
  }

  private static void bindRoute(PreparedStatement s, Route route) throws SQLException {
    s.setString(1, route.routeKey());
    s.setString(2, route.functionName());
    s.setString(3, route.qualifier().orElse(NO_QUALIFIER));
    s.setString(4, route.payloadFormatVersion());
    setCors(s, 5, route.cors());
    s.setInt(6, route.timeoutMillis());
    s.setString(7, route.created().toString());
    if (route.protection().equals(Route.NO_PROTECTION)) {
      s.setNull(8, Types.VARCHAR);
    } else {
      s.setString(8, route.protection());
    }
    s.setString(9, route.routeId());
  }

  private static FunctionUrlConfig url(ResultSet rs) throws SQLException {
    String function = rs.getString(1);
    Optional<String> qualifier = qualifier(rs.getString(2));
    try {
      return new FunctionUrlConfig(
          function,
          qualifier,
          rs.getString(3),
          rs.getString(4),
          cors(rs.getString(5)),
          rs.getString(6),
          Instant.parse(rs.getString(7)),
          Instant.parse(rs.getString(8)));
    } catch (RuntimeException e) {
      throw unloadable("The function URL of " + describe(function, qualifier), e);
    }
  }

  private static Route route(ResultSet rs) throws SQLException {
    String id = rs.getString(1);
    try {
      return new Route(
          id,
          rs.getString(2),
          rs.getString(3),
          qualifier(rs.getString(4)),
          rs.getString(5),
          cors(rs.getString(6)),
          rs.getInt(7),
          Instant.parse(rs.getString(8)),
          Objects.requireNonNullElse(rs.getString(9), Route.NO_PROTECTION));
    } catch (RuntimeException e) {
      throw unloadable("Route " + id, e);
    }
  }

  private static IllegalStateException unloadable(String what, RuntimeException e) {
    return new IllegalStateException(
        what
            + " in the registry database cannot be loaded: "
            + e.getMessage()
            + ". Fix or delete that row, or run a Gust version that accepts it.",
        e);
  }

  private static void setCors(PreparedStatement s, int index, Optional<Cors> cors)
      throws SQLException {
    if (cors.isPresent()) {
      s.setString(index, RegistryJson.cors(cors.get()));
    } else {
      s.setNull(index, Types.VARCHAR);
    }
  }

  private static Optional<Cors> cors(String json) {
    return json == null ? Optional.empty() : Optional.of(RegistryJson.cors(json));
  }

  private static Optional<String> qualifier(String stored) {
    return stored.equals(NO_QUALIFIER) ? Optional.empty() : Optional.of(stored);
  }

  private static void requireFunction(Connection c, String functionName) throws SQLException {
    if (RegistryRows.countFunction(c, functionName) == 0) {
      throw GustException.notFound("Function not found in the registry store: " + functionName);
    }
  }

  private static String describe(String functionName, Optional<String> qualifier) {
    return "function " + functionName + qualifier.map(q -> ":" + q).orElse("");
  }
}

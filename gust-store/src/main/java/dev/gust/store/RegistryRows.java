package dev.gust.store;

import dev.gust.core.Alias;
import dev.gust.core.CodePackage;
import dev.gust.core.FunctionState;
import dev.gust.core.FunctionVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Row mapping for {@link SqliteRegistryStore}: reads and writes of versions and aliases. */
final class RegistryRows {
  private RegistryRows() {}

  static int countFunction(Connection c, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT COUNT(*) FROM functions WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  static void insertVersion(Connection c, FunctionVersion v) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO function_versions (function_name, version, config, code_sha256,"
                + " code_size, code_unzipped_size, revision_id, last_modified)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, v.functionName());
      s.setString(2, v.version());
      s.setString(3, RegistryJson.config(v.config()));
      s.setString(4, v.code().sha256());
      s.setLong(5, v.code().size());
      s.setLong(6, v.code().unzippedSize());
      s.setString(7, v.revisionId());
      s.setString(8, v.lastModified().toString());
      s.executeUpdate();
    }
  }

  static void insertAlias(Connection c, Alias a) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO aliases (function_version, weights, description, revision_id,"
                + " function_name, name) VALUES (?, ?, ?, ?, ?, ?)")) {
      bindAlias(s, a);
      s.executeUpdate();
    }
  }

  static int updateAlias(Connection c, Alias a) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE aliases SET function_version = ?, weights = ?, description = ?,"
                + " revision_id = ? WHERE function_name = ? AND name = ?")) {
      bindAlias(s, a);
      return s.executeUpdate();
    }
  }

  private static void bindAlias(PreparedStatement s, Alias a) throws SQLException {
    s.setString(1, a.functionVersion());
    s.setString(2, RegistryJson.weights(a.additionalVersionWeights()));
    s.setString(3, a.description());
    s.setString(4, a.revisionId());
    s.setString(5, a.functionName());
    s.setString(6, a.name());
  }

  static List<FunctionState> loadAll(Connection c) throws SQLException {
    Map<String, Map<String, FunctionVersion>> versions = new HashMap<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT function_name, version, config, code_sha256, code_size,"
                    + " code_unzipped_size, revision_id, last_modified FROM function_versions");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        FunctionVersion v = version(rs);
        versions.computeIfAbsent(v.functionName(), k -> new HashMap<>()).put(v.version(), v);
      }
    }
    Map<String, Map<String, Alias>> aliases = new HashMap<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT function_name, name, function_version, weights, description,"
                    + " revision_id FROM aliases");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        Alias a =
            new Alias(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                RegistryJson.weights(rs.getString(4)),
                rs.getString(5),
                rs.getString(6));
        aliases.computeIfAbsent(a.functionName(), k -> new HashMap<>()).put(a.name(), a);
      }
    }
    List<FunctionState> functions = new ArrayList<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT name, reserved_concurrency, last_version_number FROM functions"
                    + " ORDER BY name");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        String name = rs.getString(1);
        int reserved = rs.getInt(2);
        Integer reservedOrNull = rs.wasNull() ? null : reserved;
        functions.add(
            function(
                name,
                versions.getOrDefault(name, Map.of()),
                aliases.getOrDefault(name, Map.of()),
                reservedOrNull,
                rs.getLong(3)));
      }
    }
    return functions;
  }

  private static FunctionState function(
      String name,
      Map<String, FunctionVersion> versions,
      Map<String, Alias> aliases,
      Integer reserved,
      long lastVersionNumber) {
    FunctionVersion latest = versions.get(FunctionVersion.LATEST);
    if (latest == null) {
      throw new IllegalStateException(
          "Function "
              + name
              + " has no $LATEST version in the registry database; restore"
              + " the database from a backup or delete the function's row");
    }
    TreeMap<Long, FunctionVersion> published = new TreeMap<>();
    versions.forEach(
        (number, v) -> {
          if (!v.isLatest()) {
            published.put(Long.parseLong(number), v);
          }
        });
    return new FunctionState(name, latest, published, aliases, reserved, lastVersionNumber);
  }

  private static FunctionVersion version(ResultSet rs) throws SQLException {
    String name = rs.getString(1);
    String version = rs.getString(2);
    try {
      return new FunctionVersion(
          name,
          version,
          RegistryJson.config(rs.getString(3)),
          new CodePackage(rs.getString(4), rs.getLong(5), rs.getLong(6)),
          rs.getString(7),
          Instant.parse(rs.getString(8)));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Version "
              + version
              + " of function "
              + name
              + " in the registry database cannot be loaded: "
              + e.getMessage()
              + ". Fix or delete that row, or run a Gust version that accepts it.",
          e);
    }
  }
}

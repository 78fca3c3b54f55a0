package dev.gust.store;

import java.util.OptionalLong;
import dev.gust.core.UsagePlan;
import dev.gust.core.ApiKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gust.core.Alias;
import dev.gust.core.CodePackage;
import dev.gust.core.Cors;
import dev.gust.core.ErrorType;
import dev.gust.core.FunctionConfig;
import dev.gust.core.FunctionState;
import dev.gust.core.FunctionUrlConfig;
import dev.gust.core.FunctionVersion;
import dev.gust.core.GatewayStore;
import dev.gust.core.GustException;
import dev.gust.core.ManualClock;
import dev.gust.core.Route;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteGatewayStoreTest {
  private static final Instant T0 = Instant.parse("2026-03-04T05:06:07.123456789Z");
  private static final CodePackage CODE = new CodePackage("q83vEjRWeJA=", 1234, 5678);
  private static final Cors CORS =
      new Cors(
          true,
          List.of("content-type", "x-api-key"),
          List.of("GET", "POST"),
          List.of("https://example.com"),
          List.of("x-request-id"),
          600);
  private static final String URL_A = "a".repeat(32);
  private static final String URL_B = "b0".repeat(16);
  private static final String URL_C = "c1".repeat(16);

  @TempDir Path dir;
  private Path file;
  private SqliteRegistryStore registry;
  private GatewayStore gateway;

  @BeforeEach
  void open() {
    file = dir.resolve("data/gust.db");
    reopen();
    registry.createFunction(function("hello"));
    registry.putAlias(new Alias("hello", "live", "$LATEST", Map.of(), "", "r"));
    registry.createFunction(function("other"));
  }

  @AfterEach
  void close() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void urlsWithAndWithoutQualifierAndCorsSurviveCloseAndReopen() {
    FunctionUrlConfig plain = url("hello", Optional.empty(), URL_A, Optional.empty());
    FunctionUrlConfig withCors =
        new FunctionUrlConfig(
            "hello",
            Optional.of("live"),
            URL_B,
            "AWS_IAM",
            Optional.of(CORS),
            "RESPONSE_STREAM",
            T0,
            T0.plusSeconds(5));
    FunctionUrlConfig latest = url("other", Optional.of("$LATEST"), URL_C, Optional.empty());
    gateway.putUrl(withCors);
    gateway.putUrl(plain);
    gateway.putUrl(latest);

    reopen();

    assertEquals(List.of(plain, withCors, latest), gateway.loadUrls());
  }

  @Test
  void corsIsStoredWithLambdasFieldNames() throws Exception {
    gateway.putUrl(url("hello", Optional.empty(), URL_A, Optional.of(CORS)));

    assertEquals(
        "{\"AllowCredentials\":true,\"AllowHeaders\":[\"content-type\",\"x-api-key\"],"
            + "\"AllowMethods\":[\"GET\",\"POST\"],\"AllowOrigins\":[\"https://example.com\"],"
            + "\"ExposeHeaders\":[\"x-request-id\"],\"MaxAge\":600}",
        query("SELECT cors FROM function_urls").get(0));
    assertEquals(List.of(""), query("SELECT qualifier FROM function_urls"));
  }

  @Test
  void routesWithAndWithoutQualifierAndCorsSurviveCloseAndReopenInCreationOrder() {
    // Instant.toString() writes 0, 3, 6 or 9 fraction digits, so the text does not sort by time.
    Route first =
        new Route(
            "r000000001",
            "GET /items/{id}",
            "hello",
            Optional.empty(),
            "2.0",
            Optional.empty(),
            30_000,
            Instant.parse("2026-03-04T05:06:07Z"));
    Route second =
        new Route(
            "r000000000",
            "ANY /files/{proxy+}",
            "hello",
            Optional.of("live"),
            "1.0",
            Optional.of(CORS),
            50,
            Instant.parse("2026-03-04T05:06:07.5Z"),
            "{\"ApiKeyRequired\":true}");
    Route third =
        new Route(
            "r000000002",
            Route.DEFAULT_KEY,
            "other",
            Optional.of("1"),
            "2.0",
            Optional.empty(),
            1_000,
            T0.plusSeconds(1));
    gateway.putRoute(third);
    gateway.putRoute(second);
    gateway.putRoute(first);

    reopen();

    assertEquals(List.of(first, second, third), gateway.loadRoutes());
  }

  @Test
  void usagePlansAndKeysSurviveReopenAndKeysGoWithTheirPlan() {
    UsagePlan free = new UsagePlan("upfree0001", "free", 0.5, 2, OptionalLong.of(1000));
    UsagePlan pro = new UsagePlan("uppro00001", "pro", 100, 200, OptionalLong.empty());
    gateway.putPlan(free);
    gateway.putPlan(pro);
    ApiKey alice = new ApiKey("akalice001", "alice", "a".repeat(40), free.id(), T0);
    ApiKey bob = new ApiKey("akbob00001", "bob", "b".repeat(40), pro.id(), T0.plusSeconds(1));
    gateway.putKey(alice);
    gateway.putKey(bob);

    reopen();

    assertEquals(List.of(free, pro), gateway.loadPlans());
    assertEquals(List.of(alice, bob), gateway.loadKeys());
    GustException clash = assertThrows(GustException.class,
        () -> gateway.putKey(new ApiKey("akother001", "carol", "a".repeat(40), pro.id(), T0)));
    assertEquals(ErrorType.RESOURCE_CONFLICT, clash.type());
    gateway.deletePlan(free.id());
    assertEquals(List.of(pro), gateway.loadPlans());
    assertEquals(List.of(bob), gateway.loadKeys());
  }

  @Test
  void puttingAUrlOrRouteAgainReplacesIt() {
    gateway.putUrl(url("hello", Optional.empty(), URL_A, Optional.of(CORS)));
    FunctionUrlConfig updated =
        new FunctionUrlConfig(
            "hello",
            Optional.empty(),
            URL_A,
            "AWS_IAM",
            Optional.empty(),
            "BUFFERED",
            T0,
            T0.plusSeconds(60));
    gateway.putRoute(route("r1", "GET /a", "hello"));
    Route moved =
        new Route("r1", "POST /b", "other", Optional.empty(), "1.0", Optional.of(CORS), 900, T0);

    gateway.putUrl(updated);
    gateway.putRoute(moved);

    assertEquals(List.of(updated), gateway.loadUrls());
    assertEquals(List.of(moved), gateway.loadRoutes());
  }

  @Test
  void deletedUrlAndRouteAreGone() {
    gateway.putUrl(url("hello", Optional.empty(), URL_A, Optional.empty()));
    FunctionUrlConfig live = url("hello", Optional.of("live"), URL_B, Optional.empty());
    gateway.putUrl(live);
    gateway.putRoute(route("r1", "GET /a", "hello"));
    Route kept = route("r2", "GET /b", "hello");
    gateway.putRoute(kept);

    gateway.deleteUrl("hello", Optional.empty());
    gateway.deleteRoute("r1");
    gateway.deleteRoute("no-such-route");

    assertEquals(List.of(live), gateway.loadUrls());
    assertEquals(List.of(kept), gateway.loadRoutes());
  }

  @Test
  void deletingAFunctionDeletesItsUrlsAndRoutes() {
    gateway.putUrl(url("hello", Optional.empty(), URL_A, Optional.empty()));
    gateway.putUrl(url("hello", Optional.of("live"), URL_B, Optional.of(CORS)));
    gateway.putRoute(route("r1", "GET /a", "hello"));
    FunctionUrlConfig otherUrl = url("other", Optional.empty(), URL_C, Optional.empty());
    gateway.putUrl(otherUrl);
    Route otherRoute = route("r2", "GET /b", "other");
    gateway.putRoute(otherRoute);

    registry.deleteFunction("hello");
    reopen();

    assertEquals(List.of(otherUrl), gateway.loadUrls());
    assertEquals(List.of(otherRoute), gateway.loadRoutes());
  }

  @Test
  void urlIdOfAnotherUrlIsAConflict() {
    FunctionUrlConfig owner = url("hello", Optional.of("live"), URL_A, Optional.empty());
    gateway.putUrl(owner);

    GustException e =
        assertThrows(
            GustException.class,
            () -> gateway.putUrl(url("other", Optional.empty(), URL_A, Optional.empty())));

    assertEquals(ErrorType.RESOURCE_CONFLICT, e.type());
    assertEquals(
        "Function URL id "
            + URL_A
            + " is already used by the URL of function hello:live; every function URL needs an"
            + " id of its own.",
        e.getMessage());
    assertEquals(List.of(owner), gateway.loadUrls());
  }

  @Test
  void routeKeyOfAnotherRouteIsAConflict() {
    Route owner = route("r1", "GET /items/{id}", "hello");
    gateway.putRoute(owner);

    GustException e =
        assertThrows(
            GustException.class, () -> gateway.putRoute(route("r2", "GET /items/{id}", "other")));

    assertEquals(ErrorType.RESOURCE_CONFLICT, e.type());
    assertEquals(
        "Route key 'GET /items/{id}' already exists (route r1 to function hello); delete that"
            + " route first or choose another key.",
        e.getMessage());
    assertEquals(List.of(owner), gateway.loadRoutes());
  }

  @Test
  void urlOrRouteOfAnUnknownFunctionIsNotFound() {
    GustException url =
        assertThrows(
            GustException.class,
            () -> gateway.putUrl(url("nope", Optional.empty(), URL_A, Optional.empty())));
    GustException route =
        assertThrows(GustException.class, () -> gateway.putRoute(route("r1", "GET /a", "nope")));

    assertEquals(ErrorType.RESOURCE_NOT_FOUND, url.type());
    assertEquals(ErrorType.RESOURCE_NOT_FOUND, route.type());
    assertEquals(List.of(), gateway.loadUrls());
    assertEquals(List.of(), gateway.loadRoutes());
  }

  @Test
  void registryDatabaseAtV1MigratesToTheLatestKeepingItsFunctions() throws Exception {
    registry.close();
    registry = null;
    Path v1File = dir.resolve("v1/gust.db");
    FunctionState released = function("old");
    Alias prod = new Alias("old", "prod", "$LATEST", Map.of(), "production", "r");
    // A database as Gust wrote it before V2: the frozen copy of V1 in test resources must stay
    // byte-identical to the released script, or this fails with "changed after it was applied".
    try (Database db = Database.open(new SqliteDialect(v1File), SqlDialect.Use.DURABLE_WRITES)) {
      new Migrations("db/test-migrations/registry-v1", new ManualClock(T0)).migrate(db);
      db.transaction(
          "write a V1 registry",
          c -> {
            try (PreparedStatement s =
                c.prepareStatement(
                    "INSERT INTO functions (name, reserved_concurrency, last_version_number,"
                        + " created) VALUES ('old', NULL, 0, ?)")) {
              s.setString(1, T0.toString());
              s.executeUpdate();
            }
            RegistryRows.insertVersion(c, released.latest());
            RegistryRows.insertAlias(c, prod);
            return null;
          });
    }
    file = v1File;

    reopen();

    assertEquals(List.of(released.withAlias(prod)), registry.loadAll());
    assertEquals(
        List.of("1", "2", "3", "4", "5", "6", "7"), query("SELECT version FROM schema_migrations ORDER BY version"));
    FunctionUrlConfig url = url("old", Optional.of("prod"), URL_A, Optional.of(CORS));
    gateway.putUrl(url);
    assertEquals(List.of(url), gateway.loadUrls());
  }

  @Test
  void freshRegistryRecordsEveryMigration() throws Exception {
    assertEquals(
        List.of("1 functions_versions_aliases", "2 function_urls_and_routes",
            "3 route_protection_api_keys", "4 event_invoke_configs", "5 schedules",
            "6 event_source_mappings", "7 mqtt_event_sources"),
        query("SELECT version || ' ' || name FROM schema_migrations ORDER BY version"));
    assertTrue(gateway.loadUrls().isEmpty());
  }

  private void reopen() {
    if (registry != null) {
      registry.close();
    }
    registry = new SqliteRegistryStore(file);
    gateway = registry.gateway();
  }

  private static FunctionState function(String name) {
    FunctionConfig config = FunctionConfig.of("python3.12", "app.handler");
    return FunctionState.created(
        new FunctionVersion(name, FunctionVersion.LATEST, config, CODE, "r", T0));
  }

  private static FunctionUrlConfig url(
      String function, Optional<String> qualifier, String urlId, Optional<Cors> cors) {
    return new FunctionUrlConfig(function, qualifier, urlId, "NONE", cors, "BUFFERED", T0, T0);
  }

  private static Route route(String id, String key, String function) {
    return new Route(id, key, function, Optional.empty(), "2.0", Optional.empty(), 30_000, T0);
  }

  private List<String> query(String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }
}

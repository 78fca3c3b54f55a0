package dev.gust.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gust.core.Alias;
import dev.gust.core.CodePackage;
import dev.gust.core.ErrorType;
import dev.gust.core.FunctionConfig;
import dev.gust.core.FunctionState;
import dev.gust.core.FunctionVersion;
import dev.gust.core.GustException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRegistryStoreTest {
  private static final Instant T0 = Instant.parse("2026-03-04T05:06:07.123456789Z");
  private static final CodePackage CODE = new CodePackage("q83vEjRWeJA=", 1234, 5678);
  private static final CodePackage OTHER_CODE = new CodePackage("AAECAwQFBgc=", 10, 20);

  @TempDir Path dir;
  private Path file;
  private SqliteRegistryStore store;

  @BeforeEach
  void open() {
    file = dir.resolve("data/gust.db");
    store = new SqliteRegistryStore(file);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void everyChangeSurvivesCloseAndReopen() {
    FunctionState f = FunctionState.created(latest("hello", "rev-1", T0));
    store.createFunction(f);
    FunctionVersion v1 = published(f.latest(), 1);
    store.insertVersion(v1);
    FunctionVersion newLatest =
        new FunctionVersion(
            "hello",
            FunctionVersion.LATEST,
            new FunctionConfig(
                "python3.12",
                "app.handler",
                "arn:aws:iam::000000000000:role/r",
                "say hi",
                1024,
                30,
                1024,
                Map.of("B", "2", "A", "é"),
                "arm64"),
            OTHER_CODE,
            "rev-2",
            T0.plusSeconds(60));
    store.updateLatest(newLatest);
    FunctionVersion v2 = published(newLatest, 2);
    store.insertVersion(v2);
    Alias live = new Alias("hello", "live", "1", Map.of("2", 0.1), "canary", "alias-rev-1");
    store.putAlias(live);
    store.setReservedConcurrency("hello", 7);
    FunctionState expected =
        f.withLatest(newLatest)
            .withPublished(v1)
            .withPublished(v2)
            .withAlias(live)
            .withReservedConcurrency(7);

    store.close();
    store = new SqliteRegistryStore(file);

    assertEquals(List.of(expected), store.loadAll());
  }

  @Test
  void createdFunctionWithVersionsAndAliasesLoadsEqual() {
    FunctionVersion latest = providedLatest("custom");
    FunctionVersion v3 = published(latest, 3);
    Alias prod = new Alias("custom", "prod", "3", Map.of(), "", "r");
    FunctionState f =
        new FunctionState(
            "custom", latest, new TreeMap<>(Map.of(3L, v3)), Map.of("prod", prod), 0, 5);
    store.createFunction(f);
    store.createFunction(FunctionState.created(latest("another", "r", T0)));

    store.close();
    store = new SqliteRegistryStore(file);

    assertEquals(List.of(FunctionState.created(latest("another", "r", T0)), f), store.loadAll());
  }

  @Test
  void deletingAFunctionDeletesItsVersionsAndAliases() throws Exception {
    FunctionState f = FunctionState.created(latest("gone", "r", T0));
    store.createFunction(f);
    store.insertVersion(published(f.latest(), 1));
    store.putAlias(new Alias("gone", "a", "1", Map.of(), "", "r"));

    store.deleteFunction("gone");

    assertEquals(List.of(), store.loadAll());
    assertEquals(0, count("SELECT COUNT(*) FROM function_versions"));
    assertEquals(0, count("SELECT COUNT(*) FROM aliases"));
  }

  @Test
  void deletedVersionAndAliasAreGoneButTheLastNumberStays() {
    FunctionState f = FunctionState.created(latest("fn", "r", T0));
    store.createFunction(f);
    store.insertVersion(published(f.latest(), 1));
    store.insertVersion(published(f.latest(), 2));
    store.putAlias(new Alias("fn", "a", "1", Map.of(), "", "r"));

    store.deleteVersion("fn", 2);
    store.deleteAlias("fn", "a");

    FunctionState loaded = store.loadAll().get(0);
    assertEquals(List.of(1L), List.copyOf(loaded.versions().keySet()));
    assertEquals(Map.of(), loaded.aliases());
    assertEquals(2, loaded.lastVersionNumber());
  }

  @Test
  void puttingAnAliasAgainReplacesIt() {
    store.createFunction(FunctionState.created(latest("fn", "r", T0)));
    store.putAlias(new Alias("fn", "a", "1", Map.of("2", 0.5), "old", "r1"));
    Alias replaced = new Alias("fn", "a", "3", Map.of(), "new", "r2");

    store.putAlias(replaced);

    assertEquals(Map.of("a", replaced), store.loadAll().get(0).aliases());
  }

  @Test
  void nullReservedConcurrencyRemovesTheReservation() {
    store.createFunction(FunctionState.created(latest("fn", "r", T0)));
    store.setReservedConcurrency("fn", 0);
    assertEquals(0, store.loadAll().get(0).reservedConcurrency());

    store.setReservedConcurrency("fn", null);

    assertEquals(null, store.loadAll().get(0).reservedConcurrency());
  }

  @Test
  void changingAnUnknownFunctionIsNotFound() {
    GustException e =
        assertThrows(GustException.class, () -> store.updateLatest(latest("nope", "r", T0)));
    assertEquals(ErrorType.RESOURCE_NOT_FOUND, e.type());
    assertThrows(GustException.class, () -> store.setReservedConcurrency("nope", 1));
    assertThrows(
        GustException.class, () -> store.insertVersion(published(latest("nope", "r", T0), 1)));
  }

  @Test
  void aFailedCreateLeavesNothingBehind() {
    FunctionVersion latest = latest("half", "r", T0);
    // A version of another function violates the foreign key after the function row is written.
    FunctionVersion foreign = published(latest("elsewhere", "r", T0), 1);
    FunctionState broken =
        new FunctionState("half", latest, new TreeMap<>(Map.of(1L, foreign)), Map.of(), null, 1);

    GustException e = assertThrows(GustException.class, () -> store.createFunction(broken));

    assertEquals(ErrorType.SERVICE, e.type());
    assertEquals(List.of(), store.loadAll());
  }

  @Test
  void databaseUsesWriteAheadLogging() throws Exception {
    assertEquals("wal", query("PRAGMA journal_mode"));
  }

  private static FunctionVersion latest(String name, String revision, Instant at) {
    FunctionConfig config =
        new FunctionConfig(
            "python3.12",
            "app.handler",
            "arn:aws:iam::000000000000:role/r",
            "say hi",
            256,
            30,
            1024,
            Map.of("GREETING", "hello", "EMPTY", ""),
            "arm64");
    return new FunctionVersion(name, FunctionVersion.LATEST, config, CODE, revision, at);
  }

  private static FunctionVersion providedLatest(String name) {
    FunctionConfig config = FunctionConfig.of("provided.al2023", null);
    return new FunctionVersion(name, FunctionVersion.LATEST, config, CODE, "r", T0);
  }

  private static FunctionVersion published(FunctionVersion latest, long number) {
    return new FunctionVersion(
        latest.functionName(),
        Long.toString(number),
        latest.config(),
        latest.code(),
        latest.revisionId() + "-v" + number,
        latest.lastModified().plusMillis(number));
  }

  private long count(String sql) throws Exception {
    return Long.parseLong(query(sql));
  }

  private String query(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}

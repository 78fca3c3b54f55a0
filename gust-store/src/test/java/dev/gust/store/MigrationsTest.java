package dev.gust.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gust.core.ManualClock;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
  private static final String V1 = "db/test-migrations/v1";
  private static final String V2 = "db/test-migrations/v2";
  private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-01-02T03:04:05Z"));

  @TempDir Path dir;
  private Database db;

  @BeforeEach
  void open() {
    db = Database.open(new SqliteDialect(dir.resolve("test.db")), SqlDialect.Use.DURABLE_WRITES);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void freshDatabaseAppliesEveryScriptInOrder() {
    List<MigrationScript> applied = new Migrations(V2, CLOCK).migrate(db);

    assertEquals(List.of(1, 2), applied.stream().map(MigrationScript::version).toList());
    assertEquals(
        List.of("1 create_things 2026-01-02T03:04:05Z", "2 add_more 2026-01-02T03:04:05Z"),
        history());
    assertEquals(List.of("one"), query("SELECT label FROM things"));
  }

  @Test
  void secondRunDoesNothing() {
    new Migrations(V2, CLOCK).migrate(db);

    assertEquals(List.of(), new Migrations(V2, CLOCK).migrate(db));
    assertEquals(List.of("one"), query("SELECT label FROM things"));
  }

  @Test
  void databaseAtV1MigratesToV2() {
    new Migrations(V1, CLOCK).migrate(db);

    List<MigrationScript> applied = new Migrations(V2, CLOCK).migrate(db);

    assertEquals(List.of(2), applied.stream().map(MigrationScript::version).toList());
    assertEquals(List.of("0"), query("SELECT COUNT(*) FROM more_things"));
    assertEquals(List.of("null"), query("SELECT weight FROM things"));
  }

  @Test
  void changedChecksumOfAppliedScriptFailsStartUp() {
    new Migrations(V1, CLOCK).migrate(db);

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> new Migrations("db/test-migrations/changed", CLOCK).migrate(db));

    assertTrue(
        e.getMessage().contains("V1__create_things was changed after it was applied"),
        e.getMessage());
    assertTrue(e.getMessage().contains("put the change in a new V2__ script"), e.getMessage());
  }

  @Test
  void appliedVersionUnknownToThisBuildFailsStartUp() {
    new Migrations(V2, CLOCK).migrate(db);

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new Migrations(V1, CLOCK).migrate(db));

    assertTrue(e.getMessage().contains("V2__add_more applied, which this build"), e.getMessage());
  }

  @Test
  void missingLocationNamesIt() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> new Migrations("db/nowhere", CLOCK).migrate(db));

    assertTrue(e.getMessage().contains("'db/nowhere'"), e.getMessage());
  }

  @Test
  void scriptsSplitAtSemicolonsEndingALineAndSkipComments() {
    MigrationScript script =
        MigrationScript.of(
            1, "x", "-- comment; not a statement\nCREATE TABLE a (x INT);\r\nSELECT 1");

    assertEquals(List.of("CREATE TABLE a (x INT)", "SELECT 1"), script.statements());
  }

  @Test
  void scriptsAreReadFromAJarToo() throws Exception {
    Path jar = dir.resolve("migrations.jar");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
      for (String directory : List.of("db/", "db/jarred/")) {
        out.putNextEntry(new ZipEntry(directory));
        out.closeEntry();
      }
      out.putNextEntry(new ZipEntry("db/jarred/V2__second.sql"));
      out.write("CREATE TABLE b (x INTEGER);\n".getBytes(StandardCharsets.UTF_8));
      out.putNextEntry(new ZipEntry("db/jarred/V1__first.sql"));
      out.write("CREATE TABLE a (x INTEGER);\n".getBytes(StandardCharsets.UTF_8));
      out.putNextEntry(new ZipEntry("db/jarred/README.txt"));
      out.closeEntry();
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      List<MigrationScript> scripts = MigrationScript.load(loader, "db/jarred");

      assertEquals(
          List.of("1 first CREATE TABLE a (x INTEGER)", "2 second CREATE TABLE b (x INTEGER)"),
          scripts.stream()
              .map(m -> m.version() + " " + m.name() + " " + m.statements().get(0))
              .toList());
    }
  }

  private List<String> history() {
    return query(
        "SELECT version || ' ' || name || ' ' || applied_at FROM schema_migrations ORDER BY"
            + " version");
  }

  private List<String> query(String sql) {
    return db.autoCommit(
        "query",
        c -> {
          List<String> rows = new ArrayList<>();
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
              rows.add(String.valueOf(rs.getString(1)));
            }
          }
          return rows;
        });
  }
}

package dev.gust.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.sqlite.SQLiteConfig;

/**
 * SQLite in one file: WAL journaling (readers never wait for the writer), a busy timeout instead of
 * immediate {@code SQLITE_BUSY} errors, foreign keys enforced, and write transactions that take the
 * write lock when they begin ({@code BEGIN IMMEDIATE}), so that two writers queue instead of
 * failing half-way through a transaction.
 */
final class SqliteDialect implements SqlDialect {
  static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);

  private final Path file;

  SqliteDialect(Path file) {
    this.file = file.toAbsolutePath();
    try {
      Path parent = this.file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not create the directory of database " + this.file + "; check its permissions", e);
    }
  }

  @Override
  public Connection connect(Use use) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
    config.enforceForeignKeys(true);
    switch (use) {
      case DURABLE_WRITES -> {
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
      }
      case BULK_WRITES -> {
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // In WAL mode NORMAL never corrupts the database; a power loss may lose the last batches.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
      }
      case READS -> config.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
    }
    return config.createConnection("jdbc:sqlite:" + file);
  }

  @Override
  public String describe() {
    return file.toString();
  }
}

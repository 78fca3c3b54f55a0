package dev.gust.store;

import dev.gust.core.ErrorType;
import dev.gust.core.GustException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One JDBC connection and the transactions run on it. Callers from many threads take turns on
 * {@code lock}; each {@link #transaction} either commits completely or rolls back.
 *
 * <p>A {@link GustException} thrown by the work (for example "not found") rolls back and propagates
 * unchanged; an {@link SQLException} rolls back and becomes a {@code ServiceException} that names
 * the action and the database.
 */
final class Database implements AutoCloseable {

  /** Work done inside one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final SqlDialect dialect;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();

  private Database(SqlDialect dialect, Connection connection) {
    this.dialect = dialect;
    this.connection = connection;
  }

  static Database open(SqlDialect dialect, SqlDialect.Use use) {
    try {
      return new Database(dialect, dialect.connect(use));
    } catch (SQLException e) {
      throw failure("open the database", dialect, e);
    }
  }

  /** Runs {@code work} in one transaction; {@code action} names it in error messages. */
  <T> T transaction(String action, Work<T> work) {
    lock.lock();
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(e);
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure(action, dialect, e);
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code work} on the connection in auto-commit mode, e.g. a lone read. */
  <T> T autoCommit(String action, Work<T> work) {
    lock.lock();
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw failure(action, dialect, e);
    } finally {
      lock.unlock();
    }
  }

  String describe() {
    return dialect.describe();
  }

  @Override
  public void close() {
    lock.lock();
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure("close the database", dialect, e);
    } finally {
      lock.unlock();
    }
  }

  private void rollbackQuietly(Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  static GustException failure(String action, SqlDialect dialect, SQLException e) {
    return new GustException(
        ErrorType.SERVICE,
        "Could not "
            + action
            + " in database "
            + dialect.describe()
            + ": "
            + e.getMessage()
            + ". Check that the data directory is writable and has free space.",
        e);
  }
}

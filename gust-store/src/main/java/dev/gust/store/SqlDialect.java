package dev.gust.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The seam between the stores' standard SQL and one database engine. Everything engine-specific
 * (how to connect, which session settings to apply, how to take the write lock early) lives behind
 * it, so that the same statements can run on SQLite now and PostgreSQL later.
 */
interface SqlDialect {

  /** How a connection will be used, which decides its locking and durability settings. */
  enum Use {
    /** Rare writes that must survive a power loss (the registry). */
    DURABLE_WRITES,
    /** Frequent batched writes where losing the last moments on power loss is acceptable. */
    BULK_WRITES,
    /** Reads only; must never wait for a writer. */
    READS
  }

  /** Opens a new connection configured for {@code use}, with auto-commit on. */
  Connection connect(Use use) throws SQLException;

  /** What this connects to, for error messages: a file path or a JDBC URL without secrets. */
  String describe();
}

/**
 * Gust's storage adapters: the ports of {@code dev.gust.core} over a local data directory.
 *
 * <ul>
 *   <li>{@link dev.gust.store.SqliteRegistryStore}: functions, versions and aliases in SQLite
 *       ({@code <dataDir>/gust.db}), one transaction per method, schema from versioned migrations
 *       ({@code db/registry/V<n>__<name>.sql}). Its {@code gateway()} is the store of function URLs
 *       and HTTP API routes, in the same database so that they go with their function.
 *   <li>{@link dev.gust.store.SqliteInvocationLedger}: invocation records in a second SQLite file
 *       of their own ({@code <dataDir>/ledger.db}, migrations in {@code db/ledger/}). A separate
 *       file because its write pattern (a steady stream of batches, plus range deletes for
 *       retention) would otherwise compete with registry writes for SQLite's single write lock, and
 *       because it may be deleted to reset usage without touching the registry.
 *   <li>{@link dev.gust.store.SqliteQueueStore}: SQS-compatible queues and their messages in a
 *       third SQLite file ({@code <dataDir>/queues.db}, migrations in {@code db/queues/}), with
 *       {@code synchronous=FULL}: every send is on disk before it is answered.
 *   <li>{@link dev.gust.store.DiskCodeStore}: code zips and their unpacked, read-only trees under
 *       {@code <dataDir>/code/}, content-addressed by SHA-256.
 *   <li>{@link dev.gust.store.FileLogStore}: per-function log segments under {@code
 *       <dataDir>/logs/}, with bounded retention and byte-offset cursors.
 * </ul>
 *
 * <p>The SQL is standard; everything specific to SQLite (connection settings, locking mode) is
 * behind the package-private {@code SqlDialect}, so PostgreSQL can be added as a second dialect.
 *
 * <p>Threads: the ledger owns one writer thread ({@code gust-ledger-writer}); everything else runs
 * on the caller's thread, guarded by one lock per database connection, per function log and around
 * code publication.
 */
package dev.gust.store;

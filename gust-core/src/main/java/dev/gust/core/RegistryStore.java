package dev.gust.core;

import java.util.List;

/**
 * Durable storage of the function registry. Each method is one transaction: it either happens
 * completely or not at all. Business rules live in {@link FunctionRegistry}; a store only
 * persists what it is given.
 */
public interface RegistryStore extends AutoCloseable {

  /** Every function with its versions and aliases; read once at start-up. */
  List<FunctionState> loadAll();

  /** Inserts a new function: its row, {@code $LATEST}, and any versions it already has. */
  void createFunction(FunctionState function);

  /** Replaces {@code $LATEST} of an existing function. */
  void updateLatest(FunctionVersion latest);

  /** Inserts a published version and records its number as the function's last one. */
  void insertVersion(FunctionVersion published);

  /** Deletes one published version. */
  void deleteVersion(String functionName, long version);

  /** Deletes a function with all its versions and aliases. */
  void deleteFunction(String functionName);

  /** Inserts or replaces an alias. */
  void putAlias(Alias alias);

  /** Deletes an alias. */
  void deleteAlias(String functionName, String aliasName);

  /** Sets reserved concurrency; null removes the reservation. */
  void setReservedConcurrency(String functionName, Integer reserved);

  @Override
  void close();
}

package dev.gust.core;

import java.util.List;
import java.util.Optional;

/**
 * Durable storage of function URLs and HTTP API routes. Each method is one transaction. A
 * function's URLs and routes are deleted with it (by the store, through its foreign keys).
 */
public interface GatewayStore {

  List<FunctionUrlConfig> loadUrls();

  /** Inserts or replaces the URL of a function and qualifier. */
  void putUrl(FunctionUrlConfig url);

  void deleteUrl(String functionName, Optional<String> qualifier);

  List<Route> loadRoutes();

  /** Inserts or replaces a route (by id). */
  void putRoute(Route route);

  void deleteRoute(String routeId);

  List<UsagePlan> loadPlans();

  /** Inserts or replaces a usage plan (by id). */
  void putPlan(UsagePlan plan);

  /** Deletes a usage plan and, by cascade, its API keys. */
  void deletePlan(String planId);

  List<ApiKey> loadKeys();

  /** Inserts an API key; its value must be new. */
  void putKey(ApiKey key);

  void deleteKey(String keyId);
}

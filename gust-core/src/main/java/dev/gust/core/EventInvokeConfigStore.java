package dev.gust.core;

import java.util.List;
import java.util.Optional;

/** Durable storage of EventInvokeConfigs; each method is one transaction. */
public interface EventInvokeConfigStore {

  List<EventInvokeConfig> load();

  /** Inserts or replaces the config of a function and qualifier. */
  void put(EventInvokeConfig config);

  void delete(String functionName, Optional<String> qualifier);
}

package dev.gust.core;

import java.util.List;

/** Durable storage of event source mappings; each method is one transaction. */
public interface EventSourceMappingStore {

  List<EventSourceMapping> loadEventSourceMappings();

  /** Inserts or replaces a mapping (by UUID); its function must exist. */
  void putEventSourceMapping(EventSourceMapping mapping);

  void deleteEventSourceMapping(String uuid);
}

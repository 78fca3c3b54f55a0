package dev.gust.queue;

/**
 * One entry of a batch request: the caller's id for it and what it asks.
 *
 * @param id 1-80 characters of {@code [A-Za-z0-9_-]}, distinct within the batch
 * @param request the entry's request
 */
public record BatchEntry<T>(String id, T request) {}

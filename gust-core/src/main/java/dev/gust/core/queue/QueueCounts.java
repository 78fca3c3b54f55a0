package dev.gust.core.queue;

/**
 * How many messages a queue holds, by state.
 *
 * @param visible available to a receive now
 * @param inFlight received and hidden until their visibility timeout ends
 * @param delayed sent with a delay that has not ended yet
 */
public record QueueCounts(long visible, long inFlight, long delayed) {}

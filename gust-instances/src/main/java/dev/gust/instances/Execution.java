package dev.gust.instances;

import dev.gust.runtimeapi.RuntimeResult;

/**
 * What running one invocation on an instance produced.
 *
 * @param result the runtime's answer, or the platform's error on its behalf
 * @param coldStart whether a new instance was started for this invocation
 * @param initDurationMs time from launch to the runtime's first poll, 0 when warm
 * @param durationMs time from the runtime receiving the event to its answer
 * @param maxMemoryUsedMb peak memory of the instance, 0 when unknown
 * @param log what the instance printed during this invocation (and its init, when cold)
 * @param instanceId the instance that ran it
 */
public record Execution(
    RuntimeResult result,
    boolean coldStart,
    double initDurationMs,
    double durationMs,
    long maxMemoryUsedMb,
    String log,
    String instanceId) {}

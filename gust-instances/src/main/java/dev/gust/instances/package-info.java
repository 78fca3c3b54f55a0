/**
 * Instances and their pools: Lambda's execution model. An instance is one sandboxed process
 * running one invocation at a time. Each function version has a pool: an invocation takes the
 * most recently used idle instance (warm), or starts a new one (cold) if the {@link
 * dev.gust.instances.ConcurrencyGovernor} admits it, or is refused with 429. Idle instances are
 * stopped after the keep-warm period, so an idle function costs nothing (scale to zero).
 *
 * <p>Lifecycles are a table ({@link dev.gust.instances.InstanceState}); a transition the table
 * does not allow throws, naming the state and the event.
 *
 * <p>Threads: invocations run on the caller's (virtual) thread, which parks while the runtime
 * works; process exits are observed on the sandbox's exit future; the reaper runs on the injected
 * scheduler.
 */
package dev.gust.instances;

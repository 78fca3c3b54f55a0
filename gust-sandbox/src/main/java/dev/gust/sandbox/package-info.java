/**
 * Launching function instances as isolated, limited processes: the adapters behind {@link
 * dev.gust.core.Sandbox}.
 *
 * <p>{@link dev.gust.sandbox.Sandboxes#detect} picks {@link dev.gust.sandbox.BubblewrapSandbox}
 * (namespaces: read-only host, code at {@code /var/task}, private {@code /tmp}, hidden secrets) or
 * falls back to {@link dev.gust.sandbox.ProcessSandbox} (a plain child process), each with {@link
 * dev.gust.sandbox.Cgroups} (v1 or v2: memory, pids and CPU weight per instance) when the host lets
 * us write them, or else an RSS-sampling watchdog. Every host path ({@code /proc}, the cgroup root,
 * bubblewrap) is a constructor parameter, so tests can use fake trees; every privileged operation
 * (cgroup writes, mounts, signals) carries a comment saying why.
 *
 * <p>Threads: processes are started from one long-lived platform thread ({@code
 * gust-sandbox-launcher}, see {@code Launcher}); one daemon thread samples RSS when there are no
 * cgroups; clean-up after an instance exits runs on a virtual thread per instance.
 */
package dev.gust.sandbox;

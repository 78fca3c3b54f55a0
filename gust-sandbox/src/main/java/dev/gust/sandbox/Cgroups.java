package dev.gust.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Control groups for instances: one group per instance, named {@code <groupName>/<instanceId>}
 * under each controller, holding every process of the instance so that it can be limited, measured
 * and killed as a whole.
 *
 * <p>Two implementations: cgroup v2 (one unified tree, {@code memory.max}, {@code cgroup.kill}) and
 * cgroup v1 (one tree per controller, {@code memory.limit_in_bytes}, the freezer). {@link #detect}
 * picks the one whose memory controller is present and writable; the host's cgroup root is a
 * parameter so that tests can point it at a fake tree.
 *
 * <p>Limits per instance: memory as asked (swap may not extend it), {@value #PIDS_MAX} processes
 * (Lambda's quota), and a CPU weight proportional to memory. The weight is relative, not a hard
 * quota: an instance may use idle CPU, so cold starts stay fast, and under contention instances
 * share the CPU in proportion to their memory, as Lambda does (1,769 MB buys one vCPU).
 */
public interface Cgroups {

  /** Lambda's limit on processes and threads per execution environment. */
  int PIDS_MAX = 1024;

  /** The parent group under which Gust creates instance groups, unless told otherwise. */
  String DEFAULT_GROUP = "gust";

  /**
   * Creates and limits the group of one instance. The group is empty: a process joins it by writing
   * its pid to each of {@link Group#joinFiles()}; the sandboxes have a shell do so before it execs
   * the function, so no code of the function ever runs outside the group.
   *
   * @throws IOException when the group cannot be created or limited; nothing is left behind
   */
  Group create(String instanceId, long memoryBytes) throws IOException;

  /**
   * Kills the processes of, and removes, every instance group left under the parent group, such as
   * those of a server that crashed. Call once at start-up, before launching any instance: instance
   * groups of another server using the same group name would be removed too.
   *
   * @return the number of groups removed
   */
  int removeStale();

  /**
   * Kills and removes every instance group, then the parent group itself: for a server shutting
   * down, so that no empty parent groups pile up on the host (cgroup v1 allows 65,535 memory groups
   * in all). Failures are ignored; the next start-up's {@link #removeStale()} retries.
   */
  void removeAll();

  /** One line for the start-up log, such as {@code cgroup v1 (memory, pids, cpu, freezer)}. */
  String describe();

  /**
   * Detects the cgroup version in use under {@code cgroupRoot} (normally {@code /sys/fs/cgroup})
   * and returns it when its memory controller is present and Gust may create groups there, using
   * the parent group {@value #DEFAULT_GROUP}.
   */
  static Optional<Cgroups> detect(Path cgroupRoot) {
    return detect(cgroupRoot, DEFAULT_GROUP);
  }

  /**
   * As {@link #detect(Path)}, with another parent group name: two servers on one host need two
   * names, since {@link #removeStale()} removes every group under the name.
   */
  static Optional<Cgroups> detect(Path cgroupRoot, String groupName) {
    return CgroupDetector.probe(cgroupRoot, groupName).cgroups();
  }

  /** The group of one instance. Thread-safe. */
  interface Group {

    /** The instance id this group was created for. */
    String instanceId();

    /**
     * The files a single-threaded process writes {@code 0} (itself) into to join the group: v1's
     * {@code tasks} in each hierarchy, v2's {@code cgroup.procs}.
     */
    List<Path> joinFiles();

    /** The host pids currently in the group. Empty once the group is removed. */
    Set<Long> pids();

    /** The highest memory use of the group so far, including the page cache it charged. */
    OptionalLong peakMemoryBytes();

    /** True when the kernel's OOM killer killed a process of the group. */
    boolean oomKilled();

    /**
     * Kills every process in the group and waits until the group is empty. Idempotent.
     *
     * @throws IOException when processes remain after the wait, naming them
     */
    void killAll() throws IOException;

    /**
     * Kills what is left, then removes the group's directories; afterwards {@link
     * #peakMemoryBytes()} and {@link #oomKilled()} keep answering with the last values read.
     * Idempotent.
     */
    void remove() throws IOException;
  }
}

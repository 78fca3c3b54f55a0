package dev.gust.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Cgroup v1: one hierarchy per controller under the cgroup root ({@code <root>/memory}, {@code
 * <root>/pids}, ...). An instance gets {@code <root>/<controller>/<group>/<instanceId>} in each
 * controller Gust uses: memory (required), and pids, cpu and freezer when present.
 */
final class CgroupV1 implements Cgroups {

  static final String MEMORY = "memory";
  static final String PIDS = "pids";
  static final String CPU = "cpu";
  static final String FREEZER = "freezer";

  private final Path root;
  private final String groupName;
  private final List<String> controllers;
  private final boolean memsw;

  /**
   * @param root the cgroup root, such as {@code /sys/fs/cgroup}
   * @param groupName the parent group, created beforehand under each controller
   * @param controllers the controllers to use; must start with {@code memory}
   * @param memsw whether the kernel accounts swap ({@code memory.memsw.limit_in_bytes} exists)
   */
  CgroupV1(Path root, String groupName, List<String> controllers, boolean memsw) {
    if (controllers.isEmpty() || !controllers.get(0).equals(MEMORY)) {
      throw new IllegalArgumentException("cgroup v1 needs the memory controller first");
    }
    this.root = root;
    this.groupName = groupName;
    this.controllers = List.copyOf(controllers);
    this.memsw = memsw;
  }

  @Override
  public Group create(String instanceId, long memoryBytes) throws IOException {
    SpecChecks.requireSafeName(instanceId);
    Map<String, Path> dirs = new LinkedHashMap<>();
    try {
      for (String controller : controllers) {
        Path dir = parent(controller).resolve(instanceId);
        // One group per controller: v1 keeps a separate tree for each.
        Files.createDirectory(dir);
        dirs.put(controller, dir);
      }
      Path memory = dirs.get(MEMORY);
      // The instance's memory limit (Lambda's MemorySize); the OOM killer acts beyond it.
      CgroupFs.write(memory.resolve("memory.limit_in_bytes"), Long.toString(memoryBytes));
      if (memsw) {
        // Memory plus swap capped at the same value, so swapping cannot stretch the limit.
        CgroupFs.write(memory.resolve("memory.memsw.limit_in_bytes"), Long.toString(memoryBytes));
      } else {
        // Without swap accounting, at least ask the kernel not to swap this group out.
        CgroupFs.write(memory.resolve("memory.swappiness"), "0");
      }
      if (dirs.containsKey(PIDS)) {
        // Lambda's process quota: stops fork bombs from exhausting the host's pid space.
        CgroupFs.write(dirs.get(PIDS).resolve("pids.max"), Integer.toString(PIDS_MAX));
      }
      if (dirs.containsKey(CPU)) {
        // A relative share, not a quota: idle CPU stays usable, so cold starts stay fast.
        CgroupFs.write(
            dirs.get(CPU).resolve("cpu.shares"), Long.toString(CgroupFs.cpuShares(memoryBytes)));
      }
    } catch (IOException e) {
      CgroupFs.removeQuietly(dirs.values(), e);
      throw new IOException("cannot create cgroup v1 group for " + instanceId + ": " + e, e);
    } catch (RuntimeException e) {
      CgroupFs.removeQuietly(dirs.values(), e);
      throw e;
    }
    return new V1Group(instanceId, dirs);
  }

  @Override
  public int removeStale() {
    int removed = 0;
    for (Path stale : CgroupFs.children(parent(MEMORY))) {
      Map<String, Path> dirs = new LinkedHashMap<>();
      for (String controller : controllers) {
        dirs.put(controller, parent(controller).resolve(stale.getFileName().toString()));
      }
      try {
        new V1Group(stale.getFileName().toString(), dirs).remove();
        removed++;
      } catch (IOException e) {
        // Leave it: the next start-up tries again, and new instances use new names.
      }
    }
    // Leftovers in other controllers whose memory group is already gone.
    for (String controller : controllers.subList(1, controllers.size())) {
      for (Path stale : CgroupFs.children(parent(controller))) {
        try {
          CgroupFs.killPids(CgroupFs.readPids(stale.resolve("cgroup.procs")));
          CgroupFs.awaitEmpty(stale.resolve("cgroup.procs"), true);
          CgroupFs.rmdir(stale);
        } catch (IOException e) {
          // As above.
        }
      }
    }
    return removed;
  }

  @Override
  public void removeAll() {
    removeStale();
    for (String controller : controllers) {
      try {
        // The parent group, empty now: nothing of Gust is left under this controller.
        CgroupFs.rmdir(parent(controller));
      } catch (IOException e) {
        // An instance group is still there (being killed): the next start-up cleans up.
      }
    }
  }

  @Override
  public String describe() {
    return "cgroup v1 at " + root + " (" + String.join(", ", controllers) + ") under " + groupName;
  }

  private Path parent(String controller) {
    return root.resolve(controller).resolve(groupName);
  }

  /** One instance's groups, one directory per controller. */
  private final class V1Group implements Group {
    private final String instanceId;
    private final Map<String, Path> dirs;
    private final ReentrantLock lock = new ReentrantLock();
    private long lastPeak = -1;
    private CgroupCounter peakCounter;
    private boolean lastOom;
    private boolean removed;

    V1Group(String instanceId, Map<String, Path> dirs) {
      this.instanceId = instanceId;
      this.dirs = dirs;
    }

    @Override
    public String instanceId() {
      return instanceId;
    }

    @Override
    public List<Path> joinFiles() {
      // v1's "tasks": writing 0 moves only the writing thread, which skips the kernel's global
      // threadgroup lock and its RCU grace period (~12 ms on the development host, against ~0.1
      // ms); the joining shell is single-threaded, so its whole process moves.
      List<Path> files = new ArrayList<>();
      for (Path dir : dirs.values()) {
        files.add(dir.resolve("tasks"));
      }
      return files;
    }

    @Override
    public Set<Long> pids() {
      return CgroupFs.readPids(memoryProcs());
    }

    @Override
    public OptionalLong peakMemoryBytes() {
      lock.lock();
      try {
        if (!removed) {
          if (peakCounter == null) {
            peakCounter = new CgroupCounter(dirs.get(MEMORY).resolve("memory.max_usage_in_bytes"));
          }
          OptionalLong peak = peakCounter.read();
          if (peak.isPresent()) {
            lastPeak = Math.max(lastPeak, peak.getAsLong());
          }
        }
        return lastPeak < 0 ? OptionalLong.empty() : OptionalLong.of(lastPeak);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public boolean oomKilled() {
      lock.lock();
      try {
        if (!removed && !lastOom) {
          lastOom =
              CgroupFs.readKeyed(dirs.get(MEMORY).resolve("memory.oom_control"), "oom_kill")
                      .orElse(0)
                  > 0;
        }
        return lastOom;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void killAll() throws IOException {
      lock.lock();
      try {
        if (removed) {
          return;
        }
        Path freezer = dirs.get(FREEZER);
        boolean freeze = freezer != null && Files.isDirectory(freezer);
        if (freeze) {
          // Freeze first, so no process can fork a new one while we kill the ones we see.
          CgroupFs.write(freezer.resolve("freezer.state"), "FROZEN");
          awaitFrozen(freezer.resolve("freezer.state"));
        }
        // SIGKILL every process of the instance: the instance is being discarded.
        CgroupFs.killPids(pids());
        if (freeze) {
          // v1 frozen tasks act on SIGKILL only once thawed.
          CgroupFs.write(freezer.resolve("freezer.state"), "THAWED");
        }
        CgroupFs.awaitEmpty(memoryProcs(), true);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void remove() throws IOException {
      lock.lock();
      try {
        if (removed) {
          return;
        }
        killAll();
        peakMemoryBytes();
        oomKilled();
        if (peakCounter != null) {
          peakCounter.close();
        }
        IOException failure = null;
        for (Path dir : dirs.values()) {
          try {
            // Release the kernel's bookkeeping for the instance.
            CgroupFs.rmdir(dir);
          } catch (IOException e) {
            failure = failure == null ? e : failure;
          }
        }
        if (failure != null) {
          throw failure;
        }
        removed = true;
      } finally {
        lock.unlock();
      }
    }

    private Path memoryProcs() {
      return dirs.get(MEMORY).resolve("cgroup.procs");
    }

    private static void awaitFrozen(Path state) throws IOException {
      for (int i = 0; i < 200; i++) {
        String now = Files.exists(state) ? CgroupFs.read(state) : "FROZEN";
        if (now.equals("FROZEN")) {
          return;
        }
        CgroupFs.pause(1);
      }
      // Still FREEZING (a task in uninterruptible sleep): kill anyway and re-kill stragglers.
    }
  }
}

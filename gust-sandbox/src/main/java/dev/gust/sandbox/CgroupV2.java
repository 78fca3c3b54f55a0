package dev.gust.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Cgroup v2: one unified tree. An instance gets {@code <root>/<group>/<instanceId>}, with the
 * controllers that {@link CgroupDetector} enabled in the parent's {@code cgroup.subtree_control}.
 */
final class CgroupV2 implements Cgroups {

  private final Path root;
  private final String groupName;
  private final Set<String> controllers;

  /**
   * @param root the unified hierarchy's root, such as {@code /sys/fs/cgroup}
   * @param groupName the parent group, created beforehand with the controllers enabled
   * @param controllers the controllers enabled for instance groups; must include {@code memory}
   */
  CgroupV2(Path root, String groupName, Set<String> controllers) {
    if (!controllers.contains("memory")) {
      throw new IllegalArgumentException("cgroup v2 needs the memory controller");
    }
    this.root = root;
    this.groupName = groupName;
    this.controllers = Set.copyOf(controllers);
  }

  @Override
  public Group create(String instanceId, long memoryBytes) throws IOException {
    SpecChecks.requireSafeName(instanceId);
    Path dir = parent().resolve(instanceId);
    // The instance's own group: limits, accounting and kill apply to it as a whole.
    Files.createDirectory(dir);
    try {
      // The instance's memory limit (Lambda's MemorySize); the OOM killer acts beyond it.
      CgroupFs.write(dir.resolve("memory.max"), Long.toString(memoryBytes));
      if (Files.exists(parent().resolve("memory.swap.max"))) {
        // No swap at all, so swapping cannot stretch the limit.
        CgroupFs.write(dir.resolve("memory.swap.max"), "0");
      }
      if (Files.exists(parent().resolve("memory.oom.group"))) {
        // An OOM kill takes the whole instance, as Lambda does, not one process at random.
        CgroupFs.write(dir.resolve("memory.oom.group"), "1");
      }
      if (controllers.contains("pids")) {
        // Lambda's process quota: stops fork bombs from exhausting the host's pid space.
        CgroupFs.write(dir.resolve("pids.max"), Integer.toString(PIDS_MAX));
      }
      if (controllers.contains("cpu")) {
        // A relative weight, not cpu.max: idle CPU stays usable, so cold starts stay fast.
        CgroupFs.write(dir.resolve("cpu.weight"), Long.toString(CgroupFs.cpuWeight(memoryBytes)));
      }
    } catch (IOException e) {
      CgroupFs.removeQuietly(List.of(dir), e);
      throw new IOException("cannot create cgroup v2 group for " + instanceId + ": " + e, e);
    } catch (RuntimeException e) {
      CgroupFs.removeQuietly(List.of(dir), e);
      throw e;
    }
    return new V2Group(instanceId, dir);
  }

  @Override
  public int removeStale() {
    int removed = 0;
    for (Path stale : CgroupFs.children(parent())) {
      try {
        new V2Group(stale.getFileName().toString(), stale).remove();
        removed++;
      } catch (IOException e) {
        // Leave it: the next start-up tries again, and new instances use new names.
      }
    }
    return removed;
  }

  @Override
  public void removeAll() {
    removeStale();
    try {
      // The parent group, empty now: nothing of Gust is left in the tree.
      CgroupFs.rmdir(parent());
    } catch (IOException e) {
      // An instance group is still there (being killed): the next start-up cleans up.
    }
  }

  @Override
  public String describe() {
    return "cgroup v2 at "
        + root
        + " ("
        + String.join(", ", new TreeSet<>(controllers))
        + ") under "
        + groupName;
  }

  private Path parent() {
    return root.resolve(groupName);
  }

  /** One instance's group. */
  private static final class V2Group implements Group {
    private final String instanceId;
    private final Path dir;
    private final ReentrantLock lock = new ReentrantLock();
    private long lastPeak = -1;
    private CgroupCounter peakCounter;
    private CgroupCounter currentCounter;
    private boolean lastOom;
    private boolean removed;

    V2Group(String instanceId, Path dir) {
      this.instanceId = instanceId;
      this.dir = dir;
    }

    @Override
    public String instanceId() {
      return instanceId;
    }

    @Override
    public List<Path> joinFiles() {
      return List.of(dir.resolve("cgroup.procs"));
    }

    @Override
    public Set<Long> pids() {
      return CgroupFs.readPids(dir.resolve("cgroup.procs"));
    }

    @Override
    public OptionalLong peakMemoryBytes() {
      lock.lock();
      try {
        if (!removed) {
          // memory.peak needs Linux 5.19; before that, keep the highest memory.current seen.
          if (peakCounter == null) {
            peakCounter = new CgroupCounter(dir.resolve("memory.peak"));
            currentCounter = new CgroupCounter(dir.resolve("memory.current"));
          }
          OptionalLong peak = peakCounter.read();
          if (peak.isEmpty()) {
            peak = currentCounter.read();
          }
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
          lastOom = CgroupFs.readKeyed(dir.resolve("memory.events"), "oom_kill").orElse(0) > 0;
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
        if (removed || !Files.isDirectory(dir)) {
          return;
        }
        Path kill = dir.resolve("cgroup.kill");
        if (Files.exists(kill)) {
          // Linux 5.14+: the kernel SIGKILLs every process of the group, forks included.
          CgroupFs.write(kill, "1");
        } else {
          Path freeze = dir.resolve("cgroup.freeze");
          // Freeze first, so no process can fork a new one while we kill the ones we see.
          CgroupFs.write(freeze, "1");
          awaitFrozen(dir.resolve("cgroup.events"));
          // SIGKILL every process of the instance: the instance is being discarded.
          CgroupFs.killPids(pids());
          // Frozen tasks die of SIGKILL in v2; thawing just keeps the group reusable.
          CgroupFs.write(freeze, "0");
        }
        CgroupFs.awaitEmpty(dir.resolve("cgroup.procs"), true);
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
          currentCounter.close();
        }
        // Release the kernel's bookkeeping for the instance.
        CgroupFs.rmdir(dir);
        removed = true;
      } finally {
        lock.unlock();
      }
    }

    private static void awaitFrozen(Path events) throws IOException {
      for (int i = 0; i < 200; i++) {
        if (CgroupFs.readKeyed(events, "frozen").orElse(1) == 1) {
          return;
        }
        CgroupFs.pause(1);
      }
      // Not frozen yet: kill anyway and re-kill stragglers.
    }
  }
}

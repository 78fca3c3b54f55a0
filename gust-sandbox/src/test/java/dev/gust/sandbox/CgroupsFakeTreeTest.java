package dev.gust.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection and limits of both cgroup versions, against fake trees in a temp directory. */
class CgroupsFakeTreeTest {

  @TempDir Path root;

  @Test
  void detectsV1WhenTheMemoryControllerIsWritableAndUsesOptionalControllersPresent()
      throws Exception {
    fakeV1(true);

    CgroupDetector.Probe probe = CgroupDetector.probe(root, "gust");

    assertTrue(probe.cgroups().isPresent(), probe.problem());
    assertEquals(
        "cgroup v1 at " + root + " (memory, pids, cpu) under gust",
        probe.cgroups().get().describe());
  }

  @Test
  void v1GroupGetsMemorySwapPidsAndCpuLimits() throws Exception {
    fakeV1(true);
    Cgroups cgroups = CgroupDetector.probe(root, "gust").cgroups().orElseThrow();

    Cgroups.Group group = cgroups.create("i-1", 256L << 20);

    Path memory = root.resolve("memory/gust/i-1");
    assertEquals("268435456", Files.readString(memory.resolve("memory.limit_in_bytes")));
    assertEquals("268435456", Files.readString(memory.resolve("memory.memsw.limit_in_bytes")));
    assertEquals("1024", Files.readString(root.resolve("pids/gust/i-1/pids.max")));
    assertEquals("148", Files.readString(root.resolve("cpu/gust/i-1/cpu.shares")));
    assertEquals(
        List.of(
            memory.resolve("tasks"),
            root.resolve("pids/gust/i-1/tasks"),
            root.resolve("cpu/gust/i-1/tasks")),
        group.joinFiles());
  }

  @Test
  void v1WithoutSwapAccountingTurnsSwappinessOff() throws Exception {
    fakeV1(false);
    Cgroups cgroups = CgroupDetector.probe(root, "gust").cgroups().orElseThrow();

    cgroups.create("i-1", 128L << 20);

    Path memory = root.resolve("memory/gust/i-1");
    assertFalse(Files.exists(memory.resolve("memory.memsw.limit_in_bytes")));
    assertEquals("0", Files.readString(memory.resolve("memory.swappiness")));
  }

  @Test
  void v1ReportsPeakOomKillAndPids() throws Exception {
    fakeV1(true);
    Cgroups.Group group =
        CgroupDetector.probe(root, "gust").cgroups().orElseThrow().create("i-1", 128L << 20);
    Path memory = root.resolve("memory/gust/i-1");

    assertFalse(group.oomKilled());
    Files.writeString(memory.resolve("memory.max_usage_in_bytes"), "123456789\n");
    Files.writeString(
        memory.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
    Files.writeString(memory.resolve("cgroup.procs"), "41\n42\n");

    assertEquals(OptionalLong.of(123456789), group.peakMemoryBytes());
    assertTrue(group.oomKilled());
    assertEquals(Set.of(41L, 42L), group.pids());
  }

  @Test
  void detectsV2AndEnablesControllersForItsSubtree() throws Exception {
    fakeV2("cpuset cpu io memory pids");

    CgroupDetector.Probe probe = CgroupDetector.probe(root, "gust");

    assertTrue(probe.cgroups().isPresent(), probe.problem());
    assertEquals(
        "cgroup v2 at " + root + " (cpu, memory, pids) under gust",
        probe.cgroups().get().describe());
    // The fake file keeps only the last write; the kernel would keep all three.
    assertEquals("+cpu", Files.readString(root.resolve("cgroup.subtree_control")));
  }

  @Test
  void v2GroupGetsMemoryNoSwapOomGroupPidsAndCpuWeight() throws Exception {
    fakeV2("cpu memory pids");
    Cgroups cgroups = CgroupDetector.probe(root, "gust").cgroups().orElseThrow();

    Cgroups.Group group = cgroups.create("i-1", 3538L << 20);

    Path dir = root.resolve("gust/i-1");
    assertEquals(Long.toString(3538L << 20), Files.readString(dir.resolve("memory.max")));
    assertEquals("0", Files.readString(dir.resolve("memory.swap.max")));
    assertEquals("1", Files.readString(dir.resolve("memory.oom.group")));
    assertEquals("1024", Files.readString(dir.resolve("pids.max")));
    assertEquals("200", Files.readString(dir.resolve("cpu.weight")));
    assertEquals(List.of(dir.resolve("cgroup.procs")), group.joinFiles());
  }

  @Test
  void v2PeakFallsBackToTheHighestSampledCurrent() throws Exception {
    fakeV2("memory");
    Cgroups.Group group =
        CgroupDetector.probe(root, "gust").cgroups().orElseThrow().create("i-1", 128L << 20);
    Path dir = root.resolve("gust/i-1");

    Files.writeString(dir.resolve("memory.current"), "5000\n");
    assertEquals(OptionalLong.of(5000), group.peakMemoryBytes());
    Files.writeString(dir.resolve("memory.current"), "3000\n");
    assertEquals(OptionalLong.of(5000), group.peakMemoryBytes());
    Files.writeString(dir.resolve("memory.peak"), "9000\n");
    assertEquals(OptionalLong.of(9000), group.peakMemoryBytes());
    Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n");
    assertTrue(group.oomKilled());
  }

  @Test
  void hybridHostWithoutMemoryInTheUnifiedTreeUsesV1() throws Exception {
    fakeV1(true);
    Files.createDirectories(root.resolve("unified"));
    Files.writeString(root.resolve("unified/cgroup.controllers"), "\n");

    CgroupDetector.Probe probe = CgroupDetector.probe(root, "gust");

    assertTrue(probe.cgroups().orElseThrow().describe().startsWith("cgroup v1"));
  }

  @Test
  void reportsWhyThereAreNoCgroups() throws Exception {
    assertEquals(
        "no cgroup memory controller under " + root, CgroupDetector.probe(root, "gust").problem());

    Files.createDirectories(root.resolve("unified"));
    Files.writeString(root.resolve("unified/cgroup.controllers"), "pids\n");
    assertEquals(
        "cgroup v2 at " + root.resolve("unified") + " has no memory controller",
        CgroupDetector.probe(root, "gust").problem());
  }

  @Test
  void reportsAnUnwritableV1MemoryController() throws Exception {
    Files.createDirectories(root.resolve("memory"));
    Files.writeString(root.resolve("memory/memory.limit_in_bytes"), "max");
    Files.writeString(root.resolve("memory/gust"), "a file where the group should go");

    CgroupDetector.Probe probe = CgroupDetector.probe(root, "gust");

    assertTrue(probe.cgroups().isEmpty());
    assertTrue(
        probe.problem().startsWith("cgroup v1 memory controller at " + root.resolve("memory")),
        probe.problem());
  }

  @Test
  void cpuSharesAndWeightsFollowMemory() {
    assertEquals(74, CgroupFs.cpuShares(128L << 20));
    assertEquals(1024, CgroupFs.cpuShares(1769L << 20));
    assertEquals(5928, CgroupFs.cpuShares(10240L << 20));
    assertEquals(7, CgroupFs.cpuWeight(128L << 20));
    assertEquals(100, CgroupFs.cpuWeight(1769L << 20));
    assertEquals(1, CgroupFs.cpuWeight(1L << 20));
  }

  private void fakeV1(boolean memsw) throws Exception {
    for (String controller : List.of("memory", "pids", "cpu")) {
      Files.createDirectories(root.resolve(controller).resolve("gust"));
      Files.writeString(root.resolve(controller).resolve("cgroup.procs"), "1\n");
      Files.writeString(root.resolve(controller).resolve("gust/cgroup.procs"), "");
    }
    Files.writeString(root.resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");
    if (memsw) {
      Files.writeString(root.resolve("memory/gust/memory.memsw.limit_in_bytes"), "max\n");
    }
  }

  private void fakeV2(String controllers) throws Exception {
    Files.writeString(root.resolve("cgroup.controllers"), controllers + "\n");
    Files.writeString(root.resolve("cgroup.subtree_control"), "\n");
    Files.createDirectories(root.resolve("gust"));
    Files.writeString(root.resolve("gust/cgroup.subtree_control"), "\n");
    Files.writeString(root.resolve("gust/cgroup.procs"), "");
    Files.writeString(root.resolve("gust/memory.swap.max"), "max\n");
    Files.writeString(root.resolve("gust/memory.oom.group"), "0\n");
  }
}

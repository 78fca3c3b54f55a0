package dev.gust.sandbox;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Cgroups on the real host, under a test-only parent group; skipped where not writable. */
class CgroupsRealTest {

  @AfterAll
  static void removeTestGroups() {
    Fixtures.removeTestGroups();
  }

  @Test
  void processJoinsItsGroupBeforeRunningTheCommand() throws Exception {
    Cgroups.Group group = Fixtures.cgroups().create(Fixtures.newInstanceId(), 64L << 20);
    try {
      Process process =
          new ProcessBuilder(
                  CgroupJoin.wrap(
                      group.joinFiles(), Map.of(), List.of("/bin/cat", "/proc/self/cgroup")))
              .start();
      String output = new String(process.getInputStream().readAllBytes());
      process.waitFor();

      assertEquals(0, process.exitValue(), output);
      for (Path procs : group.joinFiles()) {
        String relative = procs.getParent().toString();
        assertTrue(
            output
                .lines()
                .anyMatch(line -> relative.endsWith(line.substring(line.lastIndexOf(':') + 1))),
            relative + " not in\n" + output);
      }
    } finally {
      group.remove();
    }
  }

  @Test
  void removeStaleKillsLeftoverProcessesAndRemovesTheirGroups() throws Exception {
    String id = Fixtures.newInstanceId();
    Cgroups.Group group = Fixtures.cgroups().create(id, 64L << 20);
    Process leftover =
        new ProcessBuilder(
                CgroupJoin.wrap(
                    group.joinFiles(),
                    Map.of(),
                    List.of("/bin/sh", "-c", "sleep 1000 & exec sleep 1000")))
            .start();
    awaitMembers(group, 2);

    // A new server start-up: detects the hierarchy again and cleans up.
    int removed = Fixtures.cgroups().removeStale();

    assertTrue(removed >= 1);
    leftover.onExit().get(SandboxContract.HANG_GUARD, SECONDS);
    assertFalse(leftover.isAlive());
    for (Path dir : Fixtures.groupDirs(id)) {
      assertFalse(Files.exists(dir), dir + " still exists");
    }
    assertEquals(Set.of(), group.pids());
  }

  @Test
  void removeAllKillsInstancesAndRemovesTheParentGroup() throws Exception {
    String groupName = Fixtures.GROUP + "-all";
    Cgroups cgroups = CgroupDetector.probe(Fixtures.CGROUP_ROOT, groupName).cgroups().orElseThrow();
    Cgroups.Group group = cgroups.create(Fixtures.newInstanceId(), 64L << 20);
    Process leftover =
        new ProcessBuilder(
                CgroupJoin.wrap(group.joinFiles(), Map.of(), List.of("/bin/sleep", "1000")))
            .start();
    awaitMembers(group, 1);

    cgroups.removeAll();

    leftover.onExit().get(SandboxContract.HANG_GUARD, SECONDS);
    for (Path procs : group.joinFiles()) {
      Path parent = procs.getParent().getParent();
      assertTrue(parent.getFileName().toString().equals(groupName), parent.toString());
      assertFalse(Files.exists(parent), parent + " still exists");
    }
  }

  private static void awaitMembers(Cgroups.Group group, int count) throws InterruptedException {
    long deadline = System.nanoTime() + SECONDS.toNanos(SandboxContract.HANG_GUARD);
    while (group.pids().size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("processes did not join " + group.joinFiles());
      }
      Thread.sleep(5);
    }
  }
}

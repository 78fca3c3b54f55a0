package dev.gust.sandbox;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gust.core.LaunchSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Real host resources for tests: Python, bubblewrap, cgroups under a test-only group name. */
final class Fixtures {

  static final Path PROC = Path.of("/proc");
  static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
  static final Path BWRAP = Path.of("/usr/bin/bwrap");

  /** Not "gust": a server running on this host must not see, or remove, our groups. */
  static final String GROUP = "gust-test-" + UUID.randomUUID().toString().substring(0, 8);

  private static final AtomicInteger IDS = new AtomicInteger();

  private Fixtures() {}

  /** The real interpreter (not a pyenv shim, which is slow and reads the environment). */
  static String python() {
    for (String candidate :
        List.of("/root/.pyenv/versions/3.11.7/bin/python3", "/usr/bin/python3")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    assumeTrue(false, "no python3 found");
    return "";
  }

  static Path bwrap() {
    assumeTrue(Files.isExecutable(BWRAP), "bubblewrap is not installed at " + BWRAP);
    Optional<String> failure =
        Sandboxes.trySandbox(new BubblewrapSandbox(BWRAP, Optional.empty(), PROC, List.of()));
    assumeTrue(failure.isEmpty(), () -> "bubblewrap cannot sandbox here: " + failure.get());
    return BWRAP;
  }

  /** Real cgroups under {@link #GROUP}; skips the test when the host does not allow them. */
  static Cgroups cgroups() {
    CgroupDetector.Probe probe = CgroupDetector.probe(CGROUP_ROOT, GROUP);
    assumeTrue(probe.cgroups().isPresent(), "cgroups not writable: " + probe.problem());
    return probe.cgroups().get();
  }

  /** Removes the test's parent groups (empty by then); called once after all tests. */
  static void removeTestGroups() {
    CgroupDetector.probe(CGROUP_ROOT, GROUP).cgroups().ifPresent(Cgroups::removeAll);
  }

  /** Where the instance's memory group lives (v1) or its only group (v2). */
  static List<Path> groupDirs(String instanceId) {
    return List.of(
        CGROUP_ROOT.resolve("memory").resolve(GROUP).resolve(instanceId),
        CGROUP_ROOT.resolve("pids").resolve(GROUP).resolve(instanceId),
        CGROUP_ROOT.resolve(GROUP).resolve(instanceId));
  }

  static String newInstanceId() {
    return "t" + ProcessHandle.current().pid() + "-" + IDS.incrementAndGet();
  }

  /** A spec with fresh directories under {@code dir} and 128 MB of memory. */
  static LaunchSpec spec(Path dir, List<String> command, Map<String, String> env)
      throws IOException {
    return spec(dir, command, env, 128L << 20, 16L << 20);
  }

  static LaunchSpec spec(
      Path dir, List<String> command, Map<String, String> env, long memory, long tmp)
      throws IOException {
    String id = newInstanceId();
    Path base = Files.createDirectories(dir.resolve(id));
    Path code = Files.createDirectories(base.resolve("code"));
    Path runtime = Files.createDirectories(base.resolve("runtime"));
    Path scratch = Files.createDirectories(base.resolve("scratch"));
    Files.writeString(code.resolve("handler.py"), "print('hello')\n");
    Files.createDirectories(base.resolve("log"));
    return new LaunchSpec(
        id, command, env, code, runtime, scratch, memory, tmp, base.resolve("log/output.log"));
  }
}

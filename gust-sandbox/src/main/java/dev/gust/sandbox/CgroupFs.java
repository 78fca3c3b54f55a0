package dev.gust.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reading and writing cgroup files, shared by both cgroup versions. Every write here changes a
 * kernel limit or membership, so callers say why next to each call.
 */
final class CgroupFs {

  /** How long {@link #awaitEmpty} waits for killed processes to leave a group. */
  static final long EMPTY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** Lambda gives one vCPU at 1,769 MB of memory; CPU weights scale from there. */
  static final long ONE_VCPU_BYTES = 1769L * 1024 * 1024;

  private CgroupFs() {}

  /** v1 {@code cpu.shares}: 1024 (the default, one CPU's worth) at 1,769 MB, in [2, 262144]. */
  static long cpuShares(long memoryBytes) {
    return Math.clamp(Math.round(1024.0 * memoryBytes / ONE_VCPU_BYTES), 2, 262_144);
  }

  /** v2 {@code cpu.weight}: 100 (the default) at 1,769 MB, in [1, 10000]. */
  static long cpuWeight(long memoryBytes) {
    return Math.clamp(Math.round(100.0 * memoryBytes / ONE_VCPU_BYTES), 1, 10_000);
  }

  static void write(Path file, String value) throws IOException {
    // One write(2) per value, as the kernel parses each write separately.
    Files.writeString(file, value);
  }

  static String read(Path file) throws IOException {
    return Files.readString(file).strip();
  }

  static OptionalLong readLong(Path file) {
    try {
      String text = read(file);
      return text.equals("max") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The value of {@code key} in a flat keyed file such as {@code memory.events}. */
  static OptionalLong readKeyed(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 2 && parts[0].equals(key)) {
          return OptionalLong.of(Long.parseLong(parts[1]));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // The group is gone or the kernel does not report this key: nothing to say.
    }
    return OptionalLong.empty();
  }

  /** Pids listed in a {@code cgroup.procs} file; empty when the group no longer exists. */
  static Set<Long> readPids(Path procs) {
    Set<Long> pids = new LinkedHashSet<>();
    try {
      for (String line : Files.readAllLines(procs)) {
        if (!line.isBlank()) {
          pids.add(Long.parseLong(line.trim()));
        }
      }
    } catch (NoSuchFileException e) {
      return Set.of();
    } catch (IOException | NumberFormatException e) {
      return pids;
    }
    return pids;
  }

  /**
   * Sends SIGKILL to each pid. ProcessHandle checks the process start time it recorded, which
   * narrows the window in which a pid could be reused by an unrelated process.
   */
  static void killPids(Set<Long> pids) {
    long self = ProcessHandle.current().pid();
    for (long pid : pids) {
      if (pid != self) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  /** Waits until {@code procs} lists no process, re-killing stragglers, or throws. */
  static void awaitEmpty(Path procs, boolean killStragglers) throws IOException {
    long deadline = System.nanoTime() + EMPTY_TIMEOUT_NANOS;
    long pauseMillis = 1;
    while (true) {
      Set<Long> left = readPids(procs);
      if (left.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "processes " + left + " are still in " + procs.getParent() + " after SIGKILL");
      }
      if (killStragglers) {
        // A process forked between our read and our kill: kill it too.
        killPids(left);
      }
      pause(pauseMillis);
      pauseMillis = Math.min(pauseMillis * 2, 20);
    }
  }

  /**
   * Removes a group directory (rmdir). The kernel refuses while an exiting process still holds it,
   * so this retries briefly. A missing directory is fine: removal is idempotent.
   */
  static void rmdir(Path dir) throws IOException {
    long deadline = System.nanoTime() + EMPTY_TIMEOUT_NANOS;
    long pauseMillis = 1;
    while (true) {
      try {
        Files.deleteIfExists(dir);
        return;
      } catch (DirectoryNotEmptyException e) {
        throw new IOException(dir + " is not a cgroup (it holds files); refusing to remove it", e);
      } catch (FileSystemException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        pause(pauseMillis);
        pauseMillis = Math.min(pauseMillis * 2, 20);
      }
    }
  }

  /** Removes groups made so far after a failure, attaching any error to it. */
  static void removeQuietly(Iterable<Path> dirs, Exception failure) {
    for (Path dir : dirs) {
      try {
        CgroupFs.rmdir(dir);
      } catch (IOException suppressed) {
        failure.addSuppressed(suppressed);
      }
    }
  }

  /** Child directories of {@code dir}: the groups under a parent group. */
  static List<Path> children(Path dir) {
    try (var entries = Files.list(dir)) {
      return entries.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  static void pause(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a cgroup", e);
    }
  }
}

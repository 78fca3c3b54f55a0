package dev.gust.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A process and its descendants, read from procfs. Used when there is no cgroup to list an
 * instance's processes. It follows {@code <proc>/<pid>/task/<tid>/children}, which visits only the
 * tree instead of every process on the host; where the kernel lacks that file it falls back to
 * {@link ProcessHandle#descendants()}.
 *
 * <p>A process whose parent exits is re-parented outside the tree and escapes it: only a cgroup
 * keeps such daemonised processes accountable.
 */
final class ProcessTree {

  private final Path procRoot;

  ProcessTree(Path procRoot) {
    this.procRoot = procRoot;
  }

  /** The pids of {@code root} and its live descendants, root first. */
  List<Long> pids(long root) {
    Set<Long> seen = new LinkedHashSet<>();
    Deque<Long> todo = new ArrayDeque<>();
    todo.add(root);
    while (!todo.isEmpty()) {
      long pid = todo.poll();
      if (!seen.add(pid)) {
        continue;
      }
      Path tasks = procRoot.resolve(pid + "/task");
      if (!Files.isDirectory(tasks)) {
        continue; // exited
      }
      try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
        for (Path thread : threads) {
          Path children = thread.resolve("children");
          if (!Files.exists(children)) {
            return fallback(root);
          }
          for (String child : Files.readString(children).trim().split("\\s+")) {
            if (!child.isEmpty()) {
              todo.add(Long.parseLong(child));
            }
          }
        }
      } catch (IOException | NumberFormatException e) {
        // The process exited while we looked: its children are re-parented, not ours any more.
      }
    }
    return new ArrayList<>(seen);
  }

  /**
   * Resident memory of one process in bytes, from {@code VmRSS} and {@code VmHWM} (its peak) in
   * {@code <proc>/<pid>/status}; zeros once it has exited.
   */
  Rss rss(long pid) {
    long rss = 0;
    long hwm = 0;
    try {
      for (String line : Files.readAllLines(procRoot.resolve(pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kilobytes(line);
        } else if (line.startsWith("VmHWM:")) {
          hwm = kilobytes(line);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return new Rss(0, 0);
    }
    return new Rss(rss, hwm);
  }

  /** Current and peak resident memory of a process, in bytes. */
  record Rss(long current, long peak) {}

  private static long kilobytes(String line) {
    String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
    return Long.parseLong(parts[0]) * 1024;
  }

  private static List<Long> fallback(long root) {
    List<Long> pids = new ArrayList<>();
    pids.add(root);
    ProcessHandle.of(root).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
    return pids;
  }
}

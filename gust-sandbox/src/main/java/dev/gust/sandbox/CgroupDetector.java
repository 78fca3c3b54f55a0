package dev.gust.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a usable cgroup hierarchy: present, with a memory controller, and writable by us. Probing
 * creates the parent group (and on v2 enables controllers for it), since only trying proves that we
 * may.
 */
final class CgroupDetector {

  /** What probing found: the hierarchy to use, or why there is none. */
  record Probe(Optional<Cgroups> cgroups, String problem) {}

  private static final List<String> V2_CONTROLLERS = List.of("memory", "pids", "cpu");

  private CgroupDetector() {}

  static Probe probe(Path root, String groupName) {
    SpecChecks.requireSafeName(groupName);
    List<String> problems = new ArrayList<>();
    // Unified mode mounts v2 at the root; hybrid mode at <root>/unified, usually without memory.
    for (Path v2 : List.of(root, root.resolve("unified"))) {
      Path controllersFile = v2.resolve("cgroup.controllers");
      if (!Files.isRegularFile(controllersFile)) {
        continue;
      }
      Set<String> available = words(controllersFile);
      if (!available.contains("memory")) {
        problems.add("cgroup v2 at " + v2 + " has no memory controller");
        continue;
      }
      try {
        return new Probe(Optional.of(setUpV2(v2, groupName, available)), "");
      } catch (IOException e) {
        problems.add("cgroup v2 at " + v2 + " is not writable (" + e.getMessage() + ")");
      }
    }
    Path memory = root.resolve(CgroupV1.MEMORY);
    if (Files.isRegularFile(memory.resolve("memory.limit_in_bytes"))) {
      try {
        return new Probe(Optional.of(setUpV1(root, groupName)), "");
      } catch (IOException e) {
        problems.add("cgroup v1 memory controller at " + memory + " is not writable (" + e + ")");
      }
    } else if (problems.isEmpty()) {
      problems.add("no cgroup memory controller under " + root);
    }
    return new Probe(Optional.empty(), String.join("; ", problems));
  }

  private static Cgroups setUpV2(Path v2, String groupName, Set<String> available)
      throws IOException {
    Set<String> wanted = new LinkedHashSet<>(V2_CONTROLLERS);
    wanted.retainAll(available);
    Path parent = v2.resolve(groupName);
    // Gust's parent group: instance groups go under it, apart from the rest of the host.
    Files.createDirectories(parent);
    Set<String> enabled = new LinkedHashSet<>();
    for (String controller : wanted) {
      try {
        // A group can use a controller only if its parent enables it for its subtree.
        enable(v2.resolve("cgroup.subtree_control"), controller);
        enable(parent.resolve("cgroup.subtree_control"), controller);
        enabled.add(controller);
      } catch (IOException e) {
        if (controller.equals("memory")) {
          throw new IOException("cannot enable the memory controller for " + parent + ": " + e, e);
        }
        // pids and cpu are optional: describe() shows what is in force.
      }
    }
    requireWritable(parent.resolve("cgroup.procs"));
    return new CgroupV2(v2, groupName, enabled);
  }

  private static void enable(Path subtreeControl, String controller) throws IOException {
    if (!words(subtreeControl).contains(controller)) {
      CgroupFs.write(subtreeControl, "+" + controller);
    }
  }

  private static Cgroups setUpV1(Path root, String groupName) throws IOException {
    List<String> controllers = new ArrayList<>();
    Path memoryParent = root.resolve(CgroupV1.MEMORY).resolve(groupName);
    // Gust's parent group: instance groups go under it, apart from the rest of the host.
    Files.createDirectories(memoryParent);
    requireWritable(memoryParent.resolve("cgroup.procs"));
    controllers.add(CgroupV1.MEMORY);
    for (String optional : List.of(CgroupV1.PIDS, CgroupV1.CPU, CgroupV1.FREEZER)) {
      Path controllerRoot = root.resolve(optional);
      if (!Files.isRegularFile(controllerRoot.resolve("cgroup.procs"))) {
        continue;
      }
      try {
        // Same parent group in the optional controller's tree.
        Files.createDirectories(controllerRoot.resolve(groupName));
        requireWritable(controllerRoot.resolve(groupName).resolve("cgroup.procs"));
        controllers.add(optional);
      } catch (IOException e) {
        // Optional: describe() shows what is in force.
      }
    }
    boolean memsw = Files.exists(memoryParent.resolve("memory.memsw.limit_in_bytes"));
    return new CgroupV1(root, groupName, controllers, memsw);
  }

  private static void requireWritable(Path procs) throws IOException {
    if (!Files.isWritable(procs)) {
      throw new IOException(procs + " is not writable");
    }
  }

  private static Set<String> words(Path file) {
    try {
      String text = Files.readString(file).strip();
      return text.isEmpty() ? Set.of() : new LinkedHashSet<>(List.of(text.split("\\s+")));
    } catch (IOException e) {
      return Set.of();
    }
  }
}

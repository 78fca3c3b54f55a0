package dev.gust.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The seam between the instance pool and the operating system: starts one function instance as
 * an isolated, limited process. Implementations range from a plain child process to namespaces
 * and cgroups; stronger sandboxes (micro-VMs) can come later without touching the pool.
 */
public interface Sandbox {

  /**
   * How the process will see its directories. A sandbox that isolates the file system mounts the
   * code at {@code /var/task} and the runtime at {@code /var/runtime}; one that does not shows the
   * host paths.
   */
  SandboxView view(Path codeDir, Path runtimeDir, Path scratchDir);

  /** Starts a process. Its stdout and stderr go to {@code spec.logFile()}. */
  SandboxedProcess launch(LaunchSpec spec) throws IOException;

  /** One line describing the isolation this sandbox provides, logged at start-up. */
  String describe();
}

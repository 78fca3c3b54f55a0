package dev.gust.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to launch and within which limits.
 *
 * @param instanceId unique id of the instance (used for cgroup and scratch names)
 * @param command the command line, with paths as the sandbox shows them ({@link SandboxView})
 * @param environment the complete environment: nothing is inherited from the server
 * @param codeDir host directory of the unpacked code, shown read-only
 * @param runtimeDir host directory of Gust's bootstrap for the runtime, shown read-only
 * @param scratchDir host directory the sandbox may use for the instance's writable {@code /tmp}
 * @param memoryBytes the memory limit (Lambda's MemorySize)
 * @param tmpBytes the size of the writable {@code /tmp} (Lambda's EphemeralStorage)
 * @param logFile where stdout and stderr of the process are appended
 */
public record LaunchSpec(
    String instanceId,
    List<String> command,
    Map<String, String> environment,
    Path codeDir,
    Path runtimeDir,
    Path scratchDir,
    long memoryBytes,
    long tmpBytes,
    Path logFile) {

  public LaunchSpec {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
  }
}

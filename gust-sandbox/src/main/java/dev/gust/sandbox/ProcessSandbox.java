package dev.gust.sandbox;

import dev.gust.core.LaunchSpec;
import dev.gust.core.Sandbox;
import dev.gust.core.SandboxView;
import dev.gust.core.SandboxedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The fallback sandbox: a plain child process, for hosts without bubblewrap.
 *
 * <p>What it gives: the environment is exactly {@code spec.environment()} plus {@code TMPDIR} (when
 * not given), pointing at a fresh {@code <scratchDir>/tmp} that is deleted on exit; the working
 * directory is the code directory; stdout and stderr are appended to the log file; with cgroups,
 * the same memory, pids and CPU limits as {@link BubblewrapSandbox}.
 *
 * <p>What it does not: no file-system isolation (the function sees host paths, can write its own
 * code directory and read whatever the server's user can, including other functions' code and the
 * registry); no pid namespace; {@code tmpBytes} is not enforced; the function runs with the
 * server's uid and capabilities. Without cgroups, memory is enforced by {@link RssWatchdog}
 * (sampling every 50 ms, so a fast allocation overshoots the limit before the kill) and a kill
 * reaches only the processes still in the tree: a process that daemonises escapes.
 *
 * <p>Launch-to-first-line of {@code python3 -c 'print(1)'} ({@code LaunchLatencyBench}, 2-vCPU VM
 * shared with other builds, 40 runs per variant, interleaved): plain 24-27 ms at p10 and 26-35 ms
 * median, nearly all of it Python's own start-up; with cgroups 36-42 ms p10 and 44-50 ms median.
 * The cgroup's extra 10-15 ms is the kernel's cgroup migration, see {@link CgroupJoin}; creating
 * and removing the group cost under 1 ms and 1-2 ms.
 */
public final class ProcessSandbox implements Sandbox {

  private final Optional<Cgroups> cgroups;
  private final ProcessTree tree;
  private final TcpConnections connections;

  /**
   * @param cgroups where to create instance groups; empty to enforce memory by sampling RSS
   * @param procRoot the host's procfs, normally {@code /proc}
   */
  public ProcessSandbox(Optional<Cgroups> cgroups, Path procRoot) {
    this.cgroups = cgroups;
    this.tree = new ProcessTree(procRoot);
    this.connections = new TcpConnections(procRoot);
  }

  /** Host paths; the tmp directory is {@code <scratchDir>/tmp}, so use one scratch per instance. */
  @Override
  public SandboxView view(Path codeDir, Path runtimeDir, Path scratchDir) {
    return new SandboxView(
        codeDir.toString(), runtimeDir.toString(), tmpDir(scratchDir).toString());
  }

  @Override
  public SandboxedProcess launch(LaunchSpec spec) throws IOException {
    SpecChecks.validate(spec);
    Path tmp = tmpDir(spec.scratchDir());
    deleteTree(tmp); // left by an instance that used the same scratch directory
    Files.createDirectories(tmp);
    Optional<Cgroups.Group> group = Optional.empty();
    try {
      if (cgroups.isPresent()) {
        group = Optional.of(cgroups.get().create(spec.instanceId(), spec.memoryBytes()));
      }
      List<String> command =
          group.isPresent()
              ? CgroupJoin.wrap(group.get().joinFiles(), spec.environment(), spec.command())
              : spec.command();
      ProcessBuilder builder = new ProcessBuilder(command).directory(spec.codeDir().toFile());
      Map<String, String> env = builder.environment();
      // Nothing of the server's environment (credentials, config) reaches the function.
      env.clear();
      env.putAll(spec.environment());
      env.putIfAbsent("TMPDIR", tmp.toString());
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
      builder.redirectErrorStream(true);
      Process process = Launcher.start(builder);
      process.getOutputStream().close(); // stdin: end of file
      return new HostProcess(
          spec.instanceId(),
          process,
          group,
          tree,
          connections,
          spec.memoryBytes(),
          () -> deleteTree(tmp));
    } catch (IOException | RuntimeException e) {
      if (group.isPresent()) {
        try {
          group.get().remove();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      deleteTree(tmp);
      throw e;
    }
  }

  @Override
  public String describe() {
    return "plain processes (no file-system isolation: functions can read the host's files and"
        + " write their code directory), "
        + RssWatchdog.limitsBy(cgroups);
  }

  private static Path tmpDir(Path scratchDir) {
    return scratchDir.resolve("tmp");
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}

package dev.gust.sandbox;

import dev.gust.core.LaunchSpec;
import dev.gust.core.Sandbox;
import dev.gust.core.SandboxView;
import dev.gust.core.SandboxedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Instances in bubblewrap ({@code bwrap}): Linux namespaces set up by a small, audited tool, apart
 * from the workload, the way Firecracker's jailer prepares a micro-VM.
 *
 * <p>What the function sees: the host's file system read-only; its code read-only at {@code
 * /var/task} and Gust's bootstrap at {@code /var/runtime}, on an otherwise empty read-only {@code
 * /var} (with {@code /var/run} and {@code /var/lock} pointing into {@code /run} as on Debian); a
 * fresh {@code /tmp} tmpfs of {@code tmpBytes}; a minimal {@code /dev}; its own {@code /proc} and
 * pid, IPC and UTS namespaces (it sees only its own processes); an empty read-only tmpfs over each
 * hidden directory and an unopenable node over each hidden file (the server's data directory,
 * {@code ~/.aws}, {@code ~/.ssh}...), so it cannot read the registry, other functions' code or the
 * server's credentials. The network namespace is the host's: the runtime must reach the Runtime API
 * on 127.0.0.1; {@link SandboxedProcess#ownsConnection} keeps instances from answering for each
 * other.
 *
 * <p>Privileges: the process keeps the server's uid (root when Gust runs as root) but no
 * capabilities: {@code --cap-drop ALL} empties the effective, permitted, inheritable and ambient
 * sets, and bubblewrap sets {@code no_new_privs}, so no exec (setuid or root) can regain any. It
 * can still read files that are readable by the server's uid and not hidden, and connect to sockets
 * on the host's loopback and in {@code /run}.
 *
 * <p>Limits: with cgroups, bwrap itself joins the instance's group before it starts (see {@link
 * CgroupJoin}), so everything inside is limited, measured and killed as one; without, memory is
 * enforced by {@link RssWatchdog}. {@code /tmp} is tmpfs: its files are RAM and count against the
 * instance's memory limit, unlike Lambda's disk-backed {@code /tmp}.
 *
 * <p>Lifetime: {@code --die-with-parent} kills the sandbox when the server dies, which is why
 * processes are started from {@link Launcher}'s long-lived thread.
 *
 * <p>Cost, launch-to-first-line of {@code python3 -c 'print(1)'} ({@code LaunchLatencyBench}, same
 * host and method as in {@link ProcessSandbox}): 28-31 ms at p10 (32-48 ms median) against 24-27 ms
 * for a plain process, so bwrap and the inner shell add 3-4 ms; with cgroups 37-43 ms p10 (46-70 ms
 * median), the extra being the kernel's cgroup migration (see {@link CgroupJoin}).
 */
public final class BubblewrapSandbox implements Sandbox {

  static final String TASK = "/var/task";
  static final String RUNTIME = "/var/runtime";
  static final String TMP = "/tmp";

  /** Paths the sandbox replaces anyway, so hiding a path under them needs no mount. */
  private static final List<String> REPLACED = List.of("/var", "/tmp", "/proc", "/dev");

  private final Path bwrap;
  private final Optional<Cgroups> cgroups;
  private final List<Path> hiddenPaths;
  private final ProcessTree tree;
  private final TcpConnections connections;

  /**
   * @param bwrap the bubblewrap executable, such as {@code /usr/bin/bwrap}
   * @param cgroups where to create instance groups; empty to enforce memory by sampling RSS
   * @param procRoot the host's procfs, normally {@code /proc}
   * @param hiddenPaths absolute host paths to hide; those that do not exist are ignored
   */
  public BubblewrapSandbox(
      Path bwrap, Optional<Cgroups> cgroups, Path procRoot, List<Path> hiddenPaths) {
    for (Path hidden : hiddenPaths) {
      if (!hidden.isAbsolute()) {
        throw new IllegalArgumentException("hidden path " + hidden + " must be absolute");
      }
    }
    this.bwrap = bwrap;
    this.cgroups = cgroups;
    this.hiddenPaths = hiddenPaths.stream().map(Path::normalize).toList();
    this.tree = new ProcessTree(procRoot);
    this.connections = new TcpConnections(procRoot);
  }

  @Override
  public SandboxView view(Path codeDir, Path runtimeDir, Path scratchDir) {
    return new SandboxView(TASK, RUNTIME, TMP);
  }

  @Override
  public SandboxedProcess launch(LaunchSpec spec) throws IOException {
    SpecChecks.validate(spec);
    Optional<Cgroups.Group> group = Optional.empty();
    try {
      if (cgroups.isPresent()) {
        group = Optional.of(cgroups.get().create(spec.instanceId(), spec.memoryBytes()));
      }
      List<String> sandboxed = command(spec);
      List<String> command =
          group.isPresent()
              ? CgroupJoin.wrap(group.get().joinFiles(), spec.environment(), sandboxed)
              : sandboxed;
      ProcessBuilder builder = new ProcessBuilder(command).directory(spec.codeDir().toFile());
      // Nothing of the server's environment (credentials, config) reaches the function; bwrap
      // passes this environment through to the command.
      builder.environment().clear();
      builder.environment().putAll(spec.environment());
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
      builder.redirectErrorStream(true);
      Process process = Launcher.start(builder);
      process.getOutputStream().close(); // stdin: end of file
      return new HostProcess(
          spec.instanceId(), process, group, tree, connections, spec.memoryBytes(), () -> {});
    } catch (IOException | RuntimeException e) {
      if (group.isPresent()) {
        try {
          group.get().remove();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  @Override
  public String describe() {
    String isolation =
        "bubblewrap (read-only host file system, code at /var/task, private /tmp,"
            + " own pid/ipc/uts namespaces, no capabilities, %d hidden paths)";
    return isolation.formatted(hiddenPaths.size()) + ", " + RssWatchdog.limitsBy(cgroups);
  }

  /** The bwrap command line for {@code spec}, up to and including the function's command. */
  List<String> command(LaunchSpec spec) {
    List<String> args = new ArrayList<>();
    args.add(bwrap.toString());
    // The host, read-only: the runtime's interpreters and libraries, nothing writable.
    add(args, "--ro-bind", "/", "/");
    // /var/task and /var/runtime do not exist on the host: mount them on an empty /var.
    add(args, "--perms", "0755", "--size", "1048576", "--tmpfs", "/var");
    add(args, "--ro-bind", spec.codeDir().toString(), TASK);
    add(args, "--ro-bind", spec.runtimeDir().toString(), RUNTIME);
    add(args, "--symlink", "../run", "/var/run");
    add(args, "--symlink", "../run/lock", "/var/lock");
    add(args, "--remount-ro", "/var");
    // The instance's writable scratch space, sized like Lambda's ephemeral storage.
    add(args, "--perms", "1777", "--size", Long.toString(spec.tmpBytes()), "--tmpfs", TMP);
    for (Path hidden : hiddenPaths) {
      hide(args, hidden);
    }
    add(args, "--dev", "/dev", "--proc", "/proc");
    // Own pids (cannot signal or ptrace the host's processes), IPC objects and hostname.
    add(args, "--unshare-pid", "--unshare-ipc", "--unshare-uts");
    // Killed with the server; a new session so it cannot inject input into our terminal.
    add(args, "--die-with-parent", "--new-session");
    // As root bwrap keeps every capability unless told otherwise.
    add(args, "--cap-drop", "ALL");
    add(args, "--chdir", TASK);
    args.add("--");
    // bwrap exports PWD; the environment must be exactly what was asked for.
    args.addAll(CgroupJoin.exactPwd(spec.environment(), spec.command()));
    return args;
  }

  private static void hide(List<String> args, Path hidden) {
    String path = hidden.toString();
    for (String replaced : REPLACED) {
      if (hidden.startsWith(replaced)) {
        return;
      }
    }
    if (Files.isDirectory(hidden)) {
      // An empty, read-only directory in its place.
      add(args, "--size", "4096", "--tmpfs", path, "--remount-ro", path);
    } else if (Files.exists(hidden)) {
      // A file: /dev/null in its place, which the sandbox's nodev mounts make unopenable.
      add(args, "--ro-bind", "/dev/null", path);
    }
  }

  private static void add(List<String> args, String... more) {
    args.addAll(List.of(more));
  }
}

package dev.gust.sandbox;

import dev.gust.core.SandboxedProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An instance process started by {@link ProcessSandbox} or {@link BubblewrapSandbox}: the host
 * process Gust started (the function itself, or {@code bwrap} around it), with its cgroup when
 * there is one and its RSS watchdog when there is not.
 *
 * <p>Exit status: Java reports {@code 128+n} for a process killed by signal n, and so do {@code
 * bwrap} (for the command inside it) and {@code sh}; the status therefore maps back to signal
 * {@code n} whenever it is in 129..192. A function that calls {@code exit(137)} is reported as
 * killed by signal 9: no wrapper can tell the two apart. When the memory cgroup (or the watchdog)
 * killed the instance, the exit is {@code (137, 9, oomKilled=true)}.
 *
 * <p>{@link #ownsConnection} reads the descriptors of the instance's processes, then the kernel's
 * socket tables; see {@link TcpConnections} for what it costs (milliseconds, once per accepted
 * connection; Gust's runtimes keep one connection open for the instance's life).
 */
final class HostProcess implements SandboxedProcess {

  private static final System.Logger LOG = System.getLogger(HostProcess.class.getName());

  /** Clean-up after exit waits for the kernel; it runs on its own virtual thread. */
  private static final ExecutorService CLEANUP =
      Executors.newThreadPerTaskExecutor(
          Thread.ofVirtual().name("gust-instance-exit-", 0).factory());

  private final String instanceId;
  private final Process process;
  private final Optional<Cgroups.Group> group;
  private final ProcessTree tree;
  private final TcpConnections connections;
  private final Optional<RssWatchdog> watchdog;
  private final Runnable afterExit;
  private final AtomicBoolean killed = new AtomicBoolean();
  private final CompletableFuture<Exit> exit = new CompletableFuture<>();

  /**
   * @param group the instance's cgroup, already holding the process, or empty
   * @param memoryLimit enforced by sampling RSS when there is no group
   * @param afterExit releases what the sandbox made for the instance (its tmp directory)
   */
  HostProcess(
      String instanceId,
      Process process,
      Optional<Cgroups.Group> group,
      ProcessTree tree,
      TcpConnections connections,
      long memoryLimit,
      Runnable afterExit) {
    this.instanceId = instanceId;
    this.process = process;
    this.group = group;
    this.tree = tree;
    this.connections = connections;
    this.afterExit = afterExit;
    this.watchdog =
        group.isPresent()
            ? Optional.empty()
            : Optional.of(new RssWatchdog(tree, process.pid(), memoryLimit, this::killTree));
    watchdog.ifPresent(RssWatchdog::start);
    process.onExit().whenCompleteAsync((p, failure) -> finish(), CLEANUP);
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public CompletableFuture<Exit> onExit() {
    return exit.copy();
  }

  @Override
  public boolean ownsConnection(InetSocketAddress local, InetSocketAddress remote) {
    // The instance must hold the client end: the socket whose own address is `remote`.
    return connections.heldByAny(pids(), local, remote);
  }

  @Override
  public OptionalLong peakMemoryBytes() {
    if (group.isPresent()) {
      return group.get().peakMemoryBytes();
    }
    return watchdog.map(RssWatchdog::peak).orElse(OptionalLong.empty());
  }

  @Override
  public boolean oomKilled() {
    return group.map(Cgroups.Group::oomKilled).orElse(false)
        || watchdog.map(RssWatchdog::exceeded).orElse(false);
  }

  @Override
  public void kill() {
    if (killed.compareAndSet(false, true)) {
      killTree();
    }
  }

  @Override
  public String toString() {
    return "instance " + instanceId + " (pid " + process.pid() + ")";
  }

  private Collection<Long> pids() {
    if (group.isPresent()) {
      return group.get().pids();
    }
    return process.isAlive() ? tree.pids(process.pid()) : List.of();
  }

  /** SIGKILLs every process of the instance. Runs at most once per reason; cheap when dead. */
  private void killTree() {
    if (group.isPresent()) {
      try {
        group.get().killAll();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "killing " + this + " left processes behind", e);
      }
      process.destroyForcibly(); // in the group, so normally dead already
    } else {
      // Without a cgroup: kill the descendants while their parent still holds them in the tree,
      // then the root. A process forked in between by a dying child escapes (re-parented).
      for (int pass = 0; pass < 10 && process.isAlive(); pass++) {
        List<Long> pids = tree.pids(process.pid());
        if (pids.size() <= 1) {
          break;
        }
        CgroupFs.killPids(new LinkedHashSet<>(pids.subList(1, pids.size())));
      }
      // SIGKILL the root; under bwrap this also ends its pid namespace, so nothing escapes.
      process.destroyForcibly();
    }
  }

  /** After the process exited: releases everything, then completes {@link #onExit()}. */
  private void finish() {
    watchdog.ifPresent(RssWatchdog::stop);
    int code = process.exitValue();
    if (group.isPresent()) {
      try {
        // Kills what the main process left behind, records peak and OOM, removes the group.
        group.get().remove();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot remove the cgroup of " + this, e);
      }
    }
    try {
      afterExit.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot clean up after " + this, e);
    }
    int signal = code > 128 && code <= 128 + 64 ? code - 128 : 0;
    exit.complete(new Exit(code, signal, oomKilled()));
  }
}

package dev.gust.sandbox;

import dev.gust.core.LaunchSpec;
import dev.gust.core.Sandbox;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Chooses the strongest sandbox this host supports: bubblewrap with cgroups when possible, and
 * otherwise degrades, saying in one warning line per missing piece what is lost and how to fix it.
 * Both pieces are tried for real (a throw-away sandbox, the parent cgroup), not guessed.
 */
public final class Sandboxes {

  /**
   * The host paths Gust probes, injectable so that tests can use fake trees.
   *
   * @param cgroupRoot normally {@code /sys/fs/cgroup}
   * @param procRoot normally {@code /proc}
   * @param bwrapCandidates where to look for bubblewrap, first match wins
   */
  public record Host(Path cgroupRoot, Path procRoot, List<Path> bwrapCandidates) {
    public Host {
      bwrapCandidates = List.copyOf(bwrapCandidates);
    }

    /**
     * The usual Linux paths: {@code /usr/bin/bwrap}, then {@code bwrap} in each directory of {@code
     * searchPath} (the server passes its {@code PATH}).
     */
    public static Host linux(String searchPath) {
      List<Path> candidates = new ArrayList<>();
      candidates.add(Path.of("/usr/bin/bwrap"));
      for (String dir : searchPath.split(File.pathSeparator)) {
        if (!dir.isBlank() && Path.of(dir).isAbsolute()) {
          candidates.add(Path.of(dir, "bwrap"));
        }
      }
      return new Host(Path.of("/sys/fs/cgroup"), Path.of("/proc"), candidates);
    }
  }

  private final Sandbox sandbox;
  private final Optional<Cgroups> cgroups;

  private Sandboxes(Sandbox sandbox, Optional<Cgroups> cgroups) {
    this.sandbox = sandbox;
    this.cgroups = cgroups;
  }

  /**
   * Detects what the host supports and builds the sandbox.
   *
   * @param hiddenPaths host paths functions must not see: the server's data directory and
   *     secret-bearing directories such as {@code ~/.aws} and {@code ~/.ssh}
   * @param warnings receives one line per missing piece of isolation
   */
  public static Sandboxes detect(Host host, List<Path> hiddenPaths, Consumer<String> warnings) {
    return detect(host, Cgroups.DEFAULT_GROUP, hiddenPaths, warnings);
  }

  /** As {@link #detect(Host, List, Consumer)}, with another parent cgroup name. */
  public static Sandboxes detect(
      Host host, String groupName, List<Path> hiddenPaths, Consumer<String> warnings) {
    CgroupDetector.Probe probe = CgroupDetector.probe(host.cgroupRoot(), groupName);
    Optional<Cgroups> cgroups = probe.cgroups();
    Optional<Path> bwrap = host.bwrapCandidates().stream().filter(Files::isExecutable).findFirst();
    Sandbox sandbox;
    if (bwrap.isEmpty()) {
      warnings.accept(
          "bubblewrap not found (looked for "
              + describeCandidates(host.bwrapCandidates())
              + "): functions run as plain processes that can read the host's files, write"
              + " their code directory and see each other's /tmp; install it with"
              + " `apt-get install bubblewrap`");
      sandbox = new ProcessSandbox(cgroups, host.procRoot());
    } else {
      BubblewrapSandbox candidate =
          new BubblewrapSandbox(bwrap.get(), cgroups, host.procRoot(), hiddenPaths);
      Optional<String> failure = trySandbox(candidate);
      if (failure.isPresent()) {
        warnings.accept(
            "bubblewrap at "
                + bwrap.get()
                + " cannot create a sandbox ("
                + failure.get()
                + "): functions run as plain processes that can read the host's files, write"
                + " their code directory and see each other's /tmp; run Gust as root (or enable"
                + " unprivileged user namespaces) and use bubblewrap 0.5 or newer");
        sandbox = new ProcessSandbox(cgroups, host.procRoot());
      } else {
        sandbox = candidate;
      }
    }
    if (cgroups.isEmpty()) {
      warnings.accept(
          "cgroups not writable ("
              + probe.problem()
              + "): memory limits are enforced by sampling RSS every 50 ms, and there are no"
              + " pids or CPU limits; run Gust as root on a host with the cgroup memory"
              + " controller (cgroup v2, or v1 mounted at "
              + host.cgroupRoot().resolve("memory")
              + ")");
    }
    return new Sandboxes(sandbox, cgroups);
  }

  /** The chosen sandbox. */
  public Sandbox sandbox() {
    return sandbox;
  }

  /** The cgroup hierarchy in use, if any. */
  public Optional<Cgroups> cgroups() {
    return cgroups;
  }

  /**
   * Kills and removes instance cgroups left by a previous server that crashed. Call once at
   * start-up, before the first launch.
   *
   * @return how many were removed
   */
  public int removeStaleInstances() {
    return cgroups.map(Cgroups::removeStale).orElse(0);
  }

  /**
   * Kills every instance left and removes Gust's cgroups, parent group included. Call when the
   * server shuts down, after its instances were stopped.
   */
  public void removeAll() {
    cgroups.ifPresent(Cgroups::removeAll);
  }

  /** One line saying what is in force, for the start-up log. */
  public String describe() {
    return sandbox.describe();
  }

  /** Runs {@code /bin/true} in a throw-away sandbox; the failure message, if it fails. */
  static Optional<String> trySandbox(BubblewrapSandbox sandbox) {
    Path dir = Path.of("/usr"); // any directory will do; it is only bound, not used
    LaunchSpec probe =
        new LaunchSpec(
            "probe",
            List.of("/bin/true"),
            Map.of(),
            dir,
            dir,
            dir,
            64L << 20,
            1L << 20,
            Path.of("/dev/null"));
    ProcessBuilder builder = new ProcessBuilder(sandbox.command(probe)).redirectErrorStream(true);
    builder.environment().clear();
    try {
      Process process = Launcher.start(builder);
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.of("a trial sandbox did not finish within 10 s");
      }
      if (process.exitValue() != 0) {
        String text = new String(output, StandardCharsets.UTF_8).strip();
        return Optional.of(
            text.isEmpty() ? "exit status " + process.exitValue() : text.lines().findFirst().get());
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  private static String describeCandidates(List<Path> candidates) {
    if (candidates.size() <= 2) {
      return String.join(" and ", candidates.stream().map(Path::toString).toList());
    }
    return candidates.get(0) + " and bwrap on PATH";
  }
}

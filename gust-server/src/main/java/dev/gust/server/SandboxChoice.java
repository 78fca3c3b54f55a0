package dev.gust.server;

import dev.gust.core.Sandbox;
import dev.gust.sandbox.ProcessSandbox;
import dev.gust.sandbox.Sandboxes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the sandbox from configuration and what the host offers, and hides the server's data
 * directory and the user's credential directories from functions.
 */
final class SandboxChoice {
  private static final System.Logger LOG = System.getLogger("gust.sandbox");

  /** Files and directories under the home that hold credentials a function must never read. */
  private static final List<String> SECRET_DIRS =
      List.of(
          ".aws", ".ssh", ".gnupg", ".docker", ".kube", ".config/gcloud", ".azure", ".config/gh",
          ".netrc", ".git-credentials", ".npmrc", ".pypirc", ".m2/settings.xml",
          ".m2/settings-security.xml", ".bash_history", ".zsh_history", ".python_history",
          ".psql_history", ".pgpass", ".my.cnf");

  /** Sockets that would give a (root) function control of the host. */
  private static final List<String> HOST_SOCKETS =
      List.of("/run/docker.sock", "/var/run/docker.sock", "/run/containerd/containerd.sock",
          "/run/podman/podman.sock");

  private final Sandboxes found;
  private final Sandbox chosen;

  private SandboxChoice(Sandboxes found, Sandbox chosen) {
    this.found = found;
    this.chosen = chosen;
  }

  Sandbox sandbox() {
    return chosen;
  }

  /** Kills what is left and removes this server's cgroups. */
  void close() {
    found.removeAll();
  }

  static SandboxChoice choose(ServerConfig config, Path dataDir) {
    List<Path> hidden = new ArrayList<>();
    hidden.add(dataDir);
    Path home = Path.of(System.getProperty("user.home"));
    for (String d : SECRET_DIRS) {
      if (Files.exists(home.resolve(d))) {
        hidden.add(home.resolve(d));
      }
    }
    for (String s : HOST_SOCKETS) {
      if (Files.exists(Path.of(s))) {
        hidden.add(Path.of(s));
      }
    }
    Sandboxes.Host host =
        Sandboxes.Host.linux(Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin"));
    List<String> warnings = new ArrayList<>();
    // One cgroup parent per data directory, so that two servers on one host never reap each
    // other's instances when they clean up after a crash.
    Sandboxes found = Sandboxes.detect(host, "gust-" + digest(dataDir), hidden, warnings::add);
    int stale = found.removeStaleInstances();
    if (stale > 0) {
      LOG.log(System.Logger.Level.INFO, "removed " + stale + " instance cgroups left by a previous run");
    }
    Sandbox chosen =
        switch (config.sandbox()) {
          case "process" -> new ProcessSandbox(found.cgroups(), host.procRoot());
          case "bubblewrap" -> {
            if (found.sandbox() instanceof ProcessSandbox) {
              throw new IllegalArgumentException(
                  "--sandbox bubblewrap was requested but is unavailable: " + String.join("; ", warnings));
            }
            yield found.sandbox();
          }
          default -> found.sandbox();
        };
    for (String w : warnings) {
      System.err.println("warning: " + w);
    }
    return new SandboxChoice(found, chosen);
  }

  private static String digest(Path dataDir) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest(dataDir.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

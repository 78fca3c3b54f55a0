package dev.gust.sandbox;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gust.core.LaunchSpec;
import dev.gust.core.Sandbox;
import dev.gust.core.SandboxedProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measurements, not assertions. Surefire does not pick this class up by name; run it with {@code
 * mvn -pl gust-sandbox test -Dtest=LaunchLatencyBench -Dgust.bench=true}. Launch-to-first-line is
 * timed from {@code launch()} to the first line read from the log file, which is a FIFO here so the
 * reader sees the line the moment it is written. Variants run round-robin so that load from other
 * processes on the host hits each alike.
 */
class LaunchLatencyBench {

  private static final int WARM_UP = 5;
  private static final int RUNS = 40;

  @TempDir Path dir;

  @AfterAll
  static void removeTestGroups() {
    Fixtures.removeTestGroups();
  }

  @Test
  void launchToFirstLine() throws Exception {
    assumeTrue(Boolean.getBoolean("gust.bench"), "set -Dgust.bench=true to measure");
    Path bwrap = Fixtures.bwrap();
    Cgroups cgroups = Fixtures.cgroups();
    Cgroups memoryOnly =
        new CgroupV1(Fixtures.CGROUP_ROOT, Fixtures.GROUP, List.of("memory"), true);
    Map<String, Sandbox> sandboxes = new LinkedHashMap<>();
    sandboxes.put("ProcessSandbox", new ProcessSandbox(Optional.empty(), Fixtures.PROC));
    sandboxes.put("ProcessSandbox+cgroup", new ProcessSandbox(Optional.of(cgroups), Fixtures.PROC));
    sandboxes.put(
        "ProcessSandbox+memory cgroup only",
        new ProcessSandbox(Optional.of(memoryOnly), Fixtures.PROC));
    sandboxes.put(
        "BubblewrapSandbox",
        new BubblewrapSandbox(bwrap, Optional.empty(), Fixtures.PROC, List.of()));
    sandboxes.put(
        "BubblewrapSandbox+cgroup",
        new BubblewrapSandbox(bwrap, Optional.of(cgroups), Fixtures.PROC, List.of()));
    // Round-robin, so that load from other processes on the host hits every variant alike.
    Map<String, List<Double>> millis = new LinkedHashMap<>();
    for (int i = 0; i < WARM_UP + RUNS; i++) {
      for (var entry : sandboxes.entrySet()) {
        double ms = once(entry.getValue());
        if (i >= WARM_UP) {
          millis.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(ms);
        }
      }
    }
    millis.forEach(LaunchLatencyBench::report);
  }

  @Test
  void ownsConnectionCost() throws Exception {
    assumeTrue(Boolean.getBoolean("gust.bench"), "set -Dgust.bench=true to measure");
    Sandbox sandbox =
        new BubblewrapSandbox(
            Fixtures.bwrap(), Optional.of(Fixtures.cgroups()), Fixtures.PROC, List.of());
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      String connect =
          "import socket, sys, time\n"
              + "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))\n"
              + "s.sendall(b'hi\\n')\n"
              + "time.sleep(1000)\n";
      SandboxedProcess process =
          sandbox.launch(
              Fixtures.spec(
                  dir,
                  List.of(
                      Fixtures.python(), "-c", connect, Integer.toString(server.getLocalPort())),
                  Map.of()));
      try (Socket socket = server.accept()) {
        new BufferedReader(new InputStreamReader(socket.getInputStream())).readLine();
        var local = (InetSocketAddress) socket.getLocalSocketAddress();
        var remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        for (int i = 0; i < 200; i++) {
          process.ownsConnection(local, remote);
        }
        int n = 500;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
          process.ownsConnection(local, remote);
        }
        long owned = System.nanoTime() - start;
        long foreign;
        try (Socket ours = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            Socket accepted = server.accept()) {
          var theirs = (InetSocketAddress) accepted.getRemoteSocketAddress();
          start = System.nanoTime();
          for (int i = 0; i < n; i++) {
            process.ownsConnection(local, theirs);
          }
          foreign = System.nanoTime() - start;
        }
        var stranger = new InetSocketAddress("127.0.0.1", 1);
        start = System.nanoTime();
        for (int i = 0; i < n; i++) {
          process.ownsConnection(local, stranger);
        }
        long unknown = System.nanoTime() - start;
        System.out.printf(
            "ownsConnection: %.0f us when owned, %.0f us for another process's connection,"
                + " %.0f us for a closed one%n",
            owned / 1000.0 / n, foreign / 1000.0 / n, unknown / 1000.0 / n);
      } finally {
        process.kill();
        process.onExit().get(60, SECONDS);
      }
    }
  }

  @Test
  void cgroupJoinCost() throws Exception {
    assumeTrue(Boolean.getBoolean("gust.bench"), "set -Dgust.bench=true to measure");
    Cgroups cgroups = Fixtures.cgroups();
    Map<String, List<Double>> millis = new LinkedHashMap<>();
    for (int i = 0; i < WARM_UP + RUNS; i++) {
      for (int joined : List.of(0, 1, 4)) {
        // An idle pause, as between real launches: the kernel's cost depends on it.
        Thread.sleep(50);
        Cgroups.Group group = cgroups.create(Fixtures.newInstanceId(), 128L << 20);
        long start = System.nanoTime();
        Process process =
            new ProcessBuilder(
                    CgroupJoin.wrap(
                        group.joinFiles().subList(0, Math.min(joined, group.joinFiles().size())),
                        Map.of(),
                        List.of("/bin/true")))
                .start();
        process.waitFor();
        double ms = (System.nanoTime() - start) / 1e6;
        group.remove();
        if (i >= WARM_UP) {
          millis
              .computeIfAbsent("sh, joining " + joined + " groups", k -> new ArrayList<>())
              .add(ms);
        }
      }
    }
    millis.forEach(LaunchLatencyBench::report);
  }

  private static void report(String name, List<Double> millis) {
    Collections.sort(millis);
    System.out.printf(
        "%-34s median %6.2f ms  p10 %6.2f  p90 %6.2f  (n=%d)%n",
        name, millis.get(RUNS / 2), millis.get(RUNS / 10), millis.get(RUNS * 9 / 10), RUNS);
  }

  private double once(Sandbox sandbox) throws Exception {
    LaunchSpec spec = Fixtures.spec(dir, List.of(Fixtures.python(), "-c", "print(1)"), Map.of());
    Path fifo = spec.logFile();
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    if (mkfifo.waitFor() != 0) {
      throw new IllegalStateException("mkfifo failed");
    }
    CompletableFuture<Long> firstLine =
        CompletableFuture.supplyAsync(
            () -> {
              try (BufferedReader reader = Files.newBufferedReader(fifo, StandardCharsets.UTF_8)) {
                String line = reader.readLine();
                long at = System.nanoTime();
                if (!"1".equals(line)) {
                  throw new IllegalStateException("unexpected output " + line);
                }
                while (reader.readLine() != null) {
                  // drain until the writer closes
                }
                return at;
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    long start = System.nanoTime();
    SandboxedProcess process = sandbox.launch(spec);
    long at = firstLine.get(60, SECONDS);
    process.onExit().get(60, SECONDS);
    return (at - start) / 1e6;
  }
}

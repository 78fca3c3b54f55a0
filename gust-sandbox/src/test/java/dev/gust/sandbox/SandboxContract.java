package dev.gust.sandbox;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gust.core.LaunchSpec;
import dev.gust.core.Sandbox;
import dev.gust.core.SandboxedProcess;
import dev.gust.core.SandboxedProcess.Exit;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every sandbox must do, run against real processes. Subclasses pick the sandbox; waits on
 * futures have generous timeouts that only guard against hangs.
 */
abstract class SandboxContract {

  static final long HANG_GUARD = 60;

  @TempDir Path dir;

  private final List<SandboxedProcess> started = new ArrayList<>();

  /** The sandbox under test; may skip the test through assumptions. */
  abstract Sandbox sandbox();

  /** Whether the sandbox under test uses cgroups. */
  abstract boolean usesCgroups();

  /** Variables the sandbox adds to the given environment, such as TMPDIR. */
  Map<String, String> addedEnvironment(LaunchSpec spec) {
    return Map.of();
  }

  SandboxedProcess launch(LaunchSpec spec) throws Exception {
    SandboxedProcess process = sandbox().launch(spec);
    started.add(process);
    return process;
  }

  @AfterEach
  void killLeftovers() throws Exception {
    for (SandboxedProcess process : started) {
      process.kill();
      process.onExit().get(HANG_GUARD, SECONDS);
    }
  }

  @AfterAll
  static void removeTestGroups() {
    Fixtures.removeTestGroups();
  }

  @Test
  void environmentIsExactlyWhatWasGiven() throws Exception {
    Map<String, String> given = Map.of("GUST_A", "1", "GUST_B", "two words", "LANG", "C.UTF-8");
    LaunchSpec spec =
        Fixtures.spec(
            dir,
            List.of(
                Fixtures.python(),
                "-c",
                "import os\nfor k in sorted(os.environ): print(k + '=' + os.environ[k])"),
            given);
    Exit exit = launch(spec).onExit().get(HANG_GUARD, SECONDS);

    assertEquals(0, exit.code(), log(spec));
    Map<String, String> expected = new HashMap<>(given);
    expected.putAll(addedEnvironment(spec));
    TreeSet<String> expectedLines = new TreeSet<>();
    expected.forEach((k, v) -> expectedLines.add(k + "=" + v));
    assertEquals(expectedLines, new TreeSet<>(Files.readAllLines(spec.logFile())));
  }

  @Test
  void stdoutAndStderrAreAppendedToTheLogFile() throws Exception {
    LaunchSpec spec =
        Fixtures.spec(
            dir, List.of("/bin/sh", "-c", "echo to-stdout; echo to-stderr >&2"), Map.of());
    Files.writeString(spec.logFile(), "earlier\n");

    Exit exit = launch(spec).onExit().get(HANG_GUARD, SECONDS);

    assertEquals(0, exit.code());
    assertEquals(List.of("earlier", "to-stdout", "to-stderr"), Files.readAllLines(spec.logFile()));
  }

  @Test
  void exitStatusIsReported() throws Exception {
    LaunchSpec spec = Fixtures.spec(dir, List.of("/bin/sh", "-c", "exit 3"), Map.of());

    Exit exit = launch(spec).onExit().get(HANG_GUARD, SECONDS);

    assertEquals(new Exit(3, 0, false), exit);
    assertEquals("exit status 3", exit.describe());
  }

  @Test
  void sigkilledProcessReportsSignal9() throws Exception {
    LaunchSpec spec = Fixtures.spec(dir, List.of("/bin/sh", "-c", "kill -9 $$"), Map.of());

    Exit exit = launch(spec).onExit().get(HANG_GUARD, SECONDS);

    assertEquals(new Exit(137, 9, false), exit);
    assertEquals("signal: killed", exit.describe());
  }

  @Test
  void killEndsTheWholeTreeIncludingGrandchildren() throws Exception {
    LaunchSpec spec =
        Fixtures.spec(dir, List.of("/bin/sh", "-c", "sleep 1000 & sleep 1000"), Map.of());
    SandboxedProcess process = launch(spec);
    List<ProcessHandle> tree = awaitSleepers(process.pid(), 2);
    if (usesCgroups()) {
      assertTrue(
          Fixtures.groupDirs(spec.instanceId()).stream().anyMatch(Files::isDirectory),
          "no cgroup for " + spec.instanceId());
    }

    process.kill();
    Exit exit = process.onExit().get(HANG_GUARD, SECONDS);
    process.kill(); // idempotent

    assertEquals(9, exit.signal(), log(spec));
    assertFalse(exit.oomKilled());
    for (ProcessHandle handle : tree) {
      awaitDead(handle);
    }
    for (Path group : Fixtures.groupDirs(spec.instanceId())) {
      assertFalse(Files.exists(group), group + " was not removed");
    }
  }

  @Test
  void ownsConnectionOnlyForTheInstancesOwnConnections() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout((int) TimeUnit.SECONDS.toMillis(HANG_GUARD));
      String connect =
          "import socket, sys, time\n"
              + "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))\n"
              + "s.sendall(sys.argv[2].encode() + b'\\n')\n"
              + "time.sleep(1000)\n";
      String port = Integer.toString(server.getLocalPort());
      SandboxedProcess a =
          launch(
              Fixtures.spec(dir, List.of(Fixtures.python(), "-c", connect, port, "a"), Map.of()));
      SandboxedProcess b =
          launch(
              Fixtures.spec(dir, List.of(Fixtures.python(), "-c", connect, port, "b"), Map.of()));
      Map<String, Socket> byName = new HashMap<>();
      for (int i = 0; i < 2; i++) {
        Socket socket = server.accept();
        String name =
            new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        byName.put(name, socket);
      }
      try (Socket ours = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
          Socket accepted = server.accept()) {

        assertTrue(owns(a, byName.get("a")));
        assertTrue(owns(b, byName.get("b")));
        assertFalse(owns(a, byName.get("b")));
        assertFalse(owns(b, byName.get("a")));
        assertFalse(owns(a, accepted));
        assertFalse(owns(b, accepted));
      } finally {
        for (Socket socket : byName.values()) {
          socket.close();
        }
      }
    }
  }

  @Test
  void memoryHogIsKilledAndReportedOomKilled() throws Exception {
    LaunchSpec spec =
        Fixtures.spec(
            dir,
            List.of(
                Fixtures.python(),
                "-c",
                "chunks = []\n"
                    + "for i in range(150):\n"
                    + "    chunks.append(bytearray(b'x') * (10 << 20))\n"
                    + "print('survived', flush=True)\n"),
            Map.of());
    SandboxedProcess process = launch(spec);

    Exit exit = process.onExit().get(HANG_GUARD, SECONDS);

    assertEquals(new Exit(137, 9, true), exit, log(spec));
    assertTrue(process.oomKilled());
    assertTrue(process.peakMemoryBytes().isPresent());
    assertTrue(
        process.peakMemoryBytes().getAsLong() > 64L << 20,
        "peak " + process.peakMemoryBytes().getAsLong());
  }

  @Test
  void peakMemoryIsKnownAfterExit() throws Exception {
    LaunchSpec spec =
        Fixtures.spec(
            dir,
            List.of(
                Fixtures.python(),
                "-c",
                "import time\nb = bytearray(b'x') * (40 << 20)\ntime.sleep(0.3)\n"),
            Map.of());
    SandboxedProcess process = launch(spec);

    Exit exit = process.onExit().get(HANG_GUARD, SECONDS);

    assertEquals(new Exit(0, 0, false), exit, log(spec));
    assertFalse(process.oomKilled());
    assertTrue(process.peakMemoryBytes().isPresent());
    long peak = process.peakMemoryBytes().getAsLong();
    assertTrue(peak > 40L << 20 && peak < 128L << 20, "peak " + peak);
  }

  static boolean owns(SandboxedProcess process, Socket accepted) {
    return process.ownsConnection(
        (InetSocketAddress) accepted.getLocalSocketAddress(),
        (InetSocketAddress) accepted.getRemoteSocketAddress());
  }

  /** Waits (hang guard only) until {@code count} sleep processes run under {@code pid}. */
  static List<ProcessHandle> awaitSleepers(long pid, int count) throws InterruptedException {
    ProcessHandle root = ProcessHandle.of(pid).orElseThrow();
    long deadline = System.nanoTime() + SECONDS.toNanos(HANG_GUARD);
    while (System.nanoTime() < deadline) {
      List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
      long sleepers =
          tree.stream()
              .filter(h -> h.info().command().map(c -> c.endsWith("/sleep")).orElse(false))
              .count();
      if (sleepers == count) {
        tree.add(root);
        return tree;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("sleepers did not start under " + pid);
  }

  /** ProcessHandle.onExit() polls slowly for non-children, so poll here (hang guard only). */
  static void awaitDead(ProcessHandle handle) throws InterruptedException {
    long deadline = System.nanoTime() + SECONDS.toNanos(HANG_GUARD);
    while (handle.isAlive()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(handle.pid() + " survived the kill");
      }
      Thread.sleep(5);
    }
  }

  static String log(LaunchSpec spec) {
    try {
      return "log: " + Files.readString(spec.logFile());
    } catch (java.io.IOException e) {
      return "no log: " + e;
    }
  }
}

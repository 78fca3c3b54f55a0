package dev.gust.sandbox;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gust.core.LaunchSpec;
import dev.gust.core.Sandbox;
import dev.gust.core.SandboxView;
import dev.gust.core.SandboxedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Bubblewrap without cgroups (memory by the RSS watchdog), plus the file-system view. */
class BubblewrapSandboxTest extends SandboxContract {

  /** Set by tests that hide paths; empty otherwise. */
  List<Path> hidden = List.of();

  @Override
  Sandbox sandbox() {
    return new BubblewrapSandbox(Fixtures.bwrap(), Optional.empty(), Fixtures.PROC, hidden);
  }

  @Override
  boolean usesCgroups() {
    return false;
  }

  @Test
  void viewIsLambdas() {
    SandboxView view = sandbox().view(Path.of("/a"), Path.of("/b"), Path.of("/c"));

    assertEquals(new SandboxView("/var/task", "/var/runtime", "/tmp"), view);
  }

  @Test
  void codeIsReadOnlyAtVarTaskAndTmpIsWritableUpToItsSize() throws Exception {
    String script =
        "pwd; cat /var/task/handler.py; ls /var/runtime;"
            + " touch /var/task/new 2>/dev/null && echo code-writable || echo code-read-only;"
            + " touch /var/new 2>/dev/null && echo var-writable || echo var-read-only;"
            + " head -c 1048576 /dev/zero > /tmp/small && echo small-ok;"
            + " head -c 8388608 /dev/zero > /tmp/big 2>/dev/null && echo big-ok || echo big-full;"
            + " df -k /tmp | tail -1 | awk '{print $2}'";
    LaunchSpec spec =
        Fixtures.spec(dir, List.of("/bin/sh", "-c", script), Map.of(), 128L << 20, 4L << 20);
    Files.writeString(spec.runtimeDir().resolve("bootstrap"), "#!/bin/sh\n");

    var exit = launch(spec).onExit().get(HANG_GUARD, SECONDS);

    assertEquals(0, exit.code(), log(spec));
    assertEquals(
        List.of(
            "/var/task",
            "print('hello')",
            "bootstrap",
            "code-read-only",
            "var-read-only",
            "small-ok",
            "big-full",
            "4096"),
        Files.readAllLines(spec.logFile()));
  }

  @Test
  void hiddenPathsAreEmptyInsideEvenWhenTheCodeLivesThere() throws Exception {
    // Preferably not under /tmp, which the sandbox replaces anyway (a checkout under /tmp still
    // passes: the path is then absent inside, which ls reports as 0 entries too).
    Path outside = Files.createDirectories(Path.of("target/hidden-test").toAbsolutePath());
    Path base = Files.createTempDirectory(outside, "host");
    Path data = Files.createDirectories(base.resolve("data"));
    Files.writeString(data.resolve("registry.db"), "secret");
    Path secretFile = Files.writeString(base.resolve("credentials"), "aws_secret_access_key=x");
    hidden = List.of(data, secretFile, base.resolve("does-not-exist"));
    LaunchSpec spec =
        Fixtures.spec(
            data,
            List.of(
                "/bin/sh",
                "-c",
                "ls -A \"$1\" 2>/dev/null | wc -l; cat \"$2\" 2>/dev/null || echo unreadable;"
                    + " cat /var/task/handler.py;"
                    + " touch \"$1/x\" 2>/dev/null && echo writable || echo read-only",
                "sh",
                data.toString(),
                secretFile.toString()),
            Map.of());

    try {
      var exit = launch(spec).onExit().get(HANG_GUARD, SECONDS);

      assertEquals(0, exit.code(), log(spec));
      assertEquals(
          List.of("0", "unreadable", "print('hello')", "read-only"),
          Files.readAllLines(spec.logFile()));
    } finally {
      ProcessSandbox.deleteTree(base);
    }
  }

  @Test
  void processHasNoCapabilitiesAndCannotRegainThem() throws Exception {
    LaunchSpec spec =
        Fixtures.spec(
            dir,
            List.of(
                "/bin/sh",
                "-c",
                "id -u; grep -E '^(CapInh|CapPrm|CapEff|CapAmb|NoNewPrivs):' /proc/self/status"),
            Map.of("PATH", "/usr/bin:/bin"));

    var exit = launch(spec).onExit().get(HANG_GUARD, SECONDS);

    assertEquals(0, exit.code(), log(spec));
    List<String> lines = Files.readAllLines(spec.logFile());
    String uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString();
    assertEquals(uid, lines.get(0), "runs with the server's uid");
    assertEquals(
        List.of(
            "CapInh:\t0000000000000000",
            "CapPrm:\t0000000000000000",
            "CapEff:\t0000000000000000",
            "CapAmb:\t0000000000000000",
            "NoNewPrivs:\t1"),
        lines.subList(1, lines.size()));
  }

  @Test
  void processSeesOnlyItsOwnProcesses() throws Exception {
    LaunchSpec spec =
        Fixtures.spec(dir, List.of("/bin/sh", "-c", "ls /proc | grep -c '^[0-9]'"), Map.of());

    var exit = launch(spec).onExit().get(HANG_GUARD, SECONDS);

    assertEquals(0, exit.code(), log(spec));
    int count = Integer.parseInt(Files.readAllLines(spec.logFile()).get(0));
    assertTrue(count <= 4, count + " processes visible: " + log(spec));
  }

  @Test
  void sandboxOutlivesTheThreadThatLaunchedIt() throws Exception {
    LaunchSpec spec = Fixtures.spec(dir, List.of("/bin/sleep", "1000"), Map.of());
    sandbox(); // skips the test here, not in the thread below, where bubblewrap is missing
    CompletableFuture<SandboxedProcess> launched = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                launched.complete(launch(spec));
              } catch (Exception e) {
                launched.completeExceptionally(e);
              }
            });
    thread.start();
    thread.join();
    SandboxedProcess process = launched.get(HANG_GUARD, SECONDS);

    // Had bwrap (--die-with-parent) been forked by that thread, its exit would SIGKILL the
    // sandbox right away. This wait can only miss a regression, never fail a correct build.
    assertThrows(TimeoutException.class, () -> process.onExit().get(1, SECONDS), log(spec));
    assertTrue(process.isAlive());
  }
}

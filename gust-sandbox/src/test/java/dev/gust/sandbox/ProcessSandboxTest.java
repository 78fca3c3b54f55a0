package dev.gust.sandbox;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gust.core.LaunchSpec;
import dev.gust.core.Sandbox;
import dev.gust.core.SandboxView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plain-process sandbox without cgroups: memory enforced by the RSS watchdog. */
class ProcessSandboxTest extends SandboxContract {

  @Override
  Sandbox sandbox() {
    return new ProcessSandbox(Optional.empty(), Fixtures.PROC);
  }

  @Override
  boolean usesCgroups() {
    return false;
  }

  @Override
  Map<String, String> addedEnvironment(LaunchSpec spec) {
    return Map.of("TMPDIR", spec.scratchDir().resolve("tmp").toString());
  }

  @Test
  void viewShowsHostPathsAndTmpUnderScratch() {
    Path code = Path.of("/srv/code");
    SandboxView view = sandbox().view(code, Path.of("/srv/rt"), Path.of("/srv/scratch/i1"));

    assertEquals(new SandboxView("/srv/code", "/srv/rt", "/srv/scratch/i1/tmp"), view);
  }

  @Test
  void tmpDirectoryIsCreatedForTheInstanceAndDeletedAfterIt() throws Exception {
    LaunchSpec spec =
        Fixtures.spec(
            dir,
            List.of("/bin/sh", "-c", "pwd; echo data > \"$TMPDIR/file\"; ls \"$TMPDIR\""),
            Map.of());

    var exit = launch(spec).onExit().get(HANG_GUARD, SECONDS);

    assertEquals(0, exit.code(), log(spec));
    assertEquals(List.of(spec.codeDir().toString(), "file"), Files.readAllLines(spec.logFile()));
    assertFalse(Files.exists(spec.scratchDir().resolve("tmp")));
  }
}

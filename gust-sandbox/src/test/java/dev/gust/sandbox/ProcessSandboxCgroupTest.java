package dev.gust.sandbox;

import dev.gust.core.LaunchSpec;
import dev.gust.core.Sandbox;
import java.util.Map;
import java.util.Optional;

/** The plain-process sandbox with real cgroups (skipped where they are not writable). */
class ProcessSandboxCgroupTest extends SandboxContract {

  @Override
  Sandbox sandbox() {
    return new ProcessSandbox(Optional.of(Fixtures.cgroups()), Fixtures.PROC);
  }

  @Override
  boolean usesCgroups() {
    return true;
  }

  @Override
  Map<String, String> addedEnvironment(LaunchSpec spec) {
    return Map.of("TMPDIR", spec.scratchDir().resolve("tmp").toString());
  }
}

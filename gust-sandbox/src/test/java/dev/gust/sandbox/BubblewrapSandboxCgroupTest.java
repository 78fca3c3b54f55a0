package dev.gust.sandbox;

import dev.gust.core.Sandbox;
import java.util.List;
import java.util.Optional;

/** Bubblewrap with real cgroups (skipped where they are not writable). */
class BubblewrapSandboxCgroupTest extends SandboxContract {

  @Override
  Sandbox sandbox() {
    return new BubblewrapSandbox(
        Fixtures.bwrap(), Optional.of(Fixtures.cgroups()), Fixtures.PROC, List.of());
  }

  @Override
  boolean usesCgroups() {
    return true;
  }
}

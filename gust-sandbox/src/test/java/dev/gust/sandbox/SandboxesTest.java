package dev.gust.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the sandbox, and the warnings when degrading. */
class SandboxesTest {

  @TempDir Path fakeRoot;

  private final List<String> warnings = new ArrayList<>();

  @AfterAll
  static void removeTestGroups() {
    Fixtures.removeTestGroups();
  }

  @Test
  void withoutBubblewrapOrCgroupsFallsBackToPlainProcessesWithTwoWarnings() {
    Sandboxes.Host host =
        new Sandboxes.Host(fakeRoot, Fixtures.PROC, List.of(fakeRoot.resolve("bin/bwrap")));

    Sandboxes chosen = Sandboxes.detect(host, Fixtures.GROUP, List.of(), warnings::add);

    assertInstanceOf(ProcessSandbox.class, chosen.sandbox());
    assertEquals(2, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("bubblewrap not found (looked for "), warnings.get(0));
    assertTrue(warnings.get(0).endsWith("install it with `apt-get install bubblewrap`"));
    assertTrue(
        warnings
            .get(1)
            .startsWith(
                "cgroups not writable (no cgroup memory controller under " + fakeRoot + ")"),
        warnings.get(1));
    assertTrue(warnings.get(1).contains("sampling RSS every 50 ms"));
    assertEquals(0, chosen.removeStaleInstances());
    assertTrue(chosen.describe().startsWith("plain processes"), chosen.describe());
  }

  @Test
  void bubblewrapThatCannotSandboxIsReportedAndNotUsed() throws Exception {
    Path fakeBwrap = fakeRoot.resolve("bwrap");
    Files.writeString(
        fakeBwrap, "#!/bin/sh\necho 'bwrap: No permissions to create new namespace'\nexit 1\n");
    fakeBwrap.toFile().setExecutable(true);
    Sandboxes.Host host = new Sandboxes.Host(fakeRoot, Fixtures.PROC, List.of(fakeBwrap));

    Sandboxes chosen = Sandboxes.detect(host, Fixtures.GROUP, List.of(), warnings::add);

    assertInstanceOf(ProcessSandbox.class, chosen.sandbox());
    assertTrue(
        warnings
            .get(0)
            .startsWith(
                "bubblewrap at "
                    + fakeBwrap
                    + " cannot create a sandbox (bwrap: No permissions to create new namespace)"),
        warnings.get(0));
  }

  @Test
  void bubblewrapWithoutCgroupsWarnsOnlyAboutCgroups() {
    Sandboxes.Host host =
        new Sandboxes.Host(
            fakeRoot, Fixtures.PROC, List.of(fakeRoot.resolve("missing"), Fixtures.bwrap()));

    Sandboxes chosen =
        Sandboxes.detect(host, Fixtures.GROUP, List.of(Path.of("/root/.aws")), warnings::add);

    assertInstanceOf(BubblewrapSandbox.class, chosen.sandbox());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("cgroups not writable"));
    assertTrue(chosen.describe().startsWith("bubblewrap (read-only host file system"));
  }

  @Test
  void onThisHostChoosesBubblewrapWithCgroupsAndNoWarnings() {
    Fixtures.bwrap();
    Fixtures.cgroups();
    Sandboxes.Host host = Sandboxes.Host.linux("/usr/local/bin:/usr/bin:/bin");

    Sandboxes chosen = Sandboxes.detect(host, Fixtures.GROUP, List.of(), warnings::add);

    assertEquals(List.of(), warnings);
    assertInstanceOf(BubblewrapSandbox.class, chosen.sandbox());
    assertTrue(chosen.describe().contains("limits by cgroup"), chosen.describe());
  }
}

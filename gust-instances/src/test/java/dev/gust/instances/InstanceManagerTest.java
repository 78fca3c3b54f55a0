package dev.gust.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gust.core.Arns;
import dev.gust.core.CodePackage;
import dev.gust.core.CodeStore;
import dev.gust.core.FunctionConfig;
import dev.gust.core.FunctionVersion;
import dev.gust.core.ManualClock;
import dev.gust.core.RuntimeCatalog;
import dev.gust.core.RuntimeId;
import dev.gust.runtimeapi.RuntimeInvocation;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pool policy with a manual clock and in-JVM runtimes: warm reuse, reaping, retiring. */
class InstanceManagerTest {
  @TempDir Path dir;
  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final InJvmSandbox sandbox = new InJvmSandbox();
  ScheduledExecutorService scheduler;
  InstanceManager manager;

  static final FunctionVersion V1 =
      new FunctionVersion(
          "f", "$LATEST", FunctionConfig.of("python3.11", "app.handler"),
          new CodePackage("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", 1, 1), "rev-1", Instant.EPOCH);

  @BeforeEach
  void setUp() {
    CodeStore code = new CodeStore() {
      @Override public CodePackage store(byte[] zip) { throw new UnsupportedOperationException(); }
      @Override public Path directory(CodePackage c) { return dir; }
      @Override public InputStream open(String key) { throw new UnsupportedOperationException(); }
      @Override public void retainOnly(Set<String> keys) {}
    };
    RuntimeCatalog runtimes = new RuntimeCatalog() {
      @Override public Optional<RuntimeRecipe> recipe(RuntimeId r) {
        return Optional.of(new RuntimeRecipe(r, Optional.of("/usr/bin/python3"), "3.11"));
      }
      @Override public String whyUnavailable(RuntimeId r) { return ""; }
      @Override public List<String> available() { return List.of("python3.11"); }
    };
    InstanceLauncher launcher = new InstanceLauncher(
        sandbox, code, runtimes, f -> dir, dir, Arns.DEFAULT, clock, Thread.ofVirtual().factory(), Map.of());
    scheduler = Executors.newSingleThreadScheduledExecutor();
    manager = new InstanceManager(launcher, new ConcurrencyGovernor(10, () -> 0), clock, scheduler,
        new InstanceManager.Settings(Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofSeconds(10)));
  }

  @AfterEach
  void tearDown() {
    manager.close();
    scheduler.shutdownNow();
  }

  private Execution run(FunctionVersion v, String event) {
    return manager.execute(v, OptionalInt.empty(), new RuntimeInvocation(
        "req-" + event, event.getBytes(StandardCharsets.UTF_8), 3000,
        Arns.DEFAULT.functionArn(v.functionName()), "Root=1-0-0", Optional.empty(), Optional.empty()));
  }

  private static String answer(Execution e) {
    return new String(e.result().body(), StandardCharsets.UTF_8);
  }

  @Test
  void secondInvocationIsWarmOnTheSameInstance() {
    Execution first = run(V1, "1");
    Execution second = run(V1, "2");
    assertTrue(first.coldStart());
    assertFalse(second.coldStart());
    assertEquals(first.instanceId(), second.instanceId());
    assertEquals("\"1:1\"", answer(first));
    assertEquals("\"1:2\"", answer(second));
    assertEquals(1, sandbox.launched.get());
  }

  @Test
  void idleInstanceIsStoppedAfterKeepWarm() {
    Execution first = run(V1, "1");
    clock.advance(Duration.ofMinutes(9));
    assertEquals(0, manager.reapIdle(), "still within keep-warm");
    clock.advance(Duration.ofMinutes(2));
    assertEquals(1, manager.reapIdle());
    assertEquals(1, sandbox.killed.get());
    Execution after = run(V1, "2");
    assertTrue(after.coldStart());
    assertNotEquals(first.instanceId(), after.instanceId());
  }

  @Test
  void retiredVersionsGetFreshInstances() {
    Execution first = run(V1, "1");
    manager.retire("f", v -> false);
    assertEquals(1, sandbox.killed.get(), "the idle instance of the retired pool is stopped");
    Execution second = run(V1, "2");
    assertNotEquals(first.instanceId(), second.instanceId());
    assertEquals(new InstanceManager.Stats(1, 1, 1), manager.stats());
  }

  @Test
  void closeStopsIdleInstancesToo() {
    run(V1, "1");
    manager.close();
    assertEquals(1, sandbox.killed.get());
  }

  @Test
  void aReapDuringAColdStartDoesNotOrphanTheNewInstance() throws Exception {
    sandbox.launchGate = new java.util.concurrent.CountDownLatch(1);
    var call = java.util.concurrent.CompletableFuture.supplyAsync(() -> run(V1, "1"));
    sandbox.launchWaiting.acquire(); // the launch is in progress
    manager.reapIdle(); // must not drop the pool the launch will register in
    sandbox.launchGate.countDown();
    call.get(30, java.util.concurrent.TimeUnit.SECONDS);
    clock.advance(Duration.ofMinutes(11));
    assertEquals(1, manager.reapIdle(), "the instance started during the reap is found and stopped");
  }

  @Test
  void anInstanceThatExitedAfterItsLastAnswerIsReplacedWithoutFailingTheCaller() throws Exception {
    sandbox.exitAfterFirstAnswer = true;
    Execution first = run(V1, "1");
    // the first instance's runtime exits right after answering; the caller must not see it
    assertTrue(sandbox.exits.tryAcquire(30, java.util.concurrent.TimeUnit.SECONDS));
    Execution second = run(V1, "2");
    assertEquals("\"1:1\"", answer(first));
    assertEquals("\"2:2\"", answer(second), "delivered to a fresh instance, not failed");
  }
}

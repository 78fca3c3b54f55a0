package dev.gust.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.ApiKeyRegistry;
import dev.gust.core.Arns;
import dev.gust.core.Clock;
import dev.gust.core.EventInvokeConfigs;
import dev.gust.core.FunctionRegistry;
import dev.gust.core.FunctionVersion;
import dev.gust.core.GatewayRegistry;
import dev.gust.core.Sandbox;
import dev.gust.http.HttpFront;
import dev.gust.instances.ConcurrencyGovernor;
import dev.gust.instances.InstanceLauncher;
import dev.gust.instances.InstanceManager;
import dev.gust.invoke.DurableAsyncInvoker;
import dev.gust.invoke.InvocationService;
import dev.gust.invoke.InvocationType;
import dev.gust.invoke.InvokeRequest;
import dev.gust.invoke.InvokeResponse;
import dev.gust.queue.QueueService;
import dev.gust.schedule.Scheduler;
import dev.gust.store.DiskCodeStore;
import dev.gust.store.FileLogStore;
import dev.gust.store.SqliteEventStore;
import dev.gust.store.SqliteInvocationLedger;
import dev.gust.store.SqliteQueueStore;
import dev.gust.store.SqliteRegistryStore;
import dev.gust.triggers.EventSourceMappings;
import dev.gust.triggers.FunctionInvoker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One Gust server: every module wired together over one data directory.
 *
 * <p>Start-up order follows the dependencies: lock the data directory, open the stores, unpack the
 * runtime bootstraps and find the host's interpreters, choose the sandbox, load the registry, then
 * listen. {@link #close()} undoes it in reverse, stopping every instance.
 */
public final class GustServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("gust.server");
  /** How often messages past their retention period and old deduplication ids are deleted. */
  private static final Duration QUEUE_SWEEP = Duration.ofSeconds(60);

  private final Deque<AutoCloseable> closing = new ArrayDeque<>();
  private final HttpFront front;
  private final InstanceManager instances;
  private final QueueService queues;
  private final String sandboxDescription;
  private final long startupMillis;
  private final Scheduler scheduler;

  private GustServer(ServerConfig config, long startedNanos, Clock scheduleClock)
      throws IOException {
    // Whatever was opened before a failure (the data-dir lock, stores, cgroups) is released.
    try {
      Path data = config.dataDir().toAbsolutePath().normalize();
      Files.createDirectories(data);
      lockDataDir(data);
      // Finding interpreters runs processes; it overlaps with opening the stores.
      CompletableFuture<HostRuntimeCatalog> discovery =
          CompletableFuture.supplyAsync(
              () ->
                  HostRuntimeCatalog.discover(
                      config.runtimeOverrides(),
                      Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin"),
                      Path.of(System.getProperty("user.home"))));

      SqliteRegistryStore registryStore = new SqliteRegistryStore(data.resolve("gust.db"));
      closing.push(registryStore);
      DiskCodeStore code = new DiskCodeStore(data.resolve("code"));
      FileLogStore logs =
          new FileLogStore(data.resolve("logs"), 1024 * 1024, config.logBytesPerFunction());
      closing.push(logs);
      SqliteInvocationLedger ledger = new SqliteInvocationLedger(data.resolve("ledger.db"));
      closing.push(ledger);
      SqliteQueueStore queueStore = new SqliteQueueStore(data.resolve("queues.db"));
      closing.push(queueStore);
      FileLogStore accessLog =
          new FileLogStore(data.resolve("access-logs"), 1024 * 1024, config.logBytesPerFunction());
      closing.push(accessLog);

      RuntimeFiles runtimeFiles = RuntimeFiles.unpack(data.resolve("runtimes"));
      HostRuntimeCatalog runtimes = discovery.join();

      Path instancesDir = data.resolve("instances");
      deleteTree(instancesDir);
      Files.createDirectories(instancesDir);
      SandboxChoice sandboxChoice = SandboxChoice.choose(config, data);
      closing.push(sandboxChoice::close);
      Sandbox sandbox = sandboxChoice.sandbox();
      this.sandboxDescription = sandbox.describe();

      Arns arns = new Arns(config.region(), config.accountId());
      // Filled once the front listens: every instance reaches Gust's own services through it.
      Map<String, String> platformEnvironment = new java.util.concurrent.ConcurrentHashMap<>();
      FunctionRegistry registry =
          new FunctionRegistry(registryStore, code, runtimes, arns, Clock.SYSTEM, config.maxConcurrency());
      code.retainOnly(registry.liveCodeKeys());
      GatewayRegistry gateway = new GatewayRegistry(registryStore.gateway(), registry, Clock.SYSTEM);
      QueueService queues = new QueueService(queueStore, arns, Clock.SYSTEM);
      closing.push(queues);
      this.queues = queues;

      ScheduledExecutorService scheduler =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().daemon().name("gust-scheduler").factory());
      closing.push(scheduler::shutdownNow);
      scheduler.scheduleWithFixedDelay(
          () -> sweepQueues(queues), QUEUE_SWEEP.toSeconds(), QUEUE_SWEEP.toSeconds(),
          java.util.concurrent.TimeUnit.SECONDS);
      InstanceLauncher launcher =
          new InstanceLauncher(
              sandbox,
              code,
              runtimes,
              runtimeFiles::dir,
              instancesDir,
              arns,
              Clock.SYSTEM,
              Thread.ofVirtual().name("runtime-api-", 0).factory(),
              platformEnvironment);
      Duration reapEvery =
          config.keepWarm().dividedBy(4).compareTo(Duration.ofSeconds(5)) < 0
              ? config.keepWarm().dividedBy(4)
              : Duration.ofSeconds(5);
      this.instances =
          new InstanceManager(
              launcher,
              new ConcurrencyGovernor(config.maxConcurrency(), registry::totalReserved),
              Clock.SYSTEM,
              scheduler,
              new InstanceManager.Settings(
                  config.keepWarm(),
                  reapEvery.isZero() ? Duration.ofMillis(100) : reapEvery,
                  Duration.ofSeconds(10)));
      closing.push(instances);
      registry.addListener(
          name -> {
            Optional<dev.gust.core.FunctionState> state = registry.find(name);
            instances.retire(
                name,
                v -> state.flatMap(s -> s.version(v.version()))
                    .map(FunctionVersion::revisionId)
                    .filter(v.revisionId()::equals)
                    .isPresent());
            if (state.isEmpty()) {
              logs.delete(name);
            }
          });

      InvocationService invocations =
          new InvocationService(
              registry, instances, logs, ledger, Clock.SYSTEM, ThreadLocalRandom::current);
      SqliteEventStore events = new SqliteEventStore(data.resolve("events.db"));
      closing.push(events);
      EventInvokeConfigs eventConfigs =
          new EventInvokeConfigs(registryStore.eventInvokeConfigs(), registry, Clock.SYSTEM);
      AtomicReference<DurableAsyncInvoker> asyncRef = new AtomicReference<>();
      DurableAsyncInvoker async =
          new DurableAsyncInvoker(
              invocations,
              events,
              eventConfigs::effective,
              new ServerDestinations(arns, queues, asyncRef::get),
              Executors.newVirtualThreadPerTaskExecutor(),
              Clock.SYSTEM,
              DurableAsyncInvoker.Settings.DEFAULTS.withRetryDelays(config.asyncRetryDelays()));
      asyncRef.set(async);
      closing.push(async);
      // A change of concurrency or configuration may let waiting events run.
      registry.addListener(name -> async.signal());
      this.scheduler =
          new Scheduler(registryStore.schedules(), registry, arns, scheduleClock, async::enqueue);
      closing.push(this.scheduler);

      // Event source mappings invoke synchronously, as Lambda's pollers do; they start last.
      EventSourceMappings eventSourceMappings =
          new EventSourceMappings(
              registryStore.eventSourceMappings(),
              registry,
              queues,
              (ref, event) -> {
                InvokeResponse r = invocations.invoke(new InvokeRequest(
                    ref, event, InvocationType.REQUEST_RESPONSE, false, Optional.empty()));
                return new FunctionInvoker.Result(r.payload(), r.functionError());
              },
              Thread.ofVirtual().name("esm-", 0).factory(),
              Clock.SYSTEM);
      closing.push(eventSourceMappings);

      ObjectMapper mapper = new ObjectMapper();
      this.front =
          HttpFront.start(
              new InetSocketAddress(config.bindAddress(), config.port()),
              new InetSocketAddress(config.bindAddress(), config.httpPort()),
              new HttpFront.Services(
                  registry,
                  gateway,
                  new ApiKeyRegistry(registryStore.gateway(), Clock.SYSTEM),
                  eventConfigs,
                  events,
                  async::signal,
                  this.scheduler,
                  invocations,
                  logs,
                  accessLog,
                  ledger,
                  code,
                  config.prices(),
                  () -> health(mapper, registry, runtimes),
                  queues,
                  eventSourceMappings));
      closing.push(front);
      // The AWS SDKs in a function (boto3, the JS SDK v3, the Java SDK v2) read these: they send
      // to Gust's Lambda API (and queues) without code changes. Loopback accepts any keys.
      platformEnvironment.put("AWS_ENDPOINT_URL", endpoint().toString());
      platformEnvironment.put("AWS_ACCESS_KEY_ID", "GUSTLOCALINSTANCE");
      platformEnvironment.put("AWS_SECRET_ACCESS_KEY", "gust-local-instance-secret");
      eventSourceMappings.start();
      this.scheduler.start(); // last: a missed run may fire at once, into a fully wired server
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    this.startupMillis = (System.nanoTime() - startedNanos) / 1_000_000;
  }

  /** Starts a server; throws when the configuration is refused or the port is taken. */
  public static GustServer start(ServerConfig config) throws IOException {
    return new GustServer(config, System.nanoTime(), Clock.SYSTEM);
  }

  /**
   * Starts a server whose schedules follow {@code scheduleClock} (tests move a manual clock and
   * call {@link #scheduler()}{@code .tick()} instead of waiting for real minutes).
   */
  public static GustServer start(ServerConfig config, Clock scheduleClock) throws IOException {
    return new GustServer(config, System.nanoTime(), scheduleClock);
  }

  /** The schedules' runner. */
  public Scheduler scheduler() {
    return scheduler;
  }

  /** The base URL of the Lambda API, e.g. {@code http://127.0.0.1:9000}. */
  public URI endpoint() {
    InetSocketAddress a = front.address();
    String host = a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + a.getPort());
  }

  /** The base URL of the HTTP API's routes, e.g. {@code http://127.0.0.1:9001}. */
  public URI gatewayEndpoint() {
    InetSocketAddress a = front.gatewayAddress();
    String host = a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + a.getPort());
  }

  public long startupMillis() {
    return startupMillis;
  }

  public String sandboxDescription() {
    return sandboxDescription;
  }

  /** The queues, for tests. */
  public QueueService queues() {
    return queues;
  }

  /** Instance counts, for tests and health. */
  public InstanceManager.Stats instanceStats() {
    return instances.stats();
  }

  private ObjectNode health(ObjectMapper mapper, FunctionRegistry registry, HostRuntimeCatalog runtimes) {
    ObjectNode n = mapper.createObjectNode();
    n.put("status", "ok");
    n.put("functions", registry.size());
    n.put("sandbox", sandboxDescription);
    InstanceManager.Stats s = instances.stats();
    ObjectNode i = n.putObject("instances");
    i.put("pools", s.pools());
    i.put("running", s.instances());
    i.put("idle", s.idle());
    var rt = n.putArray("runtimes");
    runtimes.available().forEach(rt::add);
    return n;
  }

  private static void sweepQueues(QueueService queues) {
    try {
      queues.sweep();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not expire queue messages: " + e.getMessage());
    }
  }

  private void lockDataDir(Path data) throws IOException {
    FileChannel channel =
        FileChannel.open(data.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IOException(
          "Another Gust server is using the data directory "
              + data
              + "; stop it first, or start this one with another --data-dir.");
    }
    FileLock held = lock;
    closing.push(
        () -> {
          held.release();
          channel.close();
        });
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var files = Files.walk(root)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void close() {
    while (!closing.isEmpty()) {
      try {
        closing.pop().close();
      } catch (Exception e) {
        LOG.log(System.Logger.Level.WARNING, "while stopping: " + e);
      }
    }
  }
}

package dev.gust.instances;

import dev.gust.core.Arns;
import dev.gust.core.Clock;
import dev.gust.core.CodeStore;
import dev.gust.core.FunctionConfig;
import dev.gust.core.FunctionVersion;
import dev.gust.core.GustException;
import dev.gust.core.LaunchSpec;
import dev.gust.core.RuntimeCatalog;
import dev.gust.core.RuntimeId;
import dev.gust.core.Sandbox;
import dev.gust.core.SandboxView;
import dev.gust.core.SandboxedProcess;
import dev.gust.runtimeapi.ConnectionGuard;
import dev.gust.runtimeapi.RuntimeEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Starts instances: opens a Runtime API endpoint, builds the command line and the documented
 * Lambda environment for the function's runtime, and launches the process in the sandbox.
 */
public final class InstanceLauncher {
  /**
   * The largest response a runtime may post: Lambda's 6 MB, counted as its runtime interface
   * emulator does (6,291,556 bytes).
   */
  static final int MAX_RESPONSE_BYTES = 6_291_556;

  /** The function's package cannot start: Lambda's {@code Runtime.InvalidEntrypoint}. */
  static final class InvalidEntrypoint extends Exception {
    InvalidEntrypoint(String message) {
      super(message);
    }
  }

  private static final DateTimeFormatter STREAM_DATE =
      DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

  private final Sandbox sandbox;
  private final CodeStore code;
  private final RuntimeCatalog runtimes;
  private final Function<RuntimeId.Family, Path> runtimeDirs;
  private final Path instancesDir;
  private final Arns arns;
  private final Clock clock;
  private final ThreadFactory threads;
  private final Map<String, String> platformEnvironment;

  /**
   * @param runtimeDirs where Gust's bootstrap files for each runtime family are on the host
   * @param instancesDir parent of each instance's scratch directory (log file, tmp)
   * @param platformEnvironment extra variables every instance gets (e.g. endpoints of Gust's own
   *     services); function variables are applied after them. Read at every launch (not copied),
   *     so that the server can fill it once it knows its own address
   */
  public InstanceLauncher(
      Sandbox sandbox,
      CodeStore code,
      RuntimeCatalog runtimes,
      Function<RuntimeId.Family, Path> runtimeDirs,
      Path instancesDir,
      Arns arns,
      Clock clock,
      ThreadFactory threads,
      Map<String, String> platformEnvironment) {
    this.sandbox = sandbox;
    this.code = code;
    this.runtimes = runtimes;
    this.runtimeDirs = runtimeDirs;
    this.instancesDir = instancesDir;
    this.arns = arns;
    this.clock = clock;
    this.threads = threads;
    this.platformEnvironment = platformEnvironment; // read at each launch: filled once Gust listens
  }

  /** Starts a new instance of a version. It is STARTING until its runtime first polls. */
  Instance launch(FunctionVersion version) throws IOException, InvalidEntrypoint {
    FunctionConfig config = version.config();
    RuntimeId runtime = config.runtimeId();
    RuntimeCatalog.RuntimeRecipe recipe =
        runtimes
            .recipe(runtime)
            .orElseThrow(
                () ->
                    GustException.invalidParameter(
                        "The runtime "
                            + runtime.id()
                            + " is no longer available on this host: "
                            + runtimes.whyUnavailable(runtime)));
    Path codeDir = code.directory(version.code());
    if (runtime.family() == RuntimeId.Family.PROVIDED) {
      Path bootstrap = codeDir.resolve("bootstrap");
      if (!Files.isRegularFile(bootstrap) || !Files.isExecutable(bootstrap)) {
        throw new InvalidEntrypoint(
            "Couldn't find valid bootstrap(s): [/var/task/bootstrap]. A custom runtime needs an"
                + " executable file named bootstrap at the root of its package.");
      }
    }
    String id = UUID.randomUUID().toString().replace("-", "");
    Path scratch = Files.createDirectories(instancesDir.resolve(id));
    Path logFile = Files.createFile(scratch.resolve("output.log"));
    Path runtimeDir = runtimeDirs.apply(runtime.family());
    SandboxView view = sandbox.view(codeDir, runtimeDir, scratch);

    Instance instance = new Instance(id, version, clock, scratch);
    CompletableFuture<SandboxedProcess> launched = new CompletableFuture<>();
    ConnectionGuard guard =
        (local, remote) -> {
          try {
            return launched.get(10, TimeUnit.SECONDS).ownsConnection(local, remote);
          } catch (Exception e) {
            return false;
          }
        };
    RuntimeEndpoint endpoint =
        RuntimeEndpoint.open(guard, instance.events(), MAX_RESPONSE_BYTES, threads);
    SandboxedProcess process = null;
    try {
      LaunchSpec spec =
          new LaunchSpec(
              id,
              command(recipe, config, view),
              environment(version, view, endpoint.address(), id, recipe),
              codeDir,
              runtimeDir,
              scratch,
              (long) config.memorySize() * 1024 * 1024,
              (long) config.ephemeralStorage() * 1024 * 1024,
              logFile);
      process = sandbox.launch(spec);
      launched.complete(process);
      instance.attach(endpoint, process, logFile);
      return instance;
    } catch (IOException | RuntimeException e) {
      endpoint.close();
      launched.completeExceptionally(e);
      if (process != null) {
        process.kill();
      }
      deleteQuietly(scratch);
      throw e;
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // the server clears the instances directory at start-up
    }
  }

  static List<String> command(
      RuntimeCatalog.RuntimeRecipe recipe, FunctionConfig config, SandboxView view) {
    String interpreter = recipe.interpreter().orElse("");
    List<String> cmd = new ArrayList<>();
    switch (recipe.runtime().family()) {
      case PYTHON -> {
        cmd.add(interpreter);
        cmd.add(view.runtimeDir() + "/bootstrap.py");
      }
      case NODEJS -> {
        cmd.add(interpreter);
        cmd.add(view.runtimeDir() + "/bootstrap.mjs");
      }
      case JAVA -> {
        cmd.add(interpreter);
        cmd.add("-XX:+TieredCompilation");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xshare:auto");
        cmd.add("-XX:MaxHeapSize=" + (config.memorySize() * 85 / 100) + "m");
        cmd.add("-cp");
        cmd.add(
            view.runtimeDir()
                + "/gust-java-runtime.jar:"
                + view.taskRoot()
                + ":"
                + view.taskRoot()
                + "/lib/*");
        cmd.add("dev.gust.runtime.java.Bootstrap");
      }
      case PROVIDED -> cmd.add(view.taskRoot() + "/bootstrap");
    }
    return cmd;
  }

  private Map<String, String> environment(
      FunctionVersion version,
      SandboxView view,
      String runtimeApi,
      String instanceId,
      RuntimeCatalog.RuntimeRecipe recipe) {
    FunctionConfig config = version.config();
    Map<String, String> env = new LinkedHashMap<>();
    String path = "/usr/local/bin:/usr/bin:/bin";
    if (recipe.interpreter().isPresent()) {
      Path dir = Path.of(recipe.interpreter().get()).getParent();
      if (dir != null) {
        path = dir + ":" + path;
      }
    }
    env.put("PATH", path);
    env.put("LANG", "en_US.UTF-8");
    env.put("TZ", ":UTC");
    env.putAll(platformEnvironment);
    env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
    env.put("_HANDLER", config.handler());
    env.put("LAMBDA_TASK_ROOT", view.taskRoot());
    env.put("LAMBDA_RUNTIME_DIR", view.runtimeDir());
    env.put("AWS_LAMBDA_FUNCTION_NAME", version.functionName());
    env.put("AWS_LAMBDA_FUNCTION_VERSION", version.version());
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memorySize()));
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + version.functionName());
    env.put(
        "AWS_LAMBDA_LOG_STREAM_NAME",
        STREAM_DATE.format(clock.now()) + "/[" + version.version() + "]" + instanceId);
    env.put("AWS_REGION", arns.region());
    env.put("AWS_DEFAULT_REGION", arns.region());
    env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + config.runtime());
    env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    if (!view.tmpDir().equals("/tmp")) {
      env.put("TMPDIR", view.tmpDir());
    }
    env.putAll(config.environment());
    return env;
  }
}

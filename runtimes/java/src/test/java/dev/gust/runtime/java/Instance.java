package dev.gust.runtime.java;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@link Bootstrap} in a child JVM, started the way the platform starts a Java instance: the
 * same JVM flags, a clean environment, stdout and stderr sent to a log file, the test classes
 * (which hold the fixture handlers) as the function's code.
 */
final class Instance implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  final RuntimeApiStub api;
  final Path logFile;
  private final Process process;

  Instance(Path dir, String handler) throws IOException {
    logFile = dir.resolve("instance.log");
    Files.createFile(logFile);
    api = new RuntimeApiStub(logFile);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    java,
                    "-XX:+TieredCompilation",
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-Xshare:auto",
                    "-XX:MaxHeapSize=108m",
                    "-cp",
                    classPath(),
                    Bootstrap.class.getName()))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("AWS_LAMBDA_RUNTIME_API", api.address());
    env.put("_HANDLER", handler);
    env.put("LAMBDA_TASK_ROOT", dir.toString());
    env.put("LAMBDA_RUNTIME_DIR", dir.toString());
    env.put("AWS_LAMBDA_FUNCTION_NAME", "test");
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128");
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/test");
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]0123456789abcdef");
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
    env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    env.put("TZ", ":UTC");
    env.put("LANG", "C.UTF-8");
    env.put("PATH", "/usr/bin:/bin");
    process = builder.start();
  }

  /** The test class path: this runtime's classes, its dependencies and the fixtures. */
  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null ? surefire : System.getProperty("java.class.path");
  }

  RuntimeApiStub.Result invoke(String json) throws Exception {
    return invoke(json, Map.of());
  }

  RuntimeApiStub.Result invoke(String json, Map<String, String> headers) throws Exception {
    return api.result(api.addEvent(json, headers), TIMEOUT);
  }

  RuntimeApiStub.Result initError() throws Exception {
    return api.result("init", TIMEOUT);
  }

  int exitCode() throws InterruptedException {
    if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the instance did not exit");
    }
    return process.exitValue();
  }

  String output() throws IOException {
    return Files.readString(logFile);
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    api.close();
  }
}

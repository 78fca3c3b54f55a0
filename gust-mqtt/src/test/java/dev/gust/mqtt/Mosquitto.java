package dev.gust.mqtt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real mosquitto broker on a free loopback port, started by the test (Debian's package). */
public final class Mosquitto implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path config;

  private Mosquitto(Process process, int port, Path config) {
    this.process = process;
    this.port = port;
    this.config = config;
  }

  /** The broker binary, or a skipped test naming what to install. */
  static String binary() {
    for (String candidate : List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    assumeTrue(false, "mosquitto is not installed (apt-get install mosquitto; ./test does it)");
    return null;
  }

  public static Mosquitto start() throws Exception {
    String binary = binary();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path config = Files.createTempFile("mosquitto-", ".conf");
    Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\n"
        + "persistence false\nmax_queued_messages 100000\n");
    Process p = new ProcessBuilder(binary, "-c", config.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return new Mosquitto(p, port, config);
      } catch (IOException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new IllegalStateException("mosquitto did not start on port " + port, e);
        }
        Thread.sleep(20);
      }
    }
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    process.waitFor(10, TimeUnit.SECONDS);
    process.destroyForcibly();
    Files.deleteIfExists(config);
  }
}

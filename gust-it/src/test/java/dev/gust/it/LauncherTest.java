package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ./gust server}, the command a newcomer runs, as a real child process. */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang guard: the launcher may build the jar first
class LauncherTest {
  private static final Path GUST = Zips.root().resolve("gust");

  @Test
  void gustServerStartsServesAndStopsOnSigterm() throws Exception {
    Path data = Files.createTempDirectory("gust-launcher-");
    Process server = new ProcessBuilder(GUST.toString(), "server", "--port", "0", "--http-port", "0", "--data-dir", data.toString())
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String line;
      String endpoint = null;
      StringBuilder seen = new StringBuilder();
      while (endpoint == null && (line = out.readLine()) != null) {
        seen.append(line).append('\n');
        int at = line.indexOf("Gust listening on "); // a rebuild's output may precede it on the line
        if (at >= 0) {
          endpoint = line.substring(at + "Gust listening on ".length()).split("[ ,]")[0];
          // e.g. "started in 640 ms": printed for the record, not asserted (shared machines are noisy)
          System.out.println("./gust server: " + line);
        }
      }
      assertTrue(endpoint != null, "the server announced its endpoint:\n" + seen);
      try (InputStream in = URI.create(endpoint + "/gust/v1/health").toURL().openStream()) {
        String health = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(health.contains("\"status\":\"ok\""), health);
      }
      server.destroy(); // SIGTERM: the shutdown hook stops instances and releases the data dir
      assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server stopped on SIGTERM");
    } finally {
      server.destroyForcibly();
    }
  }

  @Test
  void aNonLoopbackBindIsRefusedWithTheReason() throws IOException, InterruptedException {
    Process p = new ProcessBuilder(GUST.toString(), "server", "--bind", "0.0.0.0", "--port", "0",
        "--data-dir", Files.createTempDirectory("gust-bind-").toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue(), output);
    assertTrue(output.contains("Refusing to listen on 0.0.0.0") && output.contains("no authentication"), output);
  }

  @Test
  void twoServersCannotShareADataDirectory() throws Exception {
    Path data = Files.createTempDirectory("gust-lock-");
    try (TestServer first = TestServer.start(data, c -> c)) {
      IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
          () -> TestServer.start(data, c -> c));
      assertTrue(e.getMessage().contains("Another Gust server is using the data directory"), e.getMessage());
      assertTrue(first.lambda.listFunctions().functions().isEmpty());
    }
  }
}

package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the Python and Node.js bootstraps' own suites (each drives the real bootstrap as a child
 * process against a stub Runtime API), so that `./test` covers them too.
 */
class BootstrapSuitesTest {

  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).directory(Zips.root().toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "suite finished");
    assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + output);
    return output;
  }

  @Test
  void pythonBootstrapSuitePasses() throws Exception {
    String out = run(List.of("python3", "-m", "unittest", "discover", "-s", "runtimes/python", "-t", "runtimes/python"));
    assertTrue(out.contains("OK"), out);
  }

  @Test
  void nodeBootstrapSuitePasses() throws Exception {
    String out = run(List.of("node", "--test", "runtimes/nodejs/test_bootstrap.mjs"));
    assertTrue(out.contains("# fail 0"), out);
  }
}

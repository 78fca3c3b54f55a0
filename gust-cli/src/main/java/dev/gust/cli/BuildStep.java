package dev.gust.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Runs gust.yaml's {@code build} command with {@code sh -c} in the function's folder, streaming its
 * output (stdout and stderr merged) to our stderr line by line, so that stdout keeps only the
 * deploy summary. Its standard input is closed: a build must not wait for a terminal.
 */
final class BuildStep {
  private BuildStep() {}

  static void run(String command, Path folder, PrintWriter log)
      throws IOException, InterruptedException, CliException {
    log.println("build: " + command);
    log.flush();
    Process process =
        new ProcessBuilder("sh", "-c", command)
            .directory(folder.toFile())
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    try (BufferedReader output =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = output.readLine(); line != null; line = output.readLine()) {
        log.println("  " + line);
        log.flush();
      }
    } catch (IOException e) {
      process.destroyForcibly();
      throw e;
    }
    int status = process.waitFor();
    if (status != 0) {
      throw new CliException(
          "build failed: '"
              + command
              + "' exited with status "
              + status
              + "; nothing was deployed");
    }
  }
}

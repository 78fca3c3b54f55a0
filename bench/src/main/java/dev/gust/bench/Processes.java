package dev.gust.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starting helper processes and timing interpreter starts. */
final class Processes {
  private Processes() {}

  /** Starts a process and waits for the stdout line starting with {@code prefix}; returns the rest. */
  static String startAndAwait(Process p, String prefix) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      int at = line.indexOf(prefix);
      if (at >= 0) {
        String rest = line.substring(at + prefix.length()).trim();
        // A platform thread: a pipe read pins a virtual thread's carrier, and with two cores two
        // such drains were seen to leave no carrier for the load's virtual threads.
        Thread.ofPlatform().daemon().name("drain-" + p.pid()).start(() -> drain(out));
        return rest;
      }
    }
    throw new IOException("process ended before printing '" + prefix + "'");
  }

  private static void drain(BufferedReader r) {
    try {
      while (r.readLine() != null) {
        // keep the pipe empty
      }
    } catch (IOException ignored) {
      // process gone
    }
  }

  /** Spawn-to-exit time of a command, {@code n} times. */
  static Stats time(List<String> command, int n) throws IOException, InterruptedException {
    long[] samples = new long[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(command + " failed");
      }
      samples[i] = System.nanoTime() - t;
    }
    return Stats.of(samples);
  }

  /** The first line a command prints. */
  static String output(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor();
    return out.lines().findFirst().orElse("");
  }
}

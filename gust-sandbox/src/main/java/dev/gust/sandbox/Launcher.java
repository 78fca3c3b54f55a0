package dev.gust.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts processes from one long-lived platform thread.
 *
 * <p>{@code bwrap --die-with-parent} uses {@code PR_SET_PDEATHSIG}, which fires when the
 * <em>thread</em> that forked the process exits, not the JVM. Started from a request's virtual
 * thread, a sandbox would die whenever the carrier thread of the moment retired; measured: a
 * sandbox started from a short-lived platform thread is SIGKILLed as soon as that thread ends. This
 * thread never ends while the JVM runs, so sandboxes die with the server and only then.
 */
final class Launcher {

  private static final ExecutorService THREAD =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "gust-sandbox-launcher");
            thread.setDaemon(true);
            return thread;
          });

  private Launcher() {}

  static Process start(ProcessBuilder builder) throws IOException {
    try {
      // join() waits without being interruptible, so no started process is ever lost.
      return CompletableFuture.supplyAsync(
              () -> {
                try {
                  return builder.start();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              },
              THREAD)
          .join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw e;
    }
  }
}

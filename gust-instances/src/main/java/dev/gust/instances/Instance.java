package dev.gust.instances;

import dev.gust.core.Clock;
import dev.gust.core.FunctionVersion;
import dev.gust.core.SandboxedProcess;
import dev.gust.runtimeapi.RuntimeEndpoint;
import dev.gust.runtimeapi.RuntimeInvocation;
import dev.gust.runtimeapi.RuntimeResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One running instance: a sandboxed process, its Runtime API endpoint and its log file.
 *
 * <p>An invocation is submitted to the endpoint and awaited on the caller's thread. The wait has
 * two phases on a cold start: init (until the runtime first polls, bounded by the init timeout)
 * and invoke (bounded by the function's timeout, counted from when the runtime received the
 * event). A timeout, a crash or running out of memory ends the invocation with Lambda's error and
 * the instance is not reused.
 */
final class Instance {
  /** A warm instance's output file is emptied once it has grown past this (and been read). */
  static final long MAX_LOG_FILE_BYTES = 8L * 1024 * 1024;

  private final String id;
  private final FunctionVersion version;
  private final Clock clock;
  private final long launchNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final Path scratchDir;
  private RuntimeEndpoint endpoint;
  private SandboxedProcess process;
  private FileChannel log;
  private long logOffset;

  // guarded by lock
  private InstanceState state = InstanceState.STARTING;

  private volatile long readyNanos;
  private volatile long lastPollNanos;
  private volatile long lastUsedNanos;
  private volatile String currentRequestId = "";
  private volatile boolean initFailed;
  private int served; // invocations started; only the thread holding the instance (BUSY) touches it

  // guarded by lock: resources are released once the process has exited and no invocation is
  // still reading its log
  private boolean invoking;
  private boolean exited;
  private boolean released;

  Instance(String id, FunctionVersion version, Clock clock, Path scratchDir) {
    this.id = id;
    this.version = version;
    this.clock = clock;
    this.scratchDir = scratchDir;
    this.launchNanos = clock.nanoTime();
    this.lastUsedNanos = launchNanos;
  }

  /** Called by the launcher once the endpoint and process exist. */
  void attach(RuntimeEndpoint endpoint, SandboxedProcess process, Path logFile)
      throws IOException {
    this.endpoint = endpoint;
    this.process = process;
    this.log = FileChannel.open(logFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
    process.onExit().thenAccept(this::exited);
  }

  /** The endpoint's events: polls and init failures. */
  RuntimeEndpoint.Events events() {
    return new RuntimeEndpoint.Events() {
      @Override
      public void nextRequested() {
        long now = clock.nanoTime();
        lastPollNanos = now;
        if (!ready.isDone()) {
          readyNanos = now;
          ready.complete(null);
        }
      }

      @Override
      public void initFailed(RuntimeResult error) {
        initFailed = true;
      }
    };
  }

  String id() {
    return id;
  }

  FunctionVersion version() {
    return version;
  }

  long lastUsedNanos() {
    return lastUsedNanos;
  }

  long pid() {
    return process.pid();
  }

  InstanceState state() {
    lock.lock();
    try {
      return state;
    } finally {
      lock.unlock();
    }
  }

  /** Applies an event if the table allows it; returns whether it did. */
  boolean transition(InstanceState.Event event) {
    lock.lock();
    try {
      if (!state.allows(event)) {
        return false;
      }
      state = state.on(event);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Runs one invocation. The instance must have been assigned (state BUSY). */
  Execution invoke(RuntimeInvocation invocation, Duration initTimeout) {
    boolean cold = served++ == 0;
    setInvoking(true);
    try {
      return run(invocation, initTimeout, cold);
    } finally {
      setInvoking(false);
    }
  }

  private Execution run(RuntimeInvocation invocation, Duration initTimeout, boolean cold) {
    currentRequestId = invocation.requestId();
    // Lambda gives init 10 s, then retries it within the invocation under the function's timeout.
    Duration initWait =
        initTimeout.compareTo(Duration.ofMillis(invocation.timeoutMs())) >= 0
            ? initTimeout
            : Duration.ofMillis(invocation.timeoutMs());
    long submitted = clock.nanoTime();
    CompletableFuture<RuntimeResult> answer;
    try {
      answer = endpoint.submit(invocation);
    } catch (IllegalStateException e) {
      String message =
          "RequestId: " + invocation.requestId() + " Error: Runtime exited before it took the event";
      answer =
          CompletableFuture.completedFuture(
              new RuntimeResult(
                  RuntimeResult.Kind.NOT_DELIVERED,
                  RuntimeResult.errorDocument("Runtime.ExitError", message),
                  "Runtime.ExitError"));
    }
    RuntimeResult result = null;
    if (!ready.isDone()) {
      try {
        CompletableFuture.anyOf(ready, answer).get(initWait.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        result = timedOut(invocation.requestId(), initWait.toMillis(), "during init");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        result = RuntimeResult.platformError("Runtime.Unknown", "interrupted");
      } catch (ExecutionException e) {
        // the answer failed: read below
      }
    }
    long started = Math.max(submitted, Math.max(readyNanos, lastPollNanos));
    if (result == null) {
      long deadline = started + TimeUnit.MILLISECONDS.toNanos(invocation.timeoutMs());
      try {
        result = answer.get(Math.max(0, deadline - clock.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        result = timedOut(invocation.requestId(), invocation.timeoutMs(), "");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        result = RuntimeResult.platformError("Runtime.Unknown", "interrupted");
      } catch (ExecutionException e) {
        result = RuntimeResult.platformError("Runtime.Unknown", String.valueOf(e.getCause()));
      }
    }
    long finished = clock.nanoTime();
    if (result.kind() == RuntimeResult.Kind.PLATFORM_ERROR
        && result.errorType().equals("Sandbox.Timedout")) {
      endpoint.abort(result);
      kill();
    }
    lastUsedNanos = finished;
    double initMs = cold ? Math.max(0, (ready.isDone() ? readyNanos : finished) - launchNanos) / 1e6 : 0;
    double durationMs = Math.max(0, finished - Math.max(started, submitted)) / 1e6;
    long peakMb = process.peakMemoryBytes().orElse(0) / (1024 * 1024);
    return new Execution(result, cold, initMs, durationMs, peakMb, drainLog(), id);
  }

  /** Whether the instance can take another invocation after the one that produced this result. */
  boolean reusableAfter(RuntimeResult result) {
    return process.isAlive()
        && !initFailed
        && (result.kind() == RuntimeResult.Kind.SUCCESS
            || result.kind() == RuntimeResult.Kind.FUNCTION_ERROR
            || result.errorType().equals("Function.ResponseSizeTooLarge"));
  }

  private RuntimeResult timedOut(String requestId, long timeoutMs, String phase) {
    return RuntimeResult.platformError(
        "Sandbox.Timedout",
        "RequestId: "
            + requestId
            + " Error: Task timed out after "
            + String.format(Locale.ROOT, "%.2f", timeoutMs / 1000.0)
            + " seconds"
            + (phase.isEmpty() ? "" : " " + phase));
  }

  /** The process ended: whatever was in flight fails with Lambda's runtime exit error. */
  private void exited(SandboxedProcess.Exit exit) {
    transition(InstanceState.Event.EXITED);
    String type = exit.oomKilled() ? "Runtime.OutOfMemory" : "Runtime.ExitError";
    String message =
        "RequestId: " + currentRequestId + " Error: Runtime exited with error: " + exit.describe();
    // One step, so that an invocation submitted while the process was dying is not left waiting.
    endpoint.close(
        RuntimeResult.platformError(type, message),
        new RuntimeResult(
            RuntimeResult.Kind.NOT_DELIVERED, RuntimeResult.errorDocument(type, message), type));
    lock.lock();
    try {
      exited = true;
    } finally {
      lock.unlock();
    }
    releaseIfDone();
  }

  private void setInvoking(boolean value) {
    lock.lock();
    try {
      invoking = value;
    } finally {
      lock.unlock();
    }
    if (!value) {
      releaseIfDone();
    }
  }

  private void releaseIfDone() {
    lock.lock();
    try {
      if (released || invoking || !exited) {
        return;
      }
      released = true;
    } finally {
      lock.unlock();
    }
    closeLog();
    deleteScratch();
  }

  /** Stops the instance: kills its processes and frees its endpoint. Idempotent. */
  void stop() {
    transition(InstanceState.Event.STOP);
    kill();
  }

  private void kill() {
    if (process != null) {
      process.kill();
    }
    if (endpoint != null) {
      endpoint.close();
    }
  }

  CompletableFuture<SandboxedProcess.Exit> onExit() {
    return process.onExit();
  }

  /** Reads what the process wrote since the last read. */
  private String drainLog() {
    try {
      lock.lock();
      try {
        long size = log.size();
        if (size <= logOffset) {
          return "";
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size - logOffset, 1 << 20));
        long skipped = size - logOffset - buf.capacity();
        long from = logOffset + Math.max(0, skipped);
        while (buf.hasRemaining()) {
          int n = log.read(buf, from + buf.position());
          if (n < 0) {
            break;
          }
        }
        logOffset = size;
        if (logOffset > MAX_LOG_FILE_BYTES) {
          // The process appends (O_APPEND), so after truncation its next write lands at 0. Output
          // written between the read above and here is lost; it is rare, and bounded disk wins.
          log.truncate(0);
          logOffset = 0;
        }
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        return skipped > 0 ? "[" + skipped + " bytes of output dropped]\n" + text : text;
      } finally {
        lock.unlock();
      }
    } catch (IOException e) {
      return "";
    }
  }

  private void closeLog() {
    try {
      if (log != null) {
        log.close();
      }
    } catch (IOException ignored) {
      // nothing more to read
    }
  }

  private void deleteScratch() {
    try (var files = Files.walk(scratchDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort; the server clears the instances directory at start-up
    }
  }
}

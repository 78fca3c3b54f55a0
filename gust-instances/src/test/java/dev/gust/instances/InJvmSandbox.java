package dev.gust.instances;

import dev.gust.core.LaunchSpec;
import dev.gust.core.Sandbox;
import dev.gust.core.SandboxView;
import dev.gust.core.SandboxedProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake sandbox for policy tests: each "process" is a virtual thread speaking the Runtime API
 * over a real socket, answering every event with {@code "<instance number>:<event>"}.
 */
final class InJvmSandbox implements Sandbox {
  final AtomicInteger launched = new AtomicInteger();
  final AtomicInteger killed = new AtomicInteger();
  final java.util.concurrent.Semaphore exits = new java.util.concurrent.Semaphore(0);
  /** When set, launch() waits for it: lets a test act in the middle of a cold start. */
  volatile java.util.concurrent.CountDownLatch launchGate;
  /** Signalled when a launch is waiting at the gate. */
  final java.util.concurrent.Semaphore launchWaiting = new java.util.concurrent.Semaphore(0);
  /** When true, each runtime exits right after its first answer, before polling again. */
  volatile boolean exitAfterFirstAnswer;

  @Override
  public SandboxView view(Path codeDir, Path runtimeDir, Path scratchDir) {
    return new SandboxView(codeDir.toString(), runtimeDir.toString(), scratchDir.toString());
  }

  @Override
  public String describe() {
    return "in-JVM fake";
  }

  @Override
  public SandboxedProcess launch(LaunchSpec spec) {
    java.util.concurrent.CountDownLatch gate = launchGate;
    if (gate != null) {
      launchWaiting.release();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int number = launched.incrementAndGet();
    String[] hostPort = spec.environment().get("AWS_LAMBDA_RUNTIME_API").split(":");
    FakeProcess process = new FakeProcess(number);
    Thread.ofVirtual().start(() -> process.loop(hostPort[0], Integer.parseInt(hostPort[1])));
    return process;
  }

  final class FakeProcess implements SandboxedProcess {
    private final int number;
    private final CompletableFuture<Exit> exit = new CompletableFuture<>();
    private volatile Socket socket;

    FakeProcess(int number) {
      this.number = number;
    }

    void loop(String host, int port) {
      try (Socket s = new Socket(host, port)) {
        socket = s;
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream out = s.getOutputStream();
        while (true) {
          out.write("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          String id = null;
          int length = 0;
          in.readLine();
          for (String line; !(line = in.readLine()).isEmpty(); ) {
            String lower = line.toLowerCase();
            if (lower.startsWith("lambda-runtime-aws-request-id:")) {
              id = line.substring(line.indexOf(':') + 1).trim();
            } else if (lower.startsWith("content-length:")) {
              length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
          }
          char[] body = new char[length];
          for (int read = 0; read < length; ) {
            read += in.read(body, read, length - read);
          }
          byte[] answer = ("\"" + number + ":" + new String(body).replace("\"", "'") + "\"").getBytes(StandardCharsets.UTF_8);
          out.write(("POST /2018-06-01/runtime/invocation/" + id + "/response HTTP/1.1\r\nHost: x\r\nContent-Length: "
              + answer.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
          out.write(answer);
          out.flush();
          in.readLine();
          int ackLength = 0;
          for (String line; !(line = in.readLine()).isEmpty(); ) {
            if (line.toLowerCase().startsWith("content-length:")) {
              ackLength = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
          }
          in.skip(ackLength);
          if (exitAfterFirstAnswer) {
            break;
          }
        }
        if (exit.complete(new Exit(0, 0, false))) {
          exits.release();
        }
      } catch (IOException | RuntimeException e) {
        exit.complete(new Exit(0, 9, false));
      }
    }

    @Override
    public long pid() {
      return number;
    }

    @Override
    public boolean isAlive() {
      return !exit.isDone();
    }

    @Override
    public CompletableFuture<Exit> onExit() {
      return exit;
    }

    @Override
    public boolean ownsConnection(InetSocketAddress local, InetSocketAddress remote) {
      return true;
    }

    @Override
    public OptionalLong peakMemoryBytes() {
      return OptionalLong.empty();
    }

    @Override
    public boolean oomKilled() {
      return false;
    }

    @Override
    public void kill() {
      killed.incrementAndGet();
      try {
        if (socket != null) {
          socket.close();
        }
      } catch (IOException ignored) {
        // closing
      }
      exit.complete(new Exit(0, 9, false));
    }
  }
}

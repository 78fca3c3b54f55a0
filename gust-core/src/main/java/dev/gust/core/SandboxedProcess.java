package dev.gust.core;

import java.net.InetSocketAddress;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/** A running instance process, seen from the platform. */
public interface SandboxedProcess {

  /** The host pid of the process Gust started. */
  long pid();

  boolean isAlive();

  /** Completes when the process has exited and its resources are released. */
  CompletableFuture<Exit> onExit();

  /**
   * True when the TCP connection between {@code local} (the platform's end) and {@code remote}
   * (the peer) belongs to a process of this instance. The Runtime API uses this so that one
   * instance can never fetch or answer another instance's invocations.
   */
  boolean ownsConnection(InetSocketAddress local, InetSocketAddress remote);

  /** The highest memory use of the instance so far, when the sandbox can measure it. */
  OptionalLong peakMemoryBytes();

  /** True when the sandbox killed the instance for exceeding its memory limit. */
  boolean oomKilled();

  /** Kills every process of the instance and releases its resources; idempotent. */
  void kill();

  /**
   * How a process ended.
   *
   * @param code the exit status ({@code 128+n} when killed by signal n)
   * @param signal the signal that killed it, or 0
   * @param oomKilled true when the memory limit killed it
   */
  record Exit(int code, int signal, boolean oomKilled) {
    /** Lambda's wording: {@code exit status 1} or {@code signal: killed}. */
    public String describe() {
      if (signal != 0) {
        return "signal: " + signalName(signal);
      }
      return "exit status " + code;
    }

    private static String signalName(int signal) {
      return switch (signal) {
        case 9 -> "killed";
        case 15 -> "terminated";
        case 6 -> "aborted";
        case 11 -> "segmentation fault";
        case 2 -> "interrupt";
        default -> "signal " + signal;
      };
    }
  }
}

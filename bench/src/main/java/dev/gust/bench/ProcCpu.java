package dev.gust.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time from Linux's /proc: of one process (all its threads), of its descendants (a server's
 * function instances), and of the whole machine. Read before and after a measured window, the
 * differences say where the CPU went. Zero everywhere /proc is missing.
 */
final class ProcCpu {
  private static final double TICK_NANOS = 1e9 / clockTicks();

  private ProcCpu() {}

  /** CPU nanoseconds (user + system) of one process, or 0 when it is gone. */
  static long process(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
      // the command name may hold spaces and parentheses: fields are counted after the last ')'
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after the name: state(3) ppid(4) ... utime(14) stime(15), so index = field - 3
      return (long) ((Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** CPU nanoseconds of the living descendants of a process (not the process itself). */
  static long descendants(long pid) {
    return ProcessHandle.of(pid)
        .map(p -> p.descendants().mapToLong(d -> process(d.pid())).sum())
        .orElse(0L);
  }

  /** The machine's CPU counters: busy and total ticks over all cores, from /proc/stat. */
  record Machine(long busy, long total) {
    static Machine now() {
      try {
        List<String> lines = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII);
        String[] f = lines.get(0).trim().split("\\s+"); // cpu user nice system idle iowait irq softirq steal
        long total = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) {
          total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new Machine(total - idle, total);
      } catch (IOException | RuntimeException e) {
        return new Machine(0, 0);
      }
    }

    /** The share of all cores that was busy between {@code before} and this, 0 to 1. */
    double busySince(Machine before) {
      long t = total - before.total;
      return t <= 0 ? Double.NaN : (double) (busy - before.busy) / t;
    }
  }

  private static long clockTicks() {
    try {
      String out = Processes.output("getconf", "CLK_TCK");
      return Long.parseLong(out.trim());
    } catch (IOException | InterruptedException | RuntimeException e) {
      return 100;
    }
  }
}

package dev.gust.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the CPU went during a measured row, from Linux's {@code /proc}: the Gust server process
 * (and per thread), the processes it started (function instances, through bubblewrap), this
 * benchmark's own process (the clients), and everything else on the machine (other users).
 */
final class Cpu {
  private static final double TICK = 100.0; // USER_HZ
  private final long serverPid;

  Cpu(long serverPid) {
    this.serverPid = serverPid;
  }

  /** CPU seconds used so far, by who. */
  record Sample(long nanos, double machineBusy, double server, double children, double client,
      Map<String, Double> serverThreads) {}

  /** The difference of two samples, in cores (CPU seconds per wall second). */
  record Use(double seconds, double machine, double server, double children, double client,
      List<Map.Entry<String, Double>> topThreads) {
    double others() {
      return Math.max(0, machine - server - children - client);
    }

    String cores() {
      return String.format(Locale.ROOT, "%.2f / %.2f / %.2f / %.2f", server, children, client, others());
    }

    String threads(int n) {
      StringBuilder b = new StringBuilder();
      for (var e : topThreads.subList(0, Math.min(n, topThreads.size()))) {
        if (b.length() > 0) {
          b.append(", ");
        }
        b.append(String.format(Locale.ROOT, "`%s` %.2f", e.getKey(), e.getValue()));
      }
      return b.toString();
    }
  }

  Sample sample() {
    return new Sample(System.nanoTime(), machineBusy(), procCpu(Path.of("/proc/" + serverPid + "/stat")),
        childrenCpu(), clientCpu(), threads());
  }

  static Use between(Sample a, Sample b) {
    double wall = (b.nanos() - a.nanos()) / 1e9;
    Map<String, Double> per = new HashMap<>();
    for (var e : b.serverThreads().entrySet()) {
      double d = e.getValue() - a.serverThreads().getOrDefault(e.getKey(), 0.0);
      if (d > 0) {
        per.merge(e.getKey().substring(e.getKey().indexOf(' ') + 1), d / wall, Double::sum);
      }
    }
    List<Map.Entry<String, Double>> top = new ArrayList<>(per.entrySet());
    top.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
    return new Use(wall, (b.machineBusy() - a.machineBusy()) / wall, (b.server() - a.server()) / wall,
        Math.max(0, b.children() - a.children()) / wall, (b.client() - a.client()) / wall, top);
  }

  /** Non-idle CPU seconds of the whole machine (all cores) since boot. */
  private static double machineBusy() {
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = first.trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(f[i]);
        }
      }
      return busy / TICK;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** utime + stime of a process or thread, in seconds (0 when gone). */
  private static double procCpu(Path stat) {
    try {
      String s = Files.readString(stat);
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      // fields after the comm: state(0) ppid(1) ... utime(11) stime(12)
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICK;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long ppid(Path stat) {
    try {
      String s = Files.readString(stat);
      return Long.parseLong(s.substring(s.lastIndexOf(')') + 2).split(" ")[1]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** CPU of every live descendant of the server (sandboxed function instances). */
  private double childrenCpu() {
    Map<Long, Long> parent = new HashMap<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs.forEach(p -> {
        String name = p.getFileName().toString();
        if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
          parent.put(Long.parseLong(name), ppid(p.resolve("stat")));
        }
      });
    } catch (IOException e) {
      return 0;
    }
    Set<Long> inside = new HashSet<>();
    inside.add(serverPid);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (var e : parent.entrySet()) {
        if (!inside.contains(e.getKey()) && inside.contains(e.getValue())) {
          inside.add(e.getKey());
          grew = true;
        }
      }
    }
    double total = 0;
    for (long pid : inside) {
      if (pid != serverPid) {
        total += procCpu(Path.of("/proc/" + pid + "/stat"));
      }
    }
    return total;
  }

  /** Each server thread's CPU, keyed "tid name". */
  private Map<String, Double> threads() {
    Map<String, Double> out = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + serverPid + "/task"))) {
      tasks.forEach(t -> {
        try {
          String name = Files.readString(t.resolve("comm")).strip();
          out.put(t.getFileName() + " " + name, procCpu(t.resolve("stat")));
        } catch (IOException ignored) {
          // thread ended
        }
      });
    } catch (IOException ignored) {
      // server gone
    }
    return out;
  }

  private static double clientCpu() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime() / 1e9;
    }
    return 0;
  }
}

package dev.gust.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The HTTP front door under load: a hello route served by Gust (Python and Node functions behind
 * the gateway port) against Cloudflare's {@code workerd} serving an equivalent hello worker, a
 * plain HTTP hello server (the limit), and Gust's Lambda {@code Invoke} of the same Python function
 * (the path without the gateway). Closed-loop load at concurrency 1, 16 and 64, one keep-alive
 * HTTP/1.1 connection per worker; requests/s, p50 and p99 latency, errors, and where the CPU went.
 * Prints a Markdown report.
 *
 * <p>Usage: {@code bench/gateway [seconds-per-row] [warm-up-seconds] [options]} (builds, installs
 * workerd from npm, then runs this). Options: {@code --workerd PATH} or {@code --workerd-missing
 * REASON}, {@code --client raw|jdk}, {@code --threads platform|virtual}, {@code --concurrency
 * 1,16,64}, {@code --only name,name} (targets: hello, workerd, route-py, route-node, invoke-py),
 * {@code --no-client-check}. The server's JVM flags come from {@code GUST_SERVER_JAVA_OPTS}
 * (default: the flags {@code ./gust} uses).
 */
public final class GatewayBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEFAULT_SERVER_OPTS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1";
  private static final String WORKER_JS = """
      export default {
        async fetch(request) {
          return new Response("hello");
        },
      };
      """;

  private final Path root;
  private final int seconds;
  private final int warmup;
  private final Map<String, String> options;
  private final String client;
  private final boolean virtualThreads;
  private final int[] levels;
  private final List<Process> children = new ArrayList<>();
  private final Http http = new Http();
  private String gust;
  private String gateway;

  private GatewayBench(Path root, int seconds, int warmup, Map<String, String> options) {
    this.root = root;
    this.seconds = seconds;
    this.warmup = warmup;
    this.options = options;
    this.client = options.getOrDefault("client", "raw");
    if (!client.equals("raw") && !client.equals("jdk")) {
      throw new IllegalArgumentException("--client is raw or jdk");
    }
    // The JDK client runs on virtual threads, as ColdWarmBench does; the raw client blocks in the
    // kernel on platform threads, which costs the fewest hand-offs.
    this.virtualThreads =
        options.getOrDefault("threads", client.equals("jdk") ? "virtual" : "platform").equals("virtual");
    this.levels = Arrays.stream(options.getOrDefault("concurrency", "1,16,64").split(","))
        .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 3; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + a);
      }
      String name = a.substring(2);
      if (name.startsWith("no-")) {
        options.put(name, "true");
      } else {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        options.put(name, args[++i]);
      }
    }
    new GatewayBench(root, seconds, warmup, options).run();
  }

  // ---- targets -------------------------------------------------------------------------------

  /**
   * One thing under load. {@code pid} is the process whose CPU is the server's; for Gust its
   * descendants (the function instances) are counted apart.
   */
  private record Target(
      String key, String label, URI url, String method, String body, Predicate<String> expected,
      long pid, boolean instances) {}

  private record Row(
      Target target, int concurrency, String client, long count, double throughput, Stats stats,
      int errors, double clientCpuUs, double serverCpuUs, double instancesCpuUs, double busy,
      double othersCores) {
    /** Machine busy over the window, and the cores' worth of it that was neither client nor server. */
    String load() {
      return String.format(Locale.ROOT, "%.0f%% (others %.2f)", 100 * busy, othersCores);
    }
  }

  private void run() throws Exception {
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopChildren));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path data = Files.createTempDirectory("gust-gateway-bench-");
    StringBuilder report = new StringBuilder();
    List<String> notes = new ArrayList<>();
    try {
      String serverOpts = System.getenv().getOrDefault("GUST_SERVER_JAVA_OPTS", DEFAULT_SERVER_OPTS).trim();
      List<String> cmd = new ArrayList<>(List.of(java));
      if (!serverOpts.isEmpty()) {
        cmd.addAll(List.of(serverOpts.split("\\s+")));
      }
      cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-jar",
          root.resolve("gust-server/target/gust.jar").toString(), "server", "--data-dir", data.toString(),
          "--port", "0", "--http-port", "0"));
      Process server = start(new ProcessBuilder(cmd).redirectErrorStream(true));
      String listening = Processes.startAndAwait(server, "Gust listening on");
      // "http://127.0.0.1:P, HTTP API routes on http://127.0.0.1:Q (data: ...)"
      gust = listening.substring(0, listening.indexOf(',')).trim();
      String after = listening.substring(listening.indexOf("HTTP API routes on ") + "HTTP API routes on ".length());
      gateway = after.substring(0, after.indexOf(' ')).trim();

      Process hello = start(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          HelloServer.class.getName(), "hello", "text/plain;charset=UTF-8").redirectErrorStream(true));
      String helloUrl = Processes.startAndAwait(hello, "listening on");

      String workerdLabel;
      String workerdUrl = null;
      long workerdPid = 0;
      String why = options.get("workerd-missing");
      if (options.containsKey("workerd")) {
        Path bin = Path.of(options.get("workerd"));
        workerdLabel = "workerd";
        try {
          workerdLabel = Processes.output(bin.toString(), "--version"); // "workerd 2026-11-23"
          Process w = startWorkerd(bin);
          workerdPid = w.pid();
          workerdUrl = "http://127.0.0.1:" + workerdPort;
        } catch (IOException e) {
          why = "workerd did not start: " + e.getMessage();
        }
      } else {
        workerdLabel = "workerd";
        if (why == null) {
          why = "no workerd binary was given (--workerd PATH)";
        }
      }
      if (workerdUrl == null) {
        notes.add("**workerd was not measured**: " + why);
        System.err.println("workerd missing: " + why);
      }

      deploy();
      List<Target> targets = new ArrayList<>();
      Predicate<String> hi = "hello"::equals;
      targets.add(new Target("hello", "plain HTTP hello server (JDK `HttpServer`, the limit)",
          URI.create(helloUrl + "/"), "GET", null, hi, hello.pid(), false));
      if (workerdUrl != null) {
        targets.add(new Target("workerd", "`" + workerdLabel + "` hello worker", URI.create(workerdUrl + "/"), "GET",
            null, hi, workerdPid, false));
      }
      targets.add(new Target("route-py", "Gust route → Python (`python3.11`)", URI.create(gateway + "/hello"),
          "GET", null, hi, server.pid(), true));
      targets.add(new Target("route-node", "Gust route → Node (`nodejs20.x`)", URI.create(gateway + "/hello-node"),
          "GET", null, hi, server.pid(), true));
      targets.add(new Target("invoke-py", "Gust `Invoke` → Python (no gateway)",
          URI.create(gust + "/2015-03-31/functions/hello-py/invocations"), "POST", "{}",
          b -> b.contains("\"statusCode\"") && b.contains("hello"), server.pid(), true));
      if (options.containsKey("only")) {
        List<String> only = List.of(options.get("only").split(","));
        targets.removeIf(t -> !only.contains(t.key()));
      }
      for (Target t : List.copyOf(targets)) {
        String problem = verify(t);
        if (problem != null) {
          notes.add("**" + t.label() + " was not measured**: " + problem);
          System.err.println(t.label() + ": " + problem);
          targets.remove(t);
        }
      }

      report.append(machine(serverOpts)).append('\n');
      List<Row> rows = new ArrayList<>();
      List<Row> check = new ArrayList<>();
      String other = client.equals("raw") ? "jdk" : "raw";
      for (int c : levels) {
        for (Target t : targets) {
          System.err.printf(Locale.ROOT, "%s at concurrency %d...%n", t.key(), c);
          Row r = measure(t, c, client, virtualThreads);
          rows.add(r);
          System.err.println("  " + line(r));
          if (!options.containsKey("no-client-check") && (t.key().equals("hello") || t.key().equals("workerd"))) {
            Row o = measure(t, c, other, other.equals("jdk"));
            check.add(r);
            check.add(o);
            System.err.println("  " + line(o));
          }
        }
      }
      Paired paired = null;
      Target routePy = targets.stream().filter(t -> t.key().equals("route-py")).findFirst().orElse(null);
      Target invokePy = targets.stream().filter(t -> t.key().equals("invoke-py")).findFirst().orElse(null);
      if (routePy != null && invokePy != null) {
        System.err.println("route-py and invoke-py alternating (paired overhead)...");
        paired = paired(routePy, invokePy);
        System.err.printf(Locale.ROOT, "  %d pairs: route p50 %s, invoke p50 %s%n", paired.pairs(),
            Stats.ms(paired.route().p50()), Stats.ms(paired.invoke().p50()));
      }
      report.append(table(rows)).append('\n');
      report.append(derived(rows, paired, workerdUrl != null)).append('\n');
      if (!check.isEmpty()) {
        report.append(clientCheck(check)).append('\n');
      }
      for (String n : notes) {
        report.append("- ").append(n).append('\n');
      }
      System.out.println(report);
    } finally {
      http.close();
      stopChildren();
      deleteTree(data);
    }
  }

  private Process start(ProcessBuilder pb) throws IOException {
    Process p = pb.start();
    synchronized (children) {
      children.add(p);
    }
    return p;
  }

  private void stopChildren() {
    List<Process> all;
    synchronized (children) {
      all = new ArrayList<>(children);
      children.clear();
    }
    for (Process p : all) {
      p.destroy();
    }
    for (Process p : all) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---- workerd -------------------------------------------------------------------------------

  private int workerdPort;

  /** Writes a config with one ES-module worker and one socket on a free loopback port, serves it. */
  private Process startWorkerd(Path bin) throws IOException, InterruptedException {
    Path dir = root.resolve("bench/target/workerd-run");
    Files.createDirectories(dir);
    workerdPort = freePort();
    Files.writeString(dir.resolve("worker.mjs"), WORKER_JS);
    Files.writeString(dir.resolve("config.capnp"), """
        using Workerd = import "/workerd/workerd.capnp";

        const config :Workerd.Config = (
          services = [ (name = "hello", worker = .hello) ],
          sockets = [ (name = "http", address = "127.0.0.1:%d", http = (), service = "hello") ],
        );

        const hello :Workerd.Worker = (
          modules = [ (name = "worker.mjs", esModule = embed "worker.mjs") ],
          compatibilityDate = "2024-09-23",
        );
        """.formatted(workerdPort));
    Path log = dir.resolve("workerd.log");
    Process p = start(new ProcessBuilder(bin.toString(), "serve", "config.capnp").directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    URI url = URI.create("http://127.0.0.1:" + workerdPort + "/");
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("exit code " + p.exitValue() + ": " + tail(log));
      }
      try (RawHttp c = new RawHttp(url, "GET", null)) {
        if (c.call().status() == 200) {
          return p;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    p.destroyForcibly();
    throw new IOException("not answering on port " + workerdPort + " after 30 s: " + tail(log));
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      String last = String.join(" / ", lines.subList(Math.max(0, lines.size() - 5), lines.size())).strip();
      return last.isEmpty() ? "(no output)" : last;
    } catch (IOException e) {
      return "(no output)";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  // ---- Gust ----------------------------------------------------------------------------------

  private void deploy() throws Exception {
    create("hello-py", "python3.11", "app.handler", zip(Map.of("app.py",
        "def handler(event, context):\n    return {\"statusCode\": 200, \"body\": \"hello\"}\n")));
    create("hello-node", "nodejs20.x", "index.handler", zip(Map.of("index.js",
        "exports.handler = async () => ({ statusCode: 200, body: \"hello\" });\n")));
    route("GET /hello", "hello-py");
    route("GET /hello-node", "hello-node");
  }

  private void create(String name, String runtime, String handler, byte[] zip) throws Exception {
    String body = JSON.writeValueAsString(Map.of("FunctionName", name, "Runtime", runtime, "Handler", handler,
        "Role", "arn:aws:iam::000000000000:role/bench", "MemorySize", 128, "Timeout", 30,
        "Code", Map.of("ZipFile", Base64.getEncoder().encodeToString(zip))));
    HttpResponse<String> r = http.post(gust + "/2015-03-31/functions", body);
    if (r.statusCode() != 201) {
      throw new IOException("CreateFunction " + name + " failed: " + r.statusCode() + " " + r.body());
    }
  }

  private void route(String key, String function) throws Exception {
    String body = JSON.writeValueAsString(Map.of("RouteKey", key, "FunctionName", function,
        "PayloadFormatVersion", "2.0", "TimeoutInMillis", 30000));
    HttpResponse<String> r = http.post(gust + "/gust/v1/routes", body);
    if (r.statusCode() != 201) {
      throw new IOException("route " + key + " failed: " + r.statusCode() + " " + r.body());
    }
  }

  /** One request, checked: null when the target answers as expected, else what went wrong. */
  private static String verify(Target t) {
    try (RawHttp c = new RawHttp(t.url(), t.method(), t.body())) {
      RawHttp.Reply r = c.call();
      if (r.status() != 200 || r.functionError() || !t.expected().test(r.text())) {
        return "unexpected answer " + r.status() + (r.functionError() ? " (function error)" : "") + ": " + r.text();
      }
      return null;
    } catch (IOException e) {
      return e.toString();
    }
  }

  // ---- load ----------------------------------------------------------------------------------

  /** What one worker does per request: true when the answer was a 200 without a function error. */
  private interface Caller extends AutoCloseable {
    boolean call() throws IOException, InterruptedException;

    @Override
    void close();
  }

  private static Caller caller(Target t, String kind, Http shared) {
    if (kind.equals("raw")) {
      RawHttp c = new RawHttp(t.url(), t.method(), t.body());
      return new Caller() {
        @Override
        public boolean call() throws IOException {
          RawHttp.Reply r = c.call();
          return r.status() == 200 && !r.functionError();
        }

        @Override
        public void close() {
          c.close();
        }
      };
    }
    String url = t.url().toString();
    Map<String, String> headers = t.body() == null ? Map.of() : Map.of("Content-Type", "application/json");
    return new Caller() {
      @Override
      public boolean call() throws IOException, InterruptedException {
        HttpResponse<String> r = shared.send(t.method(), url, t.body(), headers);
        return r.statusCode() == 200 && r.headers().firstValue("X-Amz-Function-Error").isEmpty();
      }

      @Override
      public void close() {}
    };
  }

  /**
   * Closed loop: each worker sends its next request when the last one is answered. Every worker
   * first completes one request (so Gust has started an instance per worker), then all run the
   * warm-up, then the measured window; only requests that start and end inside it count.
   */
  private Row measure(Target t, int concurrency, String kind, boolean virtual) throws Exception {
    CountDownLatch firstDone = new CountDownLatch(concurrency);
    Window window = new Window();
    AtomicInteger loggedErrors = new AtomicInteger();
    List<long[]> samples = new ArrayList<>();
    int[] errors = new int[concurrency];
    Thread[] workers = new Thread[concurrency];
    long[][] results = new long[concurrency][];
    Http shared = kind.equals("jdk") ? new Http() : null;
    for (int i = 0; i < concurrency; i++) {
      int w = i;
      Runnable work = () -> {
        long[] buf = new long[1 << 14];
        int n = 0;
        boolean first = true;
        try (Caller c = caller(t, kind, shared)) {
          while (true) {
            long t0 = System.nanoTime();
            boolean ok;
            try {
              ok = c.call();
            } catch (IOException e) {
              ok = false;
              if (loggedErrors.incrementAndGet() <= 3) {
                System.err.println("  request to " + t.url() + " failed: " + e);
              }
            }
            long t1 = System.nanoTime();
            if (first) {
              first = false;
              firstDone.countDown();
            }
            if (t1 > window.end) {
              break;
            }
            if (t0 >= window.start) {
              if (ok) {
                if (n == buf.length) {
                  buf = Arrays.copyOf(buf, n * 2);
                }
                buf[n++] = t1 - t0;
              } else {
                errors[w]++;
              }
            }
            if (!ok) {
              Thread.sleep(5); // no hot loop against a failing target
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        results[w] = Arrays.copyOf(buf, n);
      };
      workers[i] = (virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon()).start(work);
    }
    if (!firstDone.await(180, TimeUnit.SECONDS)) {
      System.err.println("  not every worker got a first answer within 180 s");
    }
    long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
    long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
    window.start = warmEnd;
    window.end = end;
    sleepUntil(warmEnd);
    long self = ProcessHandle.current().pid();
    long client0 = ProcCpu.process(self);
    long server0 = ProcCpu.process(t.pid());
    long inst0 = t.instances() ? ProcCpu.descendants(t.pid()) : 0;
    ProcCpu.Machine m0 = ProcCpu.Machine.now();
    sleepUntil(end);
    ProcCpu.Machine m1 = ProcCpu.Machine.now();
    long client1 = ProcCpu.process(self);
    long server1 = ProcCpu.process(t.pid());
    long inst1 = t.instances() ? ProcCpu.descendants(t.pid()) : 0;
    for (Thread w : workers) {
      w.join();
    }
    if (shared != null) {
      shared.close();
    }
    long count = 0;
    int errs = 0;
    for (int i = 0; i < concurrency; i++) {
      samples.add(results[i]);
      count += results[i].length;
      errs += errors[i];
    }
    long[] merged = new long[(int) count];
    int at = 0;
    for (long[] s : samples) {
      System.arraycopy(s, 0, merged, at, s.length);
      at += s.length;
    }
    double per = count == 0 ? Double.NaN : 1e3 * count;
    double busy = m1.busySince(m0);
    long ours = (client1 - client0) + (server1 - server0) + (inst1 - inst0);
    double others = busy * Runtime.getRuntime().availableProcessors() - ours / (seconds * 1e9);
    return new Row(t, concurrency, kind, count, count / (seconds * 1.0), Stats.of(merged), errs,
        (client1 - client0) / per, (server1 - server0) / per, (inst1 - inst0) / per, busy, Math.max(0, others));
  }

  /** The measured window, in {@link System#nanoTime()}; unset (never reached) until the warm-up starts. */
  private static final class Window {
    volatile long start = Long.MAX_VALUE;
    volatile long end = Long.MAX_VALUE;
  }

  /** Route and Invoke latencies taken alternately by one worker, and their per-pair differences. */
  private record Paired(Stats route, Stats invoke, Stats differences, int pairs, int errors) {}

  /**
   * The gateway's overhead measured in pairs: one worker sends a route request, then an {@code
   * Invoke} of the same function (the same warm instance serves both), and so on. Whatever else
   * the machine is doing weighs on both halves of a pair alike, which separate rows seconds apart
   * cannot promise on a shared machine.
   */
  private Paired paired(Target route, Target invoke) throws InterruptedException {
    long[] r = new long[1 << 14];
    long[] i = new long[1 << 14];
    int n = 0;
    int errors = 0;
    try (RawHttp rc = new RawHttp(route.url(), route.method(), route.body());
        RawHttp ic = new RawHttp(invoke.url(), invoke.method(), invoke.body())) {
      long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
      long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
      while (true) {
        long t0 = System.nanoTime();
        boolean ok;
        long t1;
        long t2;
        try {
          RawHttp.Reply a = rc.call();
          t1 = System.nanoTime();
          RawHttp.Reply b = ic.call();
          t2 = System.nanoTime();
          ok = a.status() == 200 && b.status() == 200 && !b.functionError();
        } catch (IOException e) {
          ok = false;
          t1 = t2 = System.nanoTime();
        }
        if (t2 > end) {
          break;
        }
        if (t0 < warmEnd) {
          continue;
        }
        if (!ok) {
          errors++;
          Thread.sleep(5);
          continue;
        }
        if (n == r.length) {
          r = Arrays.copyOf(r, n * 2);
          i = Arrays.copyOf(i, n * 2);
        }
        r[n] = t1 - t0;
        i[n] = t2 - t1;
        n++;
      }
    }
    long[] d = new long[n];
    for (int k = 0; k < n; k++) {
      d[k] = r[k] - i[k];
    }
    return new Paired(Stats.of(Arrays.copyOf(r, n)), Stats.of(Arrays.copyOf(i, n)), Stats.of(d), n, errors);
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  // ---- report --------------------------------------------------------------------------------

  private String machine(String serverOpts) throws Exception {
    String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
        .filter(l -> l.startsWith("model name")).findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    String sandbox = JSON.readTree(http.send("GET", gust + "/gust/v1/health", null, Map.of()).body())
        .get("sandbox").asText();
    return "Machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
        + Processes.output("uname", "-sr") + ", JDK " + System.getProperty("java.version") + ", "
        + Processes.output("python3", "--version") + ", Node " + Processes.output("node", "--version")
        + "; sandbox: " + sandbox + ".\n\n"
        + "Load: closed loop, one keep-alive HTTP/1.1 connection per worker, client "
        + describe(client, virtualThreads) + "; each row: every worker's first answer, " + warmup
        + " s warm-up, then " + seconds + " s measured. `gust server` JVM flags: `"
        + (serverOpts.isEmpty() ? "(none)" : serverOpts) + "`.\n";
  }

  private static String describe(String kind, boolean virtual) {
    return (kind.equals("raw") ? "a raw-socket HTTP/1.1 client (`RawHttp`)" : "the JDK `HttpClient`")
        + " on " + (virtual ? "virtual" : "platform") + " threads";
  }

  private static String line(Row r) {
    return String.format(Locale.ROOT, "%s c=%d %s: %.0f req/s p50 %s p99 %s errors %d cpu/req client %.0f server %.0f (instances %.0f) µs busy %s",
        r.target().key(), r.concurrency(), r.client(), r.throughput(), Stats.ms(r.stats().p50()),
        Stats.ms(r.stats().p99()), r.errors(), r.clientCpuUs(), r.serverCpuUs() + r.instancesCpuUs(),
        r.instancesCpuUs(), r.load());
  }

  private String table(List<Row> rows) {
    StringBuilder t = new StringBuilder();
    t.append("| target | concurrency | requests/s | p50 ms | p99 ms | errors | client CPU µs/req | server CPU µs/req (of which function instances) | machine busy (others, cores) |\n");
    t.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      String server = r.target().instances()
          ? String.format(Locale.ROOT, "%.0f (%.0f)", r.serverCpuUs() + r.instancesCpuUs(), r.instancesCpuUs())
          : String.format(Locale.ROOT, "%.0f", r.serverCpuUs());
      t.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %s | %s | %d | %.0f | %s | %s |%n",
          r.target().label(), r.concurrency(), r.throughput(), Stats.ms(r.stats().p50()), Stats.ms(r.stats().p99()),
          r.errors(), r.clientCpuUs(), server, r.load()));
    }
    return t.toString();
  }

  private static Row find(List<Row> rows, String key, int c) {
    return rows.stream().filter(r -> r.target().key().equals(key) && r.concurrency() == c).findFirst().orElse(null);
  }

  private String derived(List<Row> rows, Paired paired, boolean haveWorkerd) {
    StringBuilder t = new StringBuilder("### Derived figures\n\n");
    Row route = find(rows, "route-py", levels[0]);
    Row invoke = find(rows, "invoke-py", levels[0]);
    if (paired != null) {
      double overheadUs = 1000 * (paired.route().p50() - paired.invoke().p50());
      t.append(String.format(Locale.ROOT,
          "- Gateway overhead p50 at concurrency 1, paired (one worker alternating a route request and an `Invoke`"
              + " of the same Python function, %d pairs, %d errors): route p50 %s ms − `Invoke` p50 %s ms ="
              + " **%.0f µs** (target < 300 µs: %s). Median of the per-pair differences: %.0f µs.%n",
          paired.pairs(), paired.errors(), Stats.ms(paired.route().p50()), Stats.ms(paired.invoke().p50()),
          overheadUs, overheadUs < 300 ? "met" : "not met", 1000 * paired.differences().p50()));
    }
    if (route != null && invoke != null) {
      double overheadUs = 1000 * (route.stats().p50() - invoke.stats().p50());
      t.append(String.format(Locale.ROOT,
          "- The same from the table's separate rows at concurrency %d (route → Python p50 %s ms − `Invoke` → Python"
              + " p50 %s ms): %.0f µs (rows run seconds apart on a shared machine: the paired figure is the one to"
              + " read).%n",
          levels[0], Stats.ms(route.stats().p50()), Stats.ms(invoke.stats().p50()), overheadUs));
    }
    Row hello = find(rows, "hello", levels[0]);
    if (route != null && hello != null) {
      t.append(String.format(Locale.ROOT,
          "- For scale: route → Python p50 − plain hello server p50 at concurrency %d: %.0f µs.%n",
          levels[0], 1000 * (route.stats().p50() - hello.stats().p50())));
    }
    t.append('\n');
    if (!haveWorkerd || rows.stream().noneMatch(r -> r.target().key().equals("workerd"))) {
      t.append("Throughput against workerd: not measured (workerd missing, see below).\n");
      return t.toString();
    }
    t.append("| concurrency | workerd requests/s | Gust route → Python / workerd | Gust route → Node / workerd | target ≥ 1.00 |\n");
    t.append("|---|---|---|---|---|\n");
    for (int c : levels) {
      Row w = find(rows, "workerd", c);
      Row py = find(rows, "route-py", c);
      Row node = find(rows, "route-node", c);
      if (w == null) {
        continue;
      }
      Double rp = py == null ? null : py.throughput() / w.throughput();
      Double rn = node == null ? null : node.throughput() / w.throughput();
      boolean met = (rp == null || rp >= 1) && (rn == null || rn >= 1);
      t.append(String.format(Locale.ROOT, "| %d | %.0f | %s | %s | %s |%n", c, w.throughput(),
          rp == null ? "–" : String.format(Locale.ROOT, "%.2f", rp),
          rn == null ? "–" : String.format(Locale.ROOT, "%.2f", rn), met ? "met" : "not met"));
    }
    return t.toString();
  }

  private String clientCheck(List<Row> check) {
    StringBuilder t = new StringBuilder("### Which client is the limit\n\n");
    t.append("The same servers driven by both clients (rows above use ").append(describe(client, virtualThreads))
        .append("):\n\n");
    t.append("| target | concurrency | client | requests/s | p50 ms | p99 ms | client CPU µs/req | machine busy (others, cores) |\n");
    t.append("|---|---|---|---|---|---|---|---|\n");
    check.sort(Comparator.comparing((Row r) -> r.target().key()).thenComparingInt(Row::concurrency));
    for (Row r : check) {
      t.append(String.format(Locale.ROOT, "| %s | %d | %s | %.0f | %s | %s | %.0f | %s |%n",
          r.target().key(), r.concurrency(),
          describe(r.client(), r.client().equals(client) ? virtualThreads : r.client().equals("jdk")),
          r.throughput(), Stats.ms(r.stats().p50()), Stats.ms(r.stats().p99()), r.clientCpuUs(), r.load()));
    }
    return t.toString();
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static byte[] zip(Map<String, String> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        z.putNextEntry(new ZipEntry(f.getKey()));
        z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}

package dev.gust.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Cold starts per runtime and warm invocations of a no-op Python function, each beside a baseline
 * measured in the same run: the interpreter's own start for cold starts, a plain HTTP hello
 * server for warm invocations. Prints a Markdown report.
 *
 * <p>Usage: {@code bench/run} (builds, then runs this with the repository root as argument).
 */
public final class ColdWarmBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Http http = new Http();
  private final Path root;
  private final int coldRuns;
  private final int warmSeconds;
  private String gust;

  private ColdWarmBench(Path root, int coldRuns, int warmSeconds) {
    this.root = root;
    this.coldRuns = coldRuns;
    this.warmSeconds = warmSeconds;
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    int cold = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int warm = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    new ColdWarmBench(root, cold, warm).run();
  }

  private void run() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path data = Files.createTempDirectory("gust-bench-");
    Process server = new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "--enable-native-access=ALL-UNNAMED", "-jar",
        root.resolve("gust-server/target/gust.jar").toString(), "server", "--data-dir", data.toString(), "--port", "0")
        .redirectErrorStream(true).start();
    Process hello = null;
    try {
      gust = Processes.startAndAwait(server, "Gust listening on").split(" ")[0];
      StringBuilder report = new StringBuilder();
      report.append(machine()).append('\n');
      report.append(cold(java)).append('\n');
      hello = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HelloServer.class.getName())
          .redirectErrorStream(true).start();
      String baseline = Processes.startAndAwait(hello, "listening on");
      report.append(warm(baseline));
      System.out.println(report);
    } finally {
      server.destroy();
      if (hello != null) {
        hello.destroy();
      }
      server.waitFor();
    }
  }

  private String machine() throws Exception {
    return "Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
        + Processes.output("uname", "-sr") + ", JDK " + System.getProperty("java.version")
        + "; sandbox: " + JSON.readTree(http.send("GET", gust + "/gust/v1/health", null, Map.of()).body())
            .get("sandbox").asText() + "\n";
  }

  // ---- cold starts ---------------------------------------------------------------------------

  private record Target(String name, String runtime, String handler, byte[] zip, List<String> baseline, String baselineName) {}

  private String cold(String java) throws Exception {
    String python = Processes.output("python3", "-c", "import sys;print(sys.executable)");
    String node = Processes.output("node", "-p", "process.execPath");
    List<Target> runtimes = List.of(
        new Target("python", "python3.11", "app.handler",
            zip(Map.of("app.py", "def handler(event, context):\n    return {'hello': 'world'}\n")),
            List.of(python, "-c", "pass"), "`python3 -c pass`"),
        new Target("node", "nodejs20.x", "index.handler",
            zip(Map.of("index.js", "exports.handler = async () => ({hello: 'world'});\n")),
            List.of(node, "-e", "0"), "`node -e 0`"),
        new Target("java", "java21", "example.Hello::handleRequest",
            Files.readAllBytes(root.resolve("examples/java-hello/target/java-hello.jar")),
            List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp",
                System.getProperty("java.class.path"), Noop.class.getName()), "`java Noop` (same flags)"),
        new Target("provided (sh + curl)", "provided.al2023", "hello",
            zip(Map.of("bootstrap", "#!/bin/sh\nAPI=http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation\n"
                + "while true; do\n  H=$(mktemp)\n  curl -s -D $H -o /dev/null $API/next\n"
                + "  ID=$(grep -i lambda-runtime-aws-request-id $H | tr -d '\\r' | cut -d' ' -f2)\n"
                + "  curl -s -o /dev/null -X POST $API/$ID/response -d '{\"hello\":\"world\"}'\ndone\n")),
            List.of("/bin/sh", "-c", "curl --version"), "`sh -c 'curl --version'`"));
    StringBuilder t = new StringBuilder();
    t.append("### Cold start: request in to response out (").append(coldRuns).append(" runs each)\n\n");
    t.append("| runtime | Gust p50 ms | Gust p99 ms | Init Duration p50 ms | baseline | baseline p50 ms | ratio p50 |\n");
    t.append("|---|---|---|---|---|---|---|\n");
    for (Target r : runtimes) {
      if (!System.getProperty("gust.bench.only", r.runtime()).contains(r.runtime().substring(0, 4))) {
        continue;
      }
      String name = "cold-" + r.runtime().replace('.', '-');
      create(name, r.runtime(), r.handler(), r.zip(), 512);
      int runs = r.runtime().startsWith("java") ? Math.max(5, coldRuns / 3) : coldRuns;
      long[] samples = new long[runs];
      double[] init = new double[runs];
      for (int i = 0; i < runs; i++) {
        // a configuration change retires the warm instance: the next invocation is cold
        http.send("PUT", gust + "/2015-03-31/functions/" + name + "/configuration",
            "{\"Environment\":{\"Variables\":{\"RUN\":\"" + i + "\"}}}", Map.of("Content-Type", "application/json"));
        long t0 = System.nanoTime();
        HttpResponse<String> resp = http.send("POST", gust + "/2015-03-31/functions/" + name + "/invocations", "{}",
            Map.of("X-Amz-Log-Type", "Tail"));
        samples[i] = System.nanoTime() - t0;
        check(resp);
        init[i] = initDuration(resp);
      }
      Stats g = Stats.of(samples);
      Processes.time(r.baseline(), 3); // warm the page cache
      Stats b = Processes.time(r.baseline(), runs);
      Arrays.sort(init);
      t.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.2f |%n", r.name(), Stats.ms(g.p50()),
          Stats.ms(g.p99()), Stats.ms(init[runs / 2]), r.baselineName(), Stats.ms(b.p50()), g.p50() / b.p50()));
    }
    return t.toString();
  }

  private static double initDuration(HttpResponse<String> resp) {
    String log = resp.headers().firstValue("X-Amz-Log-Result")
        .map(l -> new String(Base64.getDecoder().decode(l), StandardCharsets.UTF_8)).orElse("");
    int at = log.indexOf("Init Duration: ");
    if (at < 0) {
      return Double.NaN;
    }
    String rest = log.substring(at + "Init Duration: ".length());
    return Double.parseDouble(rest.substring(0, rest.indexOf(' ')));
  }

  // ---- warm invocations ----------------------------------------------------------------------

  private String warm(String baseline) throws Exception {
    create("noop", "python3.11", "app.handler", zip(Map.of("app.py", "def handler(event, context):\n    return None\n")), 128);
    String invoke = gust + "/2015-03-31/functions/noop/invocations";
    StringBuilder t = new StringBuilder();
    t.append("### Warm invocations of a no-op Python function (").append(warmSeconds).append(" s per row)\n\n");
    t.append("| target | concurrency | requests/s | p50 ms | p99 ms | transport errors |\n|---|---|---|---|---|---|\n");
    Map<String, Result> results = new LinkedHashMap<>();
    for (int concurrency : new int[] {1, 16}) {
      results.put("baseline-" + concurrency, load(baseline + "/", concurrency));
      results.put("gust-" + concurrency, load(invoke, concurrency));
      for (String target : new String[] {"baseline", "gust"}) {
        Result r = results.get(target + "-" + concurrency);
        t.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %s | %s | %d |%n",
            target.equals("gust") ? "Gust Invoke (no-op Python)" : "plain HTTP hello server (baseline)",
            concurrency, r.throughput(), Stats.ms(r.stats().p50()), Stats.ms(r.stats().p99()), r.errors()));
      }
    }
    Result g1 = results.get("gust-1");
    Result b1 = results.get("baseline-1");
    t.append(String.format(Locale.ROOT,
        "%nWarm overhead at concurrency 1 (Gust p50 minus baseline p50): %.3f ms; throughput at concurrency 16: %.0f invocations/s (%.2f of the baseline's).%n",
        g1.stats().p50() - b1.stats().p50(), results.get("gust-16").throughput(),
        results.get("gust-16").throughput() / results.get("baseline-16").throughput()));
    return t.toString();
  }

  private record Result(Stats stats, double throughput, int errors) {}

  private Result load(String url, int concurrency) throws Exception {
    // warm-up: instances started, connections open, code compiled
    runFor(url, concurrency, 2_000);
    return runFor(url, concurrency, warmSeconds * 1000L);
  }

  private Result runFor(String url, int concurrency, long millis) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger errors = new java.util.concurrent.atomic.AtomicInteger();
    List<Future<long[]>> workers = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      long start = System.nanoTime();
      for (int i = 0; i < concurrency; i++) {
        workers.add(pool.submit(() -> {
          long[] buf = new long[1 << 16];
          int n = 0;
          while (!stop.get()) {
            long t0 = System.nanoTime();
            HttpResponse<String> r;
            try {
              r = http.post(url, "{}");
            } catch (IOException e) {
              errors.incrementAndGet();
              if (errors.get() <= 3) {
                System.err.println("request to " + url + " failed: " + e);
              }
              continue;
            }
            long d = System.nanoTime() - t0;
            check(r);
            if (n == buf.length) {
              buf = java.util.Arrays.copyOf(buf, n * 2);
            }
            buf[n++] = d;
          }
          return java.util.Arrays.copyOf(buf, n);
        }));
      }
      Thread.sleep(millis);
      stop.set(true);
      long elapsed = System.nanoTime() - start;
      List<long[]> all = new ArrayList<>();
      long count = 0;
      for (Future<long[]> w : workers) {
        long[] s = w.get();
        all.add(s);
        count += s.length;
      }
      long[] merged = new long[(int) count];
      int at = 0;
      for (long[] s : all) {
        System.arraycopy(s, 0, merged, at, s.length);
        at += s.length;
      }
      return new Result(Stats.of(merged), count / (elapsed / 1e9), errors.get());
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private void create(String name, String runtime, String handler, byte[] zip, int memory) throws Exception {
    String body = JSON.writeValueAsString(Map.of("FunctionName", name, "Runtime", runtime, "Handler", handler,
        "Role", "arn:aws:iam::000000000000:role/bench", "MemorySize", memory, "Timeout", 30,
        "Code", Map.of("ZipFile", Base64.getEncoder().encodeToString(zip))));
    HttpResponse<String> r = http.post(gust + "/2015-03-31/functions", body);
    if (r.statusCode() != 201) {
      throw new IOException("CreateFunction " + name + " failed: " + r.statusCode() + " " + r.body());
    }
  }

  private static void check(HttpResponse<String> r) throws IOException {
    if (r.statusCode() != 200 || r.headers().firstValue("X-Amz-Function-Error").isPresent()) {
      throw new IOException("invocation failed: " + r.statusCode() + " " + r.body());
    }
  }

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

  static JsonNode json(String s) throws IOException {
    return JSON.readTree(s);
  }
}

package dev.gust.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Durable asynchronous invocations and queues, each beside SQLite's own durable insert rate on
 * the same disk measured in the same run:
 *
 * <ol>
 *   <li>baseline: rows as big as Gust's, into Gust's tables, with Gust's settings, one row per
 *       transaction and batched; in full at the start and at the end, and briefly just before
 *       every measured row (other users of a shared disk move fsync times by several times within
 *       minutes, so each row is compared with the baseline taken next to it);
 *   <li>accepts: {@code Event} invocations of a no-op Python function whose reserved concurrency
 *       is 0, so nothing runs while they are accepted, from 1, 16 and 64 keep-alive clients;
 *   <li>drain: the reservation raised, the time until no event is pending;
 *   <li>steady state: accepts into a function that runs them at the same time, until drained;
 *   <li>queues over SQS's JSON 1.0 protocol: SendMessage, SendMessageBatch of 10, ReceiveMessage
 *       of 10 followed by DeleteMessageBatch.
 * </ol>
 *
 * <p>Prints a Markdown report. Usage: {@code bench/events [events-per-row] [queue-seconds-per-row]
 * [drain-concurrency]}.
 */
public final class EventsBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int[] CLIENTS = {1, 16, 64};
  private static final String FUNCTION = "ev-noop";
  private static final String LIVE_FUNCTION = "ev-live";
  private static final String QUEUE = "bench-q";
  private static final double TARGET_ACCEPTS = 5000;
  private static final double TARGET_PROCESSED = 2000;
  /** How often a drain asks for the pending count (a COUNT over the events table, so not too often). */
  private static final long POLL_MILLIS = 200;

  private final Path root;
  private final int events;
  private final int queueSeconds;
  private final int drainConcurrency;
  private final long acceptMillis;
  private final Http http = new Http();
  private String gust;
  private Cpu cpu;
  private final byte[] payload;
  private final String messageBody;

  private EventsBench(Path root, int events, int queueSeconds, int drainConcurrency) {
    this.root = root;
    this.events = events;
    this.queueSeconds = queueSeconds;
    this.drainConcurrency = drainConcurrency;
    this.acceptMillis = Long.getLong("gust.bench.acceptSeconds", 30) * 1000;
    // ~100 bytes, like a small real event
    this.payload = ("{\"order\":12345,\"customer\":\"c-0042\",\"items\":3,\"note\":\""
        + "x".repeat(44) + "\"}").getBytes(StandardCharsets.UTF_8);
    this.messageBody = "{\"order\":12345,\"customer\":\"c-0042\",\"items\":3,\"note\":\""
        + "y".repeat(44) + "\"}";
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int queueSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int drain = args.length > 3 ? Integer.parseInt(args[3]) : 16;
    new EventsBench(root, events, queueSeconds, drain).run();
  }

  private void run() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path data = Files.createTempDirectory("gust-ebench-");
    Path baselineDir = Files.createTempDirectory("gust-ebench-sqlite-");
    // The flags of the ./gust launcher (without its class-data archive).
    // -Dgust.bench.serverOpts="..." adds JVM options to the server (e.g. a JFR recording).
    List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "--enable-native-access=ALL-UNNAMED"));
    String serverOpts = System.getProperty("gust.bench.serverOpts", "").strip();
    if (!serverOpts.isEmpty()) {
      command.addAll(List.of(serverOpts.split("\\s+")));
    }
    command.addAll(List.of("-jar", root.resolve("gust-server/target/gust.jar").toString(), "server",
        "--data-dir", data.toString(), "--port", "0", "--http-port", "0"));
    Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      gust = Processes.startAndAwait(server, "Gust listening on").split("[ ,]")[0];
      cpu = new Cpu(server.pid());
      progress("server pid " + server.pid() + " at " + gust);
      StringBuilder report = new StringBuilder();
      String load = loadAverage();
      raw = new SqliteBaseline(SqliteBaseline.tempFile(baselineDir));
      progress("baseline (start)");
      List<SqliteBaseline.Rate> before = fullBaseline();
      progress("accepts");
      Accepts accepts = accepts();
      progress("drain");
      Drain drain = drain(accepts.backlog());
      progress("steady state");
      Steady steady = steady();
      progress("queues");
      List<QueueRow> queues = queues();
      progress("baseline (end)");
      List<SqliteBaseline.Rate> after = fullBaseline();
      String loadAfter = loadAverage();

      report.append(machine(data, load, loadAfter)).append('\n');
      report.append(baselineTable(before, after)).append('\n');
      report.append(acceptTable(accepts)).append('\n');
      report.append(drainTable(drain, steady)).append('\n');
      report.append(queueTable(queues)).append('\n');
      report.append(targets(accepts, drain, steady)).append('\n');
      report.append(threadsSection(accepts, drain, steady, queues));
      int reconnects = accepts.rows().stream().mapToInt(r -> r.result().reconnects()).sum()
          + steady.send().reconnects() + queues.stream().mapToInt(q -> q.result().reconnects()).sum();
      report.append("\nConnections the server closed under a client (reopened, request retried once): ")
          .append(reconnects).append(".\n");
      System.out.println(report);
    } finally {
      server.destroy();
      server.waitFor();
      if (raw != null) {
        raw.close();
      }
      SqliteBaseline.deleteQuietly(SqliteBaseline.tempFile(baselineDir));
      Files.deleteIfExists(baselineDir);
      deleteTree(data); // tens of MB of events and messages
    }
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: a temporary directory
        }
      });
    } catch (IOException ignored) {
      // already gone
    }
  }

  private static void progress(String what) {
    System.err.println("[events bench] " + java.time.Instant.now() + " " + what + " ...");
  }

  // ---- machine -------------------------------------------------------------------------------

  private String machine(Path data, String loadBefore, String loadAfter) throws Exception {
    String disk = Processes.output("sh", "-c", "df -T " + data + " | tail -1 | awk '{print $1\" (\"$2\")\"}'");
    return "Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
        + Processes.output("uname", "-sr") + ", JDK " + System.getProperty("java.version")
        + ", disk " + disk + ", sandbox " + sandbox() + "; load average (1/5/15 min) " + loadBefore + " at the start, "
        + loadAfter + " at the end\n";
  }

  private String sandbox() throws Exception {
    String s = JSON.readTree(http.send("GET", gust + "/gust/v1/health", null, Map.of()).body()).path("sandbox").asText();
    int paren = s.indexOf(" (");
    return paren < 0 ? s : s.substring(0, paren);
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " / " + f[1] + " / " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  // ---- baseline ------------------------------------------------------------------------------

  private SqliteBaseline raw;
  private String sqliteVersion = "?";

  /** The baseline in full: 3 s per row, events and messages, with commit latencies. */
  private List<SqliteBaseline.Rate> fullBaseline() throws Exception {
    sqliteVersion = raw.version();
    long millis = Long.getLong("gust.bench.baselineSeconds", 3) * 1000;
    raw.events(1, 500, payload); // warm-up: JIT, file growth
    return List.of(raw.events(1, millis, payload), raw.events(100, millis, payload),
        raw.messages(1, millis, messageBody), raw.messages(10, millis, messageBody));
  }

  /** The baseline taken just before a measured row: one row per transaction, and batched. */
  private record Adjacent(SqliteBaseline.Rate single, SqliteBaseline.Rate batched) {
    String rates() {
      return String.format(Locale.ROOT, "%.0f / %.0f", single.rowsPerSecond(), batched.rowsPerSecond());
    }

    double ofSingle(double rate) {
      return rate / single.rowsPerSecond();
    }

    double ofBatched(double rate) {
      return rate / batched.rowsPerSecond();
    }
  }

  private static long quickMillis() {
    return Long.getLong("gust.bench.quickBaselineMillis", 1500);
  }

  private Adjacent eventsBaseline() throws Exception {
    return new Adjacent(raw.events(1, quickMillis(), payload), raw.events(100, quickMillis(), payload));
  }

  private Adjacent messagesBaseline() throws Exception {
    return new Adjacent(raw.messages(1, quickMillis(), messageBody), raw.messages(10, quickMillis(), messageBody));
  }

  private String baselineTable(List<SqliteBaseline.Rate> before, List<SqliteBaseline.Rate> after) {
    StringBuilder t = new StringBuilder();
    t.append("### Baseline: SQLite ").append(sqliteVersion)
        .append(" alone, durable inserts (WAL, synchronous=FULL, BEGIN IMMEDIATE, one thread)\n\n");
    t.append("| when | table (Gust's schema) | rows per transaction | rows/s | commits/s | commit p50 ms | commit p99 ms |\n");
    t.append("|---|---|---|---|---|---|---|\n");
    for (var e : List.of(Map.entry("start", before), Map.entry("end", after))) {
      for (SqliteBaseline.Rate r : e.getValue()) {
        t.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f | %s | %s |%n", e.getKey(), r.table(),
            r.rowsPerTx(), r.rowsPerSecond(), r.rowsPerSecond() / r.rowsPerTx(),
            Stats.ms(r.commits().p50()), Stats.ms(r.commits().p99())));
      }
    }
    t.append("\nEvery row below is compared with a shorter run of the same baseline (")
        .append(quickMillis()).append(" ms per kind) taken just before it, shown in its \"raw rows/s\" column.\n");
    return t.toString();
  }

  // ---- accepts -------------------------------------------------------------------------------

  private record AcceptRow(Load.Result result, Adjacent base) {}

  private record Accepts(List<AcceptRow> rows, long backlog, long expected) {}

  private Accepts accepts() throws Exception {
    create(FUNCTION, "def handler(event, context):\n    return {}\n");
    concurrency(FUNCTION, 0);
    String path = "/2015-03-31/functions/" + FUNCTION + "/invocations";
    Load.Op accept = acceptOp(path);
    long expected = Load.run(gust, 16, 2000, 60_000, cpu, accept).items(); // warm-up
    List<AcceptRow> rows = new ArrayList<>();
    for (int c : CLIENTS) {
      Adjacent base = eventsBaseline();
      Load.Result r = Load.run(gust, c, events, acceptMillis, cpu, accept);
      rows.add(new AcceptRow(r, base));
      expected += r.items();
      System.err.printf(Locale.ROOT, "  %d clients: %.0f accepts/s%n", c, r.itemsPerSecond());
    }
    return new Accepts(rows, pending(FUNCTION), expected);
  }

  private Load.Op acceptOp(String path) {
    byte[] head = new EventsHttp(gust).head("POST", path,
        "X-Amz-Invocation-Type: Event\r\nContent-Type: application/json\r\n");
    return (h, client) -> {
      EventsHttp.Response r = h.exchange(head, payload);
      if (r.status() != 202) {
        throw new IOException("Event invoke answered " + r.status() + ": " + r.text());
      }
      return 1;
    };
  }

  private String acceptTable(Accepts a) {
    StringBuilder t = new StringBuilder();
    t.append("### Durable async accepts: `Event` invocations answered 202 (function throttled to 0, ")
        .append(payload.length).append("-byte payload)\n\n");
    t.append("| clients | events | s | accepts/s | p50 ms | p99 ms | raw rows/s: 1-row / 100-row tx | ÷ raw 1-row tx | ÷ raw 100-row tx | server CPU µs/event | CPU cores: server / instances / client / others |\n");
    t.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (AcceptRow row : a.rows()) {
      Load.Result r = row.result();
      t.append(String.format(Locale.ROOT, "| %d | %d%s | %.1f | %.0f | %s | %s | %s | %.2f | %.2f | %.0f | %s |%n", r.clients(),
          r.items(), r.stoppedByTime() ? " (time cap)" : "", r.seconds(), r.itemsPerSecond(),
          Stats.ms(r.latency().p50()), Stats.ms(r.latency().p99()), row.base().rates(),
          row.base().ofSingle(r.itemsPerSecond()), row.base().ofBatched(r.itemsPerSecond()),
          perItem(r.cpu().server(), r.itemsPerSecond()), r.cpu().cores()));
    }
    t.append(String.format(Locale.ROOT,
        "%nBacklog after the accepts: %d pending (expected %d: the rows plus a 2,000-event warm-up).%n",
        a.backlog(), a.expected()));
    return t.toString();
  }

  // ---- drain ---------------------------------------------------------------------------------

  private record Drain(long events, double seconds, Cpu.Use cpu, long failed, double midRate, Adjacent base) {
    double rate() {
      return events / seconds;
    }
  }

  private Drain drain(long backlog) throws Exception {
    Adjacent base = eventsBaseline();
    Cpu.Sample before = cpu.sample();
    long t0 = System.nanoTime();
    concurrency(FUNCTION, drainConcurrency);
    List<long[]> trace = new ArrayList<>(); // {nanos since t0, pending}
    long left;
    while ((left = pending(FUNCTION)) > 0) {
      trace.add(new long[] {System.nanoTime() - t0, left});
      Thread.sleep(POLL_MILLIS);
    }
    long elapsed = System.nanoTime() - t0;
    Cpu.Use use = Cpu.between(before, cpu.sample());
    double mid = midRate(trace, backlog);
    return new Drain(backlog, elapsed / 1e9, use, failed(FUNCTION), mid, base);
  }

  /** The drain rate between 10% and 90% of the backlog processed (no start-up, no tail). */
  private static double midRate(List<long[]> trace, long backlog) {
    long[] a = null;
    long[] b = null;
    for (long[] p : trace) {
      if (a == null && p[1] <= backlog * 0.9) {
        a = p;
      }
      if (p[1] <= backlog * 0.1) {
        b = p;
        break;
      }
    }
    if (a == null || b == null || b[0] <= a[0]) {
      return Double.NaN;
    }
    return (a[1] - b[1]) / ((b[0] - a[0]) / 1e9);
  }

  private record Steady(Load.Result send, long backlogAtEnd, double seconds, Cpu.Use cpu, long failed,
      Adjacent base) {
    double rate() {
      return send.items() / seconds;
    }
  }

  private Steady steady() throws Exception {
    create(LIVE_FUNCTION, "def handler(event, context):\n    return {}\n");
    concurrency(LIVE_FUNCTION, drainConcurrency);
    String path = "/2015-03-31/functions/" + LIVE_FUNCTION + "/invocations";
    Load.Op accept = acceptOp(path);
    Load.run(gust, 16, 500, 60_000, cpu, accept); // warm-up: instances started
    while (pending(LIVE_FUNCTION) > 0) {
      Thread.sleep(100);
    }
    Adjacent base = eventsBaseline();
    Cpu.Sample before = cpu.sample();
    long t0 = System.nanoTime();
    Load.Result send = Load.run(gust, 16, events, acceptMillis, cpu, accept);
    long backlog = pending(LIVE_FUNCTION);
    while (pending(LIVE_FUNCTION) > 0) {
      Thread.sleep(POLL_MILLIS);
    }
    long elapsed = System.nanoTime() - t0;
    return new Steady(send, backlog, elapsed / 1e9, Cpu.between(before, cpu.sample()), failed(LIVE_FUNCTION),
        base);
  }

  private String drainTable(Drain d, Steady s) {
    StringBuilder t = new StringBuilder();
    t.append("### Processing: no-op Python events run to completion (reserved concurrency ")
        .append(drainConcurrency).append(")\n\n");
    t.append("| run | events | s | processed events/s | 10%-90% of backlog, events/s | failed | raw rows/s: 1-row / 100-row tx | ÷ raw 100-row tx | CPU µs/event: server / instances | CPU cores: server / instances / client / others |\n");
    t.append("|---|---|---|---|---|---|---|---|---|---|\n");
    t.append(String.format(Locale.ROOT, "| drain of the backlog above | %d | %.1f | %.0f | %.0f | %d | %s | %.2f | %.0f / %.0f | %s |%n",
        d.events(), d.seconds(), d.rate(), d.midRate(), d.failed(), d.base().rates(), d.base().ofBatched(d.rate()),
        perItem(d.cpu().server(), d.rate()), perItem(d.cpu().children(), d.rate()), d.cpu().cores()));
    t.append(String.format(Locale.ROOT,
        "| steady state: 16 clients accept while it runs, until drained | %d | %.1f | %.0f | | %d | %s | %.2f | %.0f / %.0f | %s |%n",
        s.send().items(), s.seconds(), s.rate(), s.failed(), s.base().rates(), s.base().ofBatched(s.rate()),
        perItem(s.cpu().server(), s.rate()), perItem(s.cpu().children(), s.rate()), s.cpu().cores()));
    t.append(String.format(Locale.ROOT,
        "%nSteady state: accepts ran at %.0f/s (p50 %s ms, p99 %s ms) for %.1f s; %d events were still pending when the sending stopped.%n",
        s.send().itemsPerSecond(), Stats.ms(s.send().latency().p50()), Stats.ms(s.send().latency().p99()),
        s.send().seconds(), s.backlogAtEnd()));
    return t.toString();
  }

  // ---- queues --------------------------------------------------------------------------------

  private record QueueRow(String operation, Load.Result result, Adjacent base) {}

  private List<QueueRow> queues() throws Exception {
    String queueUrl = sqs("CreateQueue", JSON.createObjectNode().put("QueueName", QUEUE)).get("QueueUrl").asText();
    long millis = queueSeconds * 1000L;
    String bodyJson = JSON.writeValueAsString(messageBody);
    byte[] single = ("{\"QueueUrl\":\"" + queueUrl + "\",\"MessageBody\":" + bodyJson + "}")
        .getBytes(StandardCharsets.UTF_8);
    StringBuilder batch = new StringBuilder("{\"QueueUrl\":\"" + queueUrl + "\",\"Entries\":[");
    for (int i = 0; i < 10; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"Id\":\"m").append(i).append("\",\"MessageBody\":")
          .append(bodyJson).append('}');
    }
    byte[] tenMessages = batch.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    byte[] receive = ("{\"QueueUrl\":\"" + queueUrl
        + "\",\"MaxNumberOfMessages\":10,\"WaitTimeSeconds\":0,\"VisibilityTimeout\":300}")
        .getBytes(StandardCharsets.UTF_8);

    Load.Op send = (h, c) -> {
      JsonNode r = sqs(h, "SendMessage", single);
      if (!r.has("MessageId")) {
        throw new IOException("SendMessage: " + r);
      }
      return 1;
    };
    Load.Op sendBatch = (h, c) -> {
      JsonNode r = sqs(h, "SendMessageBatch", tenMessages);
      if (r.path("Successful").size() != 10) {
        throw new IOException("SendMessageBatch: " + r);
      }
      return 10;
    };
    Load.Op receiveDelete = (h, c) -> {
      JsonNode got = sqs(h, "ReceiveMessage", receive).path("Messages");
      if (got.isEmpty()) {
        return -1;
      }
      ObjectNode del = JSON.createObjectNode().put("QueueUrl", queueUrl);
      ArrayNode entries = del.putArray("Entries");
      int i = 0;
      for (JsonNode m : got) {
        entries.addObject().put("Id", "d" + i++).put("ReceiptHandle", m.get("ReceiptHandle").asText());
      }
      JsonNode r = sqs(h, "DeleteMessageBatch", JSON.writeValueAsBytes(del));
      if (r.path("Successful").size() != got.size()) {
        throw new IOException("DeleteMessageBatch: " + r);
      }
      return got.size();
    };
    Load.run(gust, 4, 200, 60_000, cpu, send); // warm-up
    Load.run(gust, 4, 50, 60_000, cpu, sendBatch);
    Load.run(gust, 4, 20, 60_000, cpu, receiveDelete);
    List<QueueRow> rows = new ArrayList<>();
    for (int c : CLIENTS) {
      Adjacent base = messagesBaseline();
      rows.add(new QueueRow("SendMessage", Load.run(gust, c, Long.MAX_VALUE, millis, cpu, send), base));
      base = messagesBaseline();
      rows.add(new QueueRow("SendMessageBatch (10)", Load.run(gust, c, Long.MAX_VALUE, millis, cpu, sendBatch),
          base));
      System.err.printf(Locale.ROOT, "  %d clients: sends done%n", c);
    }
    for (int c : CLIENTS) {
      Adjacent base = messagesBaseline();
      rows.add(new QueueRow("ReceiveMessage (10) + DeleteMessageBatch",
          Load.run(gust, c, Long.MAX_VALUE, millis, cpu, receiveDelete), base));
      System.err.printf(Locale.ROOT, "  %d clients: receives done%n", c);
    }
    return rows;
  }

  private String queueTable(List<QueueRow> rows) throws Exception {
    StringBuilder t = new StringBuilder();
    t.append("### Queues over SQS's JSON 1.0 protocol (").append(queueSeconds)
        .append(" s per row, standard queue, ").append(messageBody.length()).append("-byte bodies)\n\n");
    t.append("| operation | clients | requests/s | messages/s | p50 ms | p99 ms | raw message rows/s: 1-row / 10-row tx | ÷ raw 1-row tx | ÷ raw 10-row tx | server CPU µs/message | CPU cores: server / instances / client / others |\n");
    t.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (QueueRow q : rows) {
      Load.Result r = q.result();
      t.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f%s | %s | %s | %s | %.2f | %.2f | %.0f | %s |%n", q.operation(),
          r.clients(), r.requestsPerSecond(), r.itemsPerSecond(),
          r.stoppedByTime() || q.operation().startsWith("Send") ? "" : " (queue emptied)",
          Stats.ms(r.latency().p50()), Stats.ms(r.latency().p99()), q.base().rates(),
          q.base().ofSingle(r.itemsPerSecond()), q.base().ofBatched(r.itemsPerSecond()),
          perItem(r.cpu().server(), r.itemsPerSecond()), r.cpu().cores()));
    }
    JsonNode attrs = sqs("GetQueueAttributes", JSON.createObjectNode().put("QueueUrl", gust + "/000000000000/" + QUEUE)
        .set("AttributeNames", JSON.createArrayNode().add("ApproximateNumberOfMessages")
            .add("ApproximateNumberOfMessagesNotVisible")));
    t.append("\nLeft in the queue at the end: ").append(attrs.path("Attributes")).append(".\n");
    return t.toString();
  }

  // ---- targets and threads -------------------------------------------------------------------

  private String targets(Accepts a, Drain d, Steady s) {
    List<Load.Result> rows = a.rows().stream().map(AcceptRow::result).toList();
    double best = rows.stream().mapToDouble(Load.Result::itemsPerSecond).max().orElse(0);
    int bestClients = rows.stream().max((x, y) -> Double.compare(x.itemsPerSecond(), y.itemsPerSecond()))
        .map(Load.Result::clients).orElse(0);
    StringBuilder t = new StringBuilder("### Against the targets\n\n| target | measured | |\n|---|---|---|\n");
    t.append(String.format(Locale.ROOT, "| ≥ 5,000 durable async accepts/s | %.0f/s (%d clients) | %s |%n", best,
        bestClients, best >= TARGET_ACCEPTS ? "met" : "**not met**"));
    t.append(String.format(Locale.ROOT, "| ≥ 2,000 processed events/s (drain of a backlog) | %.0f/s | %s |%n",
        d.rate(), d.rate() >= TARGET_PROCESSED ? "met" : "**not met**"));
    t.append(String.format(Locale.ROOT, "| ≥ 2,000 processed events/s (steady state) | %.0f/s | %s |%n",
        s.rate(), s.rate() >= TARGET_PROCESSED ? "met" : "**not met**"));
    return t.toString();
  }

  private String threadsSection(Accepts a, Drain d, Steady s, List<QueueRow> queues) {
    StringBuilder t = new StringBuilder("### Busiest server threads per row (cores)\n\n");
    for (Load.Result r : a.rows().stream().map(AcceptRow::result).toList()) {
      t.append("- accepts, ").append(r.clients()).append(" clients: ").append(r.cpu().threads(5)).append('\n');
    }
    t.append("- drain: ").append(d.cpu().threads(5)).append('\n');
    t.append("- steady state: ").append(s.cpu().threads(5)).append('\n');
    for (QueueRow q : queues) {
      t.append("- ").append(q.operation()).append(", ").append(q.result().clients()).append(" clients: ")
          .append(q.result().cpu().threads(5)).append('\n');
    }
    return t.toString();
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** CPU microseconds per item from cores used and items per second. */
  private static double perItem(double cores, double itemsPerSecond) {
    return itemsPerSecond > 0 ? cores / itemsPerSecond * 1e6 : Double.NaN;
  }

  private void create(String name, String code) throws Exception {
    String body = JSON.writeValueAsString(Map.of("FunctionName", name, "Runtime", "python3.11",
        "Handler", "app.handler", "Role", "arn:aws:iam::000000000000:role/bench", "MemorySize", 128,
        "Timeout", 30, "Code", Map.of("ZipFile", Base64.getEncoder().encodeToString(zip("app.py", code)))));
    var r = http.post(gust + "/2015-03-31/functions", body);
    if (r.statusCode() != 201) {
      throw new IOException("CreateFunction " + name + " failed: " + r.statusCode() + " " + r.body());
    }
  }

  private void concurrency(String name, int reserved) throws Exception {
    var r = http.send("PUT", gust + "/2017-10-31/functions/" + name + "/concurrency",
        "{\"ReservedConcurrentExecutions\":" + reserved + "}", Map.of("Content-Type", "application/json"));
    if (r.statusCode() != 200) {
      throw new IOException("PutFunctionConcurrency failed: " + r.statusCode() + " " + r.body());
    }
  }

  private long pending(String name) throws Exception {
    var r = http.send("GET", gust + "/gust/v1/functions/" + name + "/invocations?limit=1", null, Map.of());
    if (r.statusCode() != 200) {
      throw new IOException("invocations: " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body()).get("Pending").asLong();
  }

  private long failed(String name) throws Exception {
    var r = http.send("GET", gust + "/gust/v1/functions/" + name + "/invocations?status=failed&limit=1000", null,
        Map.of());
    if (r.statusCode() != 200) {
      throw new IOException("invocations?status=failed: " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body()).path("Invocations").size();
  }

  private JsonNode sqs(String operation, ObjectNode in) throws Exception {
    try (EventsHttp h = new EventsHttp(gust)) {
      return sqs(h, operation, JSON.writeValueAsBytes(in));
    }
  }

  private final Map<String, byte[]> sqsHeads = new java.util.concurrent.ConcurrentHashMap<>();

  private JsonNode sqs(EventsHttp h, String operation, byte[] body) throws IOException {
    byte[] head = sqsHeads.computeIfAbsent(operation, o -> h.head("POST", "/",
        "Content-Type: application/x-amz-json-1.0\r\nX-Amz-Target: AmazonSQS." + o + "\r\n"));
    EventsHttp.Response r = h.exchange(head, body);
    if (r.status() != 200) {
      throw new IOException(operation + " answered " + r.status() + ": " + r.text());
    }
    return JSON.readTree(r.body());
  }

  private static byte[] zip(String name, String content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      z.putNextEntry(new ZipEntry(name));
      z.write(content.getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    return bytes.toByteArray();
  }
}

package dev.gust.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed loop of {@code clients} threads, each with its own keep-alive connection, repeating
 * one request until a budget of requests is spent or {@code millis} pass, whichever is first.
 * Every request's latency is kept; a request may stand for several items (a batch of ten
 * messages). An op that returns -1 (nothing left, an empty queue) stops its client.
 */
final class Load {
  /** One request: does its work on the client's connection, returns how many items it did. */
  @FunctionalInterface
  interface Op {
    int run(EventsHttp http, int client) throws IOException;
  }

  /** What a run did. */
  record Result(int clients, long requests, long items, double seconds, Stats latency,
      int reconnects, Cpu.Use cpu, boolean stoppedByTime) {
    double itemsPerSecond() {
      return items / seconds;
    }

    double requestsPerSecond() {
      return requests / seconds;
    }
  }

  private Load() {}

  /** Runs {@code op} at most {@code maxRequests} times in all, for at most {@code millis}. */
  static Result run(String baseUrl, int clients, long maxRequests, long millis, Cpu cpu, Op op)
      throws Exception {
    AtomicLong budget = new AtomicLong(maxRequests);
    AtomicLong done = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean byTime = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[][] samples = new long[clients][];
    int[] counts = new int[clients];
    int[] opened = new int[clients];
    List<Thread> threads = new ArrayList<>();
    Cpu.Sample before = cpu.sample();
    long start = System.nanoTime();
    long deadline = start + millis * 1_000_000L;
    for (int i = 0; i < clients; i++) {
      int client = i;
      threads.add(Thread.ofPlatform().name("client-" + i).start(() -> {
        long[] buf = new long[1 << 12];
        int n = 0;
        try (EventsHttp http = new EventsHttp(baseUrl)) {
          while (!stop.get() && budget.getAndDecrement() > 0) {
            if (System.nanoTime() > deadline) {
              byTime.set(true);
              break;
            }
            long t0 = System.nanoTime();
            int did = op.run(http, client);
            long d = System.nanoTime() - t0;
            if (did < 0) { // nothing left to do (an empty queue)
              break;
            }
            done.addAndGet(did);
            if (n == buf.length) {
              buf = Arrays.copyOf(buf, n * 2);
            }
            buf[n++] = d;
          }
          opened[client] = http.opened();
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
          stop.set(true);
        }
        samples[client] = buf;
        counts[client] = n;
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    long end = System.nanoTime();
    Cpu.Use use = Cpu.between(before, cpu.sample());
    if (failure.get() != null) {
      throw new IOException("a client failed: " + failure.get(), failure.get());
    }
    int total = 0;
    int reconnects = 0;
    for (int i = 0; i < clients; i++) {
      total += counts[i];
      reconnects += Math.max(0, opened[i] - 1);
    }
    long[] merged = new long[total];
    int at = 0;
    for (int i = 0; i < clients; i++) {
      System.arraycopy(samples[i], 0, merged, at, counts[i]);
      at += counts[i];
    }
    return new Result(clients, total, done.get(), (end - start) / 1e9, Stats.of(merged), reconnects,
        use, byTime.get());
  }
}

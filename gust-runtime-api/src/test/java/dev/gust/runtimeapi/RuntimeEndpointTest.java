package dev.gust.runtimeapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RuntimeEndpointTest {
  private final CountDownLatch polled = new CountDownLatch(1);
  private final AtomicReference<RuntimeResult> initError = new AtomicReference<>();
  private RuntimeEndpoint endpoint;

  private RuntimeEndpoint open(ConnectionGuard guard, int maxBytes) throws IOException {
    endpoint =
        RuntimeEndpoint.open(
            guard,
            new RuntimeEndpoint.Events() {
              @Override
              public void nextRequested() {
                polled.countDown();
              }

              @Override
              public void initFailed(RuntimeResult error) {
                initError.set(error);
              }
            },
            maxBytes,
            Thread.ofVirtual().factory());
    return endpoint;
  }

  @AfterEach
  void close() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  private static RuntimeInvocation invocation(String id, String payload) {
    return new RuntimeInvocation(
        id,
        payload.getBytes(StandardCharsets.UTF_8),
        1234L,
        "arn:aws:lambda:us-east-1:000000000000:function:f",
        "Root=1-0-0;Parent=0;Sampled=0",
        Optional.of("{\"c\":1}"),
        Optional.empty());
  }

  /** A minimal HTTP client over one keep-alive connection, as a runtime would hold. */
  private static final class Client implements AutoCloseable {
    final Socket socket;
    final BufferedReader in;
    final OutputStream out;

    Client(String address) throws IOException {
      String[] hp = address.split(":");
      socket = new Socket(hp[0], Integer.parseInt(hp[1]));
      in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      out = socket.getOutputStream();
    }

    Response exchange(String raw) throws IOException {
      out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String status = in.readLine();
      Map<String, String> headers = new HashMap<>();
      String line;
      while (!(line = in.readLine()).isEmpty()) {
        int c = line.indexOf(':');
        headers.put(line.substring(0, c).toLowerCase(), line.substring(c + 1).trim());
      }
      int len = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      char[] body = new char[len];
      int read = 0;
      while (read < len) {
        read += in.read(body, read, len - read);
      }
      return new Response(Integer.parseInt(status.split(" ")[1]), headers, new String(body));
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private record Response(int status, Map<String, String> headers, String body) {}

  private static String post(String path, String body, String... headers) {
    StringBuilder b = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: x\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body).toString();
  }

  private static final String NEXT = "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n";

  @Test
  void longPollReceivesTheSubmittedInvocationAndTheResponseCompletesIt() throws Exception {
    open(ConnectionGuard.ANY, 1024);
    try (Client c = new Client(endpoint.address())) {
      CompletableFuture<Response> next = CompletableFuture.supplyAsync(() -> {
        try {
          return c.exchange(NEXT);
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      assertTrue(polled.await(10, TimeUnit.SECONDS), "runtime never polled");
      long before = System.currentTimeMillis();
      CompletableFuture<RuntimeResult> result = endpoint.submit(invocation("req-1", "{\"a\":1}"));
      Response r = next.get(10, TimeUnit.SECONDS);
      long after = System.currentTimeMillis();
      assertEquals(200, r.status());
      assertEquals("{\"a\":1}", r.body());
      assertEquals("req-1", r.headers().get("lambda-runtime-aws-request-id"));
      long deadline = Long.parseLong(r.headers().get("lambda-runtime-deadline-ms"));
      assertTrue(deadline >= before + 1234 && deadline <= after + 1234, "deadline = delivery + timeout");
      assertEquals("{\"c\":1}", r.headers().get("lambda-runtime-client-context"));
      Response ack = c.exchange(post("/2018-06-01/runtime/invocation/req-1/response", "\"ok\""));
      assertEquals(202, ack.status());
      RuntimeResult done = result.get(10, TimeUnit.SECONDS);
      assertEquals(RuntimeResult.Kind.SUCCESS, done.kind());
      assertEquals("\"ok\"", new String(done.body(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void answeringAnotherRequestIdIsRefusedAndChangesNothing() throws Exception {
    open(ConnectionGuard.ANY, 1024);
    CompletableFuture<RuntimeResult> result = endpoint.submit(invocation("req-2", "{}"));
    try (Client c = new Client(endpoint.address())) {
      assertEquals(200, c.exchange(NEXT).status());
      Response wrong = c.exchange(post("/2018-06-01/runtime/invocation/other/response", "1"));
      assertEquals(400, wrong.status());
      assertTrue(wrong.body().contains("InvalidRequestID"));
      assertTrue(!result.isDone());
      String chunked =
          "POST /2018-06-01/runtime/invocation/req-2/error HTTP/1.1\r\nHost: x\r\n"
              + "Lambda-Runtime-Function-Error-Type: ValueError\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "5\r\n{\"err\r\n6\r\norType\r\n0\r\n\r\n";
      assertEquals(202, c.exchange(chunked).status());
      RuntimeResult done = result.get(10, TimeUnit.SECONDS);
      assertEquals(RuntimeResult.Kind.FUNCTION_ERROR, done.kind());
      assertEquals("ValueError", done.errorType());
      assertEquals("{\"errorType", new String(done.body(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void oversizedResponseFailsTheInvocationWith413() throws Exception {
    open(ConnectionGuard.ANY, 16);
    CompletableFuture<RuntimeResult> result = endpoint.submit(invocation("req-3", "{}"));
    try (Client c = new Client(endpoint.address())) {
      c.exchange(NEXT);
      Response r = c.exchange(post("/2018-06-01/runtime/invocation/req-3/response", "x".repeat(100)));
      assertEquals(413, r.status());
      assertEquals("Function.ResponseSizeTooLarge", result.get(10, TimeUnit.SECONDS).errorType());
      // the connection is still usable after the oversized body was read through
      assertEquals(404, c.exchange("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n").status());
    }
  }

  @Test
  void connectionsTheGuardRejectsGet403() throws Exception {
    open((local, remote) -> false, 1024);
    try (Client c = new Client(endpoint.address())) {
      Response r = c.exchange(NEXT);
      assertEquals(403, r.status());
    }
  }

  @Test
  void initErrorFailsThePendingInvocation() throws Exception {
    open(ConnectionGuard.ANY, 1024);
    CompletableFuture<RuntimeResult> result = endpoint.submit(invocation("req-4", "{}"));
    try (Client c = new Client(endpoint.address())) {
      Response r =
          c.exchange(
              post(
                  "/2018-06-01/runtime/init/error",
                  "{\"errorType\":\"Runtime.ImportModuleError\"}",
                  "Lambda-Runtime-Function-Error-Type: Runtime.ImportModuleError"));
      assertEquals(202, r.status());
    }
    RuntimeResult done = result.get(10, TimeUnit.SECONDS);
    assertEquals(RuntimeResult.Kind.INIT_ERROR, done.kind());
    assertEquals("Runtime.ImportModuleError", done.errorType());
    assertEquals(done, initError.get());
  }

  @Test
  void closingEndsAnInvocationTheRuntimeNeverFetchedAsNotDelivered() throws Exception {
    open(ConnectionGuard.ANY, 1024);
    CompletableFuture<RuntimeResult> result = endpoint.submit(invocation("req-5", "{}"));
    endpoint.close(
        RuntimeResult.platformError("Runtime.ExitError", "fetched"),
        new RuntimeResult(RuntimeResult.Kind.NOT_DELIVERED, new byte[0], "Runtime.ExitError"));
    assertEquals(RuntimeResult.Kind.NOT_DELIVERED, result.get(10, TimeUnit.SECONDS).kind());
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class, () -> endpoint.submit(invocation("req-6", "{}")));
  }

  @Test
  void expectContinueIsAnsweredBeforeTheBody() throws Exception {
    open(ConnectionGuard.ANY, 1024);
    CompletableFuture<RuntimeResult> result = endpoint.submit(invocation("req-7", "{}"));
    try (Client c = new Client(endpoint.address())) {
      c.exchange(NEXT);
      c.out.write(("POST /2018-06-01/runtime/invocation/req-7/response HTTP/1.1\r\nHost: x\r\n"
          + "Expect: 100-continue\r\nContent-Length: 2\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      c.out.flush();
      assertEquals("HTTP/1.1 100 Continue", c.in.readLine());
      assertEquals("", c.in.readLine());
      Response ack = c.exchange("ok");
      assertEquals(202, ack.status());
      assertEquals("ok", new String(result.get(10, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8));
    }
  }

  /** Records what a streamed response delivers, in order. */
  private static final class Recorder implements ResponseStream {
    final java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    final CountDownLatch firstChunk = new CountDownLatch(1);

    @Override
    public void start(String contentType) {
      events.add("start " + contentType);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      events.add("chunk " + new String(bytes, offset, length, StandardCharsets.UTF_8));
      firstChunk.countDown();
    }

    @Override
    public void finish(Optional<RuntimeResult> error) {
      events.add("finish " + error.map(RuntimeResult::errorType).orElse("ok"));
    }
  }

  private static RuntimeInvocation streaming(String id, ResponseStream stream) {
    return new RuntimeInvocation(id, "{}".getBytes(StandardCharsets.UTF_8), 1000,
        "arn:aws:lambda:us-east-1:000000000000:function:f", "Root=1", Optional.empty(),
        Optional.empty(), Optional.of(stream));
  }

  private static final String STREAM_HEAD =
      "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: x\r\n"
          + "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n"
          + "Content-Type: text/event-stream\r\n\r\n";

  @Test
  void aStreamedResponseReachesTheStreamChunkByChunkBeforeItEnds() throws Exception {
    open(ConnectionGuard.ANY, 1024);
    Recorder recorder = new Recorder();
    CompletableFuture<RuntimeResult> result = endpoint.submit(streaming("s-1", recorder));
    try (Client c = new Client(endpoint.address())) {
      c.exchange(NEXT);
      c.out.write(String.format(STREAM_HEAD, "s-1").getBytes(StandardCharsets.ISO_8859_1));
      c.out.write("5\r\nhello\r\n".getBytes(StandardCharsets.ISO_8859_1));
      c.out.flush();
      assertTrue(recorder.firstChunk.await(10, TimeUnit.SECONDS), "the first chunk arrived alone");
      assertTrue(!result.isDone(), "the invocation is still running");
      Response ack = c.exchange("6\r\n world\r\n0\r\n\r\n");
      assertEquals(202, ack.status());
    }
    assertEquals(RuntimeResult.Kind.SUCCESS, result.get(10, TimeUnit.SECONDS).kind());
    assertEquals(java.util.List.of("start text/event-stream", "chunk hello", "chunk  world", "finish ok"),
        recorder.events);
  }

  @Test
  void errorTrailersEndAStreamWithTheFunctionsError() throws Exception {
    open(ConnectionGuard.ANY, 1024);
    Recorder recorder = new Recorder();
    CompletableFuture<RuntimeResult> result = endpoint.submit(streaming("s-2", recorder));
    String errorBody = java.util.Base64.getEncoder().encodeToString(
        "{\"errorType\":\"Error\",\"errorMessage\":\"mid-stream\"}".getBytes(StandardCharsets.UTF_8));
    try (Client c = new Client(endpoint.address())) {
      c.exchange(NEXT);
      Response ack = c.exchange(String.format(STREAM_HEAD, "s-2") + "3\r\nabc\r\n0\r\n"
          + "Lambda-Runtime-Function-Error-Type: Error\r\nLambda-Runtime-Function-Error-Body: " + errorBody
          + "\r\n\r\n");
      assertEquals(202, ack.status());
    }
    RuntimeResult done = result.get(10, TimeUnit.SECONDS);
    assertEquals(RuntimeResult.Kind.FUNCTION_ERROR, done.kind());
    assertTrue(new String(done.body(), StandardCharsets.UTF_8).contains("mid-stream"));
    assertEquals("finish Error", recorder.events.get(recorder.events.size() - 1));
  }

  @Test
  void aStreamedResponseToABufferedInvocationIsCollectedWhole() throws Exception {
    open(ConnectionGuard.ANY, 1024);
    CompletableFuture<RuntimeResult> result = endpoint.submit(invocation("s-3", "{}"));
    try (Client c = new Client(endpoint.address())) {
      c.exchange(NEXT);
      assertEquals(202, c.exchange(String.format(STREAM_HEAD, "s-3") + "2\r\nab\r\n2\r\ncd\r\n0\r\n\r\n").status());
    }
    assertEquals("abcd", new String(result.get(10, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8));
  }
}

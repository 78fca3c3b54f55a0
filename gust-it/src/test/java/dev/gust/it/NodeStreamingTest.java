package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.InvokeMode;

/**
 * Node.js handlers written with Lambda's {@code awslambda.streamifyResponse}, behind function URLs
 * in RESPONSE_STREAM mode: chunks reach the client as the handler writes them, a failure after the
 * first write ends the response with what was sent, a stream without the HTTP prelude is a 200,
 * and the prelude's headers never contradict the chunked framing.
 */
class NodeStreamingTest extends ServerTest {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Where a handler waits between its chunks; it opens once the client has seen the first one. */
  static final class Gate {
    final CountDownLatch asked = new CountDownLatch(1);
    final CountDownLatch open = new CountDownLatch(1);
    final AtomicBoolean openedByClient = new AtomicBoolean();
  }

  static final Map<String, Gate> gates = Map.of("events", new Gate(), "failing", new Gate());
  static final Map<String, String> urls = new HashMap<>();
  static final ExecutorService gateThreads = Executors.newCachedThreadPool();
  static HttpServer gateServer;

  @BeforeAll
  static void deploy() throws Exception {
    gateServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateServer.createContext("/", exchange -> {
      Gate gate = gates.get(exchange.getRequestURI().getPath().substring(1));
      if (gate != null) {
        gate.asked.countDown();
        try {
          // false if the client never saw the first chunk: a buffering gateway would deadlock here
          gate.openedByClient.compareAndSet(false, gate.open.await(60, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      exchange.sendResponseHeaders(gate == null ? 404 : 204, -1);
      exchange.close();
    });
    gateServer.setExecutor(gateThreads); // the gates wait at the same time
    gateServer.start();
    String gateUrl = "http://127.0.0.1:" + gateServer.getAddress().getPort() + "/";
    for (String handler : List.of("events", "failing", "raw", "sized")) {
      String name = "node-" + handler;
      gust.lambda.createFunction(b -> b.functionName(name).runtime("nodejs20.x").handler("index." + handler).role("r")
          .timeout(60).environment(e -> e.variables(Map.of("GATE_URL", gateUrl)))
          .code(c -> c.zipFile(Functions.zip("node-stream"))));
      urls.put(handler, gust.lambda.createFunctionUrlConfig(b -> b.functionName(name)
          .authType(FunctionUrlAuthType.NONE).invokeMode(InvokeMode.RESPONSE_STREAM)).functionUrl());
    }
  }

  @AfterAll
  static void stopGate() {
    gateServer.stop(0);
    gateThreads.shutdownNow();
  }

  static HttpResponse<InputStream> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  static BufferedReader lines(HttpResponse<InputStream> r) {
    return new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
  }

  @Test
  void serverSentEventsArriveOneByOneWithThePreludesStatusHeadersAndCookies() throws Exception {
    Gate gate = gates.get("events");
    HttpResponse<InputStream> r = get(urls.get("events") + "live/feed?topic=news");
    assertEquals(200, r.statusCode());
    assertEquals("text/event-stream", r.headers().firstValue("content-type").orElse(null));
    assertEquals("no-cache", r.headers().firstValue("cache-control").orElse(null));
    assertEquals("/live/feed", r.headers().firstValue("x-path").orElse(null));
    assertEquals(List.of("stream=on; Path=/"), r.headers().allValues("set-cookie"));
    try (BufferedReader lines = lines(r)) {
      assertEquals("data: first", lines.readLine());
      assertEquals("", lines.readLine());
      assertTrue(gate.asked.await(60, TimeUnit.SECONDS), "the function is waiting at the gate, so it has not finished");
      gate.open.countDown();
      assertEquals("data: second", lines.readLine());
      assertEquals("", lines.readLine());
      assertNull(lines.readLine(), "the response ends when the handler ends its stream");
    }
    assertTrue(gate.openedByClient.get(), "the gate was opened by the client's first event, not by its timeout");
  }

  /**
   * Once the status line and the first chunk have gone out, the gateway cannot change the answer:
   * it relays what the function wrote and then ends the chunked body as usual (GatewayFront#stream
   * stops at the relay's end, whatever error the runtime's trailers reported). The error itself
   * goes to the function's log.
   */
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // a guard so that a hanging response fails the test
  void aHandlerThatFailsAfterItsFirstChunkEndsTheResponseWithWhatItSent() throws Exception {
    Gate gate = gates.get("failing");
    HttpResponse<InputStream> r = get(urls.get("failing") + "fails");
    assertEquals(200, r.statusCode());
    assertEquals("text/event-stream", r.headers().firstValue("content-type").orElse(null));
    try (BufferedReader lines = lines(r)) {
      assertEquals("data: partial", lines.readLine());
      assertEquals("", lines.readLine());
      assertTrue(gate.asked.await(60, TimeUnit.SECONDS), "the function is waiting at the gate");
      gate.open.countDown();
      assertNull(lines.readLine(), "after the error the response ends (cleanly: no exception) with nothing more");
    }
    assertTrue(gate.openedByClient.get(), "the client had the first chunk before the function failed");

    String log = "";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!log.contains("failed after the first chunk") && System.nanoTime() < deadline) {
      HttpResponse<String> logs = HTTP.send(HttpRequest.newBuilder(URI.create(
          gust.endpoint() + "/gust/v1/functions/node-failing/logs?cursor=0&wait=5")).build(),
          HttpResponse.BodyHandlers.ofString());
      log = Functions.JSON.readTree(logs.body()).get("text").asText();
    }
    assertTrue(log.contains("Invoke Error") && log.contains("failed after the first chunk"), log);

    // The function is still served: the next request gets the same partial answer, and ends.
    HttpResponse<InputStream> again = get(urls.get("failing") + "again");
    assertEquals(200, again.statusCode());
    try (InputStream body = again.body()) {
      assertEquals("data: partial\n\n", new String(body.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aStreamWithoutTheHttpPreludeIsA200WithTheBytesWritten() throws Exception {
    HttpResponse<InputStream> r = get(urls.get("raw") + "bytes");
    assertEquals(200, r.statusCode());
    assertEquals("application/octet-stream", r.headers().firstValue("content-type").orElse(null));
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(new byte[] {0, 1, 2, (byte) 0xfe, (byte) 0xff});
    expected.writeBytes("plain text after binary\n".getBytes(StandardCharsets.UTF_8));
    expected.write(0x80);
    try (InputStream body = r.body()) {
      assertArrayEquals(expected.toByteArray(), body.readAllBytes());
    }
  }

  /**
   * A streamed body goes out chunked, so a Content-Length from the prelude is not passed on: a
   * message with both is refused by strict clients (Node's own HTTP parser) as RFC 9112 allows.
   */
  @Test
  void aContentLengthInThePreludeDoesNotContradictTheChunkedFraming() throws Exception {
    URI url = URI.create(urls.get("sized") + "download");
    String response = Raw.exchange(url.getPort(), "GET " + url.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1:"
        + url.getPort() + "\r\nConnection: close\r\n\r\n");
    String head = response.substring(0, Math.max(0, response.indexOf("\r\n\r\n"))).toLowerCase(Locale.ROOT);
    assertTrue(head.startsWith("http/1.1 200"), response);
    assertTrue(head.contains("\r\ntransfer-encoding: chunked"), response);
    assertFalse(head.contains("\r\ncontent-length:"), response);
    assertTrue(response.endsWith("\r\n0\r\n\r\n"), "the chunked body is complete: " + response);
    try (InputStream body = get(url.toString()).body()) {
      assertEquals("hello world\n", new String(body.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}

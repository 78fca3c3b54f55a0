package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.InvokeMode;

/** Function URLs in RESPONSE_STREAM mode deliver each chunk as the function writes it. */
class StreamingTest extends ServerTest {
  static HttpServer gate;
  static final CountDownLatch firstChunkSeen = new CountDownLatch(1);
  static final CountDownLatch gateAsked = new CountDownLatch(1);
  static final java.util.concurrent.atomic.AtomicBoolean releasedByClient =
      new java.util.concurrent.atomic.AtomicBoolean();

  @BeforeAll
  static void deploy() throws Exception {
    // The function asks this gate between its chunks; the gate answers only once the client has
    // received the first chunk, so the order proves streaming, whatever the timing.
    gate = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gate.createContext("/", exchange -> {
      gateAsked.countDown();
      try {
        // false if the client never saw the first chunk: a buffering gateway would deadlock here
        releasedByClient.set(firstChunkSeen.await(60, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    gate.start();
    String gateUrl = "http://127.0.0.1:" + gate.getAddress().getPort() + "/";
    gust.lambda.createFunction(b -> b.functionName("streamer").runtime("provided.al2023").handler("x").role("r")
        .timeout(60).environment(e -> e.variables(Map.of("GATE_URL", gateUrl)))
        .code(c -> c.zipFile(Functions.zip("provided-stream"))));
  }

  @AfterAll
  static void stopGate() {
    gate.stop(0);
  }

  @Test
  void theFirstChunkArrivesBeforeTheFunctionFinishes() throws Exception {
    String url = gust.lambda.createFunctionUrlConfig(b -> b.functionName("streamer")
        .authType(FunctionUrlAuthType.NONE).invokeMode(InvokeMode.RESPONSE_STREAM)).functionUrl();
    HttpResponse<InputStream> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url + "events")).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    assertEquals("text/event-stream", r.headers().firstValue("content-type").orElse(null));
    assertEquals("yes", r.headers().firstValue("x-streamed").orElse(null));
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      assertEquals("data: first", lines.readLine());
      assertTrue(gateAsked.getCount() == 0 || gateAsked.await(60, TimeUnit.SECONDS),
          "the function is waiting at the gate, so it has not finished");
      firstChunkSeen.countDown();
      assertEquals("", lines.readLine());
      assertEquals("data: second", lines.readLine());
    }
    assertTrue(releasedByClient.get(), "the gate was opened by the client's first chunk, not by its timeout");
  }
}

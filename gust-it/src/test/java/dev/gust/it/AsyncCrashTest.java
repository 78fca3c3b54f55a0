package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * An accepted asynchronous invocation survives {@code kill -9} of the server between its 202 and
 * its execution, and runs after the restart. The server is a real `./gust server` process.
 */
class AsyncCrashTest {
  static final Path GUST = Zips.root().resolve("gust");
  static final HttpClient HTTP = HttpClient.newHttpClient();

  record Running(Process process, String endpoint) {}

  static Running start(Path data) throws Exception {
    Process p = new ProcessBuilder(GUST.toString(), "server", "--port", "0", "--http-port", "0",
        "--data-dir", data.toString()).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = out.readLine()) != null; ) {
      seen.append(line).append('\n');
      int at = line.indexOf("Gust listening on "); // a rebuild's output may precede it on the line
      if (at >= 0) {
        String endpoint = line.substring(at + "Gust listening on ".length()).split("[ ,]")[0];
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep draining its output
        return new Running(p, endpoint);
      }
    }
    throw new AssertionError("the server did not start:\n" + seen);
  }

  static JsonNode invocations(String endpoint, String function) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
        URI.create(endpoint + "/gust/v1/functions/" + function + "/invocations")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return Functions.JSON.readTree(r.body()).get("Invocations");
  }

  @Test
  void anAcceptedEventSurvivesKillDashNineAndRunsAfterRestart() throws Exception {
    Path data = Files.createTempDirectory("gust-crash-");
    Running first = start(data);
    String requestId;
    try (LambdaClient lambda = TestServer.client(URI.create(first.endpoint()))) {
      lambda.createFunction(b -> b.functionName("survivor").runtime("python3.11").handler("app.handler")
          .role("r").code(c -> c.zipFile(Functions.zip("async-worker"))));
      // Throttled: the event is accepted and stored, but cannot run before the kill.
      lambda.putFunctionConcurrency(b -> b.functionName("survivor").reservedConcurrentExecutions(0));
      var accepted = lambda.invoke(b -> b.functionName("survivor").invocationType(InvocationType.EVENT)
          .payload(SdkBytes.fromUtf8String("{\"n\":\"after-the-crash\"}")));
      assertEquals(202, accepted.statusCode());
      requestId = accepted.responseMetadata().requestId();
    } finally {
      first.process().destroyForcibly(); // SIGKILL: no shutdown hook, no flush
      assertTrue(first.process().waitFor(30, TimeUnit.SECONDS));
    }

    Running second = start(data);
    try (LambdaClient lambda = TestServer.client(URI.create(second.endpoint()))) {
      JsonNode waiting = invocations(second.endpoint(), "survivor");
      assertEquals(1, waiting.size(), waiting.toString());
      assertEquals(requestId, waiting.get(0).get("RequestId").asText());
      assertEquals("queued", waiting.get(0).get("Status").asText());

      lambda.deleteFunctionConcurrency(b -> b.functionName("survivor"));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      String status = "";
      while (!status.equals("succeeded")) {
        assertTrue(System.nanoTime() < deadline, "the event never ran after the restart: " + status);
        Thread.sleep(100);
        status = invocations(second.endpoint(), "survivor").get(0).get("Status").asText();
      }
      HttpResponse<String> logs = HTTP.send(HttpRequest.newBuilder(
          URI.create(second.endpoint() + "/gust/v1/functions/survivor/logs?cursor=0")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertTrue(logs.body().contains("RAN after-the-crash"), logs.body());
    } finally {
      second.process().destroy();
      second.process().waitFor(30, TimeUnit.SECONDS);
      second.process().destroyForcibly();
    }
  }
}

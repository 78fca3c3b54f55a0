package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.GetFunctionEventInvokeConfigResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Durable asynchronous invocation, end to end: retries and the failure destination, redrive,
 * backpressure while throttled, and ten thousand events all processed. Retry delays are shortened
 * for the test (Lambda's are one and two minutes).
 */
class DurableAsyncTest {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static TestServer gust;

  @BeforeAll
  static void start() throws Exception {
    gust = TestServer.start(c -> c.withAsyncRetryDelays(Duration.ofMillis(200), Duration.ofMillis(400)));
  }

  @AfterAll
  static void stop() {
    gust.close();
  }

  static void create(String name, Map<String, String> env) {
    gust.lambda.createFunction(b -> b.functionName(name).runtime("python3.11").handler("app.handler").role("r")
        .timeout(30).environment(e -> e.variables(env)).code(c -> c.zipFile(Functions.zip("async-worker"))));
  }

  static String event(String function, String payload) {
    InvokeResponse r = gust.lambda.invoke(b -> b.functionName(function).invocationType(InvocationType.EVENT)
        .payload(SdkBytes.fromUtf8String(payload)));
    assertEquals(202, r.statusCode());
    return r.responseMetadata().requestId();
  }

  static JsonNode get(String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gust.endpoint() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return Functions.JSON.readTree(r.body());
  }

  static JsonNode post(String path, String body) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gust.endpoint() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return Functions.JSON.readTree(r.body());
  }

  /** Polls until {@code done} holds (a generous guard against a hang, not a timing assertion). */
  static <T> T await(java.util.concurrent.Callable<T> probe, Predicate<T> done, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    T value = probe.call();
    while (!done.test(value)) {
      assertTrue(System.nanoTime() < deadline, "gave up waiting for " + what + "; last seen: " + value);
      Thread.sleep(100);
      value = probe.call();
    }
    return value;
  }

  static JsonNode invocation(String function, String requestId) throws Exception {
    for (JsonNode i : get("/gust/v1/functions/" + function + "/invocations?limit=1000").get("Invocations")) {
      if (i.get("RequestId").asText().equals(requestId)) {
        return i;
      }
    }
    return Functions.JSON.createObjectNode();
  }

  static String logs(String function) throws Exception {
    return logsOf(gust, function);
  }

  /** A function's whole log on {@code server}. */
  static String logsOf(TestServer server, String function) throws Exception {
    StringBuilder all = new StringBuilder();
    long cursor = 0;
    while (true) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint()
          + "/gust/v1/functions/" + function + "/logs?cursor=" + cursor + "&maxBytes=1048576")).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode chunk = Functions.JSON.readTree(r.body());
      String text = chunk.get("text").asText();
      all.append(text);
      long next = chunk.get("nextCursor").asLong();
      if (text.isEmpty() || next == cursor) {
        return all.toString();
      }
      cursor = next;
    }
  }

  static JsonNode destination(String auditLogs, String requestId, String condition) throws Exception {
    for (String line : auditLogs.split("\n")) {
      int at = line.indexOf("DESTINATION ");
      if (at >= 0) {
        JsonNode record = Functions.JSON.readTree(line.substring(at + "DESTINATION ".length()));
        if (record.at("/requestContext/requestId").asText().equals(requestId)
            && record.at("/requestContext/condition").asText().equals(condition)) {
          return record;
        }
      }
    }
    return null;
  }

  @Test
  void aFailingEventIsRetriedTwiceGoesToItsFailureDestinationAndRedrivesOnceFixed() throws Exception {
    create("flaky", Map.of("FAIL", "1"));
    create("audit", Map.of());
    String auditArn = gust.lambda.getFunction(b -> b.functionName("audit")).configuration().functionArn();
    gust.lambda.putFunctionEventInvokeConfig(b -> b.functionName("flaky").maximumRetryAttempts(2)
        .destinationConfig(d -> d.onFailure(f -> f.destination(auditArn)).onSuccess(s -> s.destination(auditArn))));

    var sqs = gust.sqs();
    String dlqUrl = sqs.createQueue(b -> b.queueName("flaky-dlq")).queueUrl();
    String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNamesWithStrings("QueueArn"))
        .attributesAsStrings().get("QueueArn");
    gust.lambda.updateFunctionConfiguration(b -> b.functionName("flaky").deadLetterConfig(d -> d.targetArn(dlqArn)));
    assertEquals(dlqArn, gust.lambda.getFunctionConfiguration(b -> b.functionName("flaky")).deadLetterConfig().targetArn());

    String id = event("flaky", "{\"n\":\"order-1\"}");
    JsonNode failed = await(() -> invocation("flaky", id), i -> i.path("Status").asText().equals("failed"),
        "the event to fail for good");
    assertEquals(3, failed.get("Attempts").asInt(), "one attempt and two retries: " + failed);
    assertTrue(failed.get("LastError").asText().contains("failing on purpose: order-1"), failed.toString());

    JsonNode record = await(() -> destination(logs("audit"), id, "RetriesExhausted"), r -> r != null,
        "the failure destination's record");
    assertEquals(3, record.at("/requestContext/approximateInvokeCount").asInt());
    assertEquals("order-1", record.at("/requestPayload/n").asText());
    assertEquals("Unhandled", record.at("/responseContext/functionError").asText());
    assertEquals("RuntimeError", record.at("/responsePayload/errorType").asText());
    assertTrue(record.at("/requestContext/functionArn").asText().endsWith(":function:flaky:$LATEST"));
    assertEquals(3, logs("flaky").split("RAN order-1", -1).length - 1, "ran exactly three times");

    // ... and in the dead-letter queue: the original event, with Lambda's attributes
    var dead = await(() -> sqs.receiveMessage(b -> b.queueUrl(dlqUrl).waitTimeSeconds(5)
        .messageAttributeNames("All")).messages(), m -> !m.isEmpty(), "the event in the dead-letter queue");
    assertEquals("{\"n\":\"order-1\"}", dead.get(0).body());
    assertEquals(id, dead.get(0).messageAttributes().get("RequestID").stringValue());
    assertEquals("Number", dead.get(0).messageAttributes().get("ErrorCode").dataType());
    assertTrue(dead.get(0).messageAttributes().get("ErrorMessage").stringValue().contains("failing on purpose"));
    sqs.close();

    // Fixed: redrive it, and it succeeds once.
    gust.lambda.updateFunctionConfiguration(b -> b.functionName("flaky").environment(e -> e.variables(Map.of("FAIL", "0"))));
    JsonNode redriven = post("/gust/v1/functions/flaky/invocations/redrive", "{\"RequestId\":\"" + id + "\"}");
    assertEquals(id, redriven.get("Redriven").get(0).asText());
    JsonNode succeeded = await(() -> invocation("flaky", id), i -> i.path("Status").asText().equals("succeeded"),
        "the redriven event to succeed");
    assertEquals(1, succeeded.get("Attempts").asInt());
    await(() -> destination(logs("audit"), id, "Success"), r -> r != null, "the success destination's record");
  }

  @Test
  void aFailedEventsRecordLandsInAQueueDestination() throws Exception {
    create("doomed", Map.of("FAIL", "1"));
    try (var sqs = gust.sqs()) {
      String url = sqs.createQueue(b -> b.queueName("failures")).queueUrl();
      String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("QueueArn"))
          .attributesAsStrings().get("QueueArn");
      gust.lambda.putFunctionEventInvokeConfig(b -> b.functionName("doomed").maximumRetryAttempts(0)
          .destinationConfig(d -> d.onFailure(f -> f.destination(arn))));
      String id = event("doomed", "{\"n\":\"to-the-queue\"}");
      var messages = await(() -> sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages(),
          m -> !m.isEmpty(), "the failure record in the queue");
      JsonNode record = Functions.JSON.readTree(messages.get(0).body());
      assertEquals(id, record.at("/requestContext/requestId").asText());
      assertEquals("RetriesExhausted", record.at("/requestContext/condition").asText());
      assertEquals(1, record.at("/requestContext/approximateInvokeCount").asInt(), "retries 0: one attempt");
      assertEquals("to-the-queue", record.at("/requestPayload/n").asText());
    }
  }

  @Test
  void eventInvokeConfigSpeaksLambdasApi() {
    create("configured", Map.of());
    gust.lambda.putFunctionEventInvokeConfig(b -> b.functionName("configured").maximumRetryAttempts(1)
        .maximumEventAgeInSeconds(3600));
    gust.lambda.updateFunctionEventInvokeConfig(b -> b.functionName("configured").maximumRetryAttempts(0));
    GetFunctionEventInvokeConfigResponse c =
        gust.lambda.getFunctionEventInvokeConfig(b -> b.functionName("configured"));
    assertEquals(0, c.maximumRetryAttempts());
    assertEquals(3600, c.maximumEventAgeInSeconds(), "update keeps what it does not name");
    assertTrue(c.functionArn().endsWith(":function:configured:$LATEST"), c.functionArn());
    assertTrue(c.lastModified() != null);
    assertEquals(1, gust.lambda.listFunctionEventInvokeConfigs(b -> b.functionName("configured"))
        .functionEventInvokeConfigs().size());
    assertThrows(InvalidParameterValueException.class, () -> gust.lambda.putFunctionEventInvokeConfig(
        b -> b.functionName("configured").maximumRetryAttempts(3)));
    assertEquals(0, gust.lambda.getFunctionEventInvokeConfig(b -> b.functionName("configured")).maximumRetryAttempts(),
        "a refused change changes nothing");
    gust.lambda.deleteFunctionEventInvokeConfig(b -> b.functionName("configured"));
    assertThrows(ResourceNotFoundException.class,
        () -> gust.lambda.getFunctionEventInvokeConfig(b -> b.functionName("configured")));
  }

  @Test
  void tenThousandEventsWaitOutAThrottleAndAreAllProcessed() throws Exception {
    int count = 10_000;
    create("counter", Map.of());
    gust.lambda.putFunctionConcurrency(b -> b.functionName("counter").reservedConcurrentExecutions(0));
    ExecutorService senders = Executors.newFixedThreadPool(16);
    try {
      java.util.List<Future<Integer>> sent = new java.util.ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int first = t;
        sent.add(senders.submit(() -> {
          int accepted = 0;
          for (int n = first; n < count; n += 16) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                    URI.create(gust.endpoint() + "/2015-03-31/functions/counter/invocations"))
                .header("X-Amz-Invocation-Type", "Event")
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + n + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(202, r.statusCode(), r.body());
            accepted++;
          }
          return accepted;
        }));
      }
      int accepted = 0;
      for (Future<Integer> f : sent) {
        accepted += f.get();
      }
      assertEquals(count, accepted);
    } finally {
      senders.shutdownNow();
    }
    // Throttled (reserved concurrency 0): every event waits in the store, none has run.
    JsonNode waiting = get("/gust/v1/functions/counter/invocations?status=queued&limit=1000");
    assertEquals(1000, waiting.get("Invocations").size());
    assertEquals(count, waiting.get("Pending").asLong());
    assertTrue(!logs("counter").contains("RAN "), "nothing ran while throttled");

    gust.lambda.putFunctionConcurrency(b -> b.functionName("counter").reservedConcurrentExecutions(4));
    await(() -> get("/gust/v1/functions/counter/invocations?limit=1").get("Pending").asLong(), p -> p == 0,
        "the backlog to drain");
    Set<String> ran = new HashSet<>();
    for (String line : logs("counter").split("\n")) {
      int at = line.indexOf("RAN ");
      if (at >= 0) {
        ran.add(line.substring(at + 4).strip());
      }
    }
    assertEquals(count, ran.size(), "every event ran (counted in the function's output)");
    assertEquals(0, get("/gust/v1/functions/counter/invocations?status=failed&limit=10").get("Invocations").size());
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }
}

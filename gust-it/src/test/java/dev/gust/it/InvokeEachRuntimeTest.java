package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** Deploys a function for each runtime with the AWS SDK and invokes it. */
class InvokeEachRuntimeTest extends ServerTest {

  @Test
  void pythonHandlerGetsTheEventAndLambdasContext() {
    Functions.create(gust.lambda, "py", "python3.11", "app.handler", Functions.zip("python-probe"));
    InvokeResponse r = Functions.invoke(gust.lambda, "py", "{\"name\":\"gust\"}");
    assertEquals(200, r.statusCode());
    assertNull(r.functionError(), () -> r.payload().asUtf8String());
    assertEquals("$LATEST", r.executedVersion());
    JsonNode body = Functions.json(r);
    assertEquals("gust", body.at("/event/name").asText());
    assertEquals("py", body.get("functionName").asText());
    assertEquals("128", body.get("memory").asText());
    assertEquals("$LATEST", body.get("functionVersion").asText());
    assertEquals("arn:aws:lambda:us-east-1:000000000000:function:py", body.get("arn").asText());
    assertEquals("/aws/lambda/py", body.get("logGroup").asText());
    long remaining = body.get("remainingMs").asLong();
    assertTrue(remaining > 0 && remaining <= 3000, "remaining time within the 3 s timeout: " + remaining);
    assertEquals(r.responseMetadata().requestId(), body.get("requestId").asText());
  }

  @Test
  void nodeCommonJsEsModuleAndCallbackHandlersAllRun() {
    Functions.create(gust.lambda, "node-cjs", "nodejs20.x", "index.handler", Functions.zip("node-cjs"));
    Functions.create(gust.lambda, "node-esm", "nodejs20.x", "index.handler", Functions.zip("node-esm"));
    Functions.create(gust.lambda, "node-cb", "nodejs20.x", "index.handler", Functions.zip("node-callback"));
    JsonNode cjs = Functions.json(Functions.invoke(gust.lambda, "node-cjs", "{\"n\":1}"));
    assertEquals("cjs", cjs.get("style").asText());
    assertEquals(1, cjs.at("/event/n").asInt());
    JsonNode esm = Functions.json(Functions.invoke(gust.lambda, "node-esm", "{\"n\":2}"));
    assertEquals("esm", esm.get("style").asText());
    assertEquals("128", esm.get("memory").asText());
    JsonNode cb = Functions.json(Functions.invoke(gust.lambda, "node-cb", "{\"n\":3}"));
    assertEquals("callback", cb.get("style").asText());
    assertEquals(3, cb.at("/event/n").asInt());
  }

  @Test
  void javaRequestHandlerFromTheExampleRuns() throws Exception {
    Path jar = Zips.root().resolve("examples/java-hello/target/java-hello.jar");
    assertTrue(Files.exists(jar), "the example jar is built by the reactor before these tests: " + jar);
    gust.lambda.createFunction(
        b -> b.functionName("java").runtime("java21").handler("example.Hello::handleRequest")
            .memorySize(512).timeout(30).role("r").code(c -> c.zipFile(Zips.file(jar))));
    InvokeResponse r = Functions.invoke(gust.lambda, "java", "{\"name\":\"Duke\"}");
    assertNull(r.functionError(), () -> r.payload().asUtf8String());
    JsonNode body = Functions.json(r);
    assertEquals("Hello, Duke!", body.get("message").asText());
  }

  @Test
  void anOlderJavaIdentifierRunsOnANewerJdk() throws Exception {
    Path jar = Zips.root().resolve("examples/java-hello/target/java-hello.jar");
    gust.lambda.createFunction(
        b -> b.functionName("java17").runtime("java17").handler("example.Hello::handleRequest")
            .memorySize(512).timeout(30).role("r").code(c -> c.zipFile(Zips.file(jar))));
    InvokeResponse r = Functions.invoke(gust.lambda, "java17", "{\"name\":\"17\"}");
    assertNull(r.functionError(), () -> r.payload().asUtf8String());
    assertEquals("Hello, 17!", Functions.json(r).get("message").asText());
  }

  @Test
  void customRuntimeBootstrapSpeaksTheRuntimeApiWithCurl() {
    Functions.create(gust.lambda, "custom", "provided.al2023", "my.handler", Functions.zip("provided-curl"));
    InvokeResponse r = Functions.invoke(gust.lambda, "custom", "{\"k\":\"v\"}");
    assertNull(r.functionError(), () -> r.payload().asUtf8String());
    JsonNode body = Functions.json(r);
    assertEquals("provided", body.get("runtime").asText());
    assertEquals("my.handler", body.get("handler").asText());
    assertEquals("v", body.at("/event/k").asText());
    assertTrue(Functions.log(r).contains("custom runtime handling " + r.responseMetadata().requestId()),
        Functions.log(r));
  }

  @Test
  void functionErrorIsA200WithUnhandledAndLambdasErrorBody() {
    Functions.create(gust.lambda, "py-err", "python3.11", "app.handler", Functions.zip("python-probe"));
    InvokeResponse r = Functions.invoke(gust.lambda, "py-err", "{\"action\":\"raise\",\"why\":\"test\"}");
    assertEquals(200, r.statusCode());
    assertEquals("Unhandled", r.functionError());
    JsonNode body = Functions.json(r);
    assertEquals("ValueError", body.get("errorType").asText());
    assertEquals("boom: test", body.get("errorMessage").asText());
    assertTrue(body.get("stackTrace").isArray() && body.get("stackTrace").size() > 0, body.toString());
    Functions.create(gust.lambda, "node-err", "nodejs20.x", "index.handler", Functions.zip("node-cjs"));
    InvokeResponse n = Functions.invoke(gust.lambda, "node-err", "{\"action\":\"raise\"}");
    assertEquals("Unhandled", n.functionError());
    assertEquals("TypeError", Functions.json(n).get("errorType").asText());
    assertEquals("bad input", Functions.json(n).get("errorMessage").asText());
  }

  @Test
  void logTailCarriesStartEndAndReportLines() {
    Functions.create(gust.lambda, "py-log", "python3.11", "app.handler", Functions.zip("python-probe"));
    InvokeResponse r = Functions.invoke(gust.lambda, "py-log", "{\"action\":\"print\",\"text\":\"hello from the function\"}");
    String log = Functions.log(r);
    String id = r.responseMetadata().requestId();
    assertTrue(log.contains("START RequestId: " + id + " Version: $LATEST"), log);
    assertTrue(log.contains("hello from the function"), log);
    assertTrue(log.contains("END RequestId: " + id), log);
    assertTrue(log.matches("(?s).*REPORT RequestId: " + id
        + "\tDuration: [0-9.]+ ms\tBilled Duration: [0-9]+ ms\tMemory Size: 128 MB\tMax Memory Used: [0-9]+ MB\tInit Duration: [0-9.]+ ms.*"), log);
    InvokeResponse warm = Functions.invoke(gust.lambda, "py-log", "{}");
    assertTrue(!Functions.log(warm).contains("Init Duration"), "no init on a warm start: " + Functions.log(warm));
    assertNotNull(warm.logResult());
  }
}

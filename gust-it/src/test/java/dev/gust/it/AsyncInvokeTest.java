package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** Event invocations are accepted with 202 and run; DryRun checks without running. */
class AsyncInvokeTest extends ServerTest {

  @BeforeAll
  static void deployFunctions() {
    gust.lambda.createFunction(
        b -> b.functionName("async").runtime("python3.11").handler("app.handler").role("r")
            .code(c -> c.zipFile(Functions.zip("python-probe"))));
  }

  @Test
  void eventInvocationIsAcceptedAndRuns() throws Exception {
    String marker = "async-" + UUID.randomUUID();
    InvokeResponse r = gust.lambda.invoke(b -> b.functionName("async").invocationType(InvocationType.EVENT)
        .payload(SdkBytes.fromUtf8String("{\"action\":\"print\",\"text\":\"" + marker + "\"}")));
    assertEquals(202, r.statusCode());
    assertEquals(0, r.payload().asByteArray().length);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String logs = "";
    while (!logs.contains(marker) && System.nanoTime() < deadline) {
      logs = get("/gust/v1/functions/async/logs?cursor=0&wait=5");
    }
    assertTrue(logs.contains(marker), "the event ran and printed its marker: " + logs);
  }

  @Test
  void dryRunChecksTheFunctionWithoutRunningIt() {
    InvokeResponse r = gust.lambda.invoke(b -> b.functionName("async").invocationType(InvocationType.DRY_RUN));
    assertEquals(204, r.statusCode());
  }

  private static String get(String path) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(gust.endpoint() + path).toURL().openConnection();
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

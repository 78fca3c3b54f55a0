package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A function's own AWS SDK (boto3, with no endpoint in its code) reaches Gust's queues and Lambda
 * API: every instance gets AWS_ENDPOINT_URL and credentials for Gust.
 */
class FunctionSdkTest extends ServerTest {

  @Test
  void boto3InsideAFunctionSendsToAGustQueueAndInvokesAnotherFunction() throws Exception {
    Functions.create(gust.lambda, "callee", "python3.11", "app.handler", Functions.zip("async-worker"));
    gust.lambda.createFunction(b -> b.functionName("caller").runtime("python3.11").handler("app.handler")
        .role("r").timeout(60).code(c -> c.zipFile(Functions.zip("sdk-caller"))));
    try (var sqs = gust.sqs()) {
      String url = sqs.createQueue(b -> b.queueName("from-functions")).queueUrl();
      var response = Functions.invoke(gust.lambda, "caller",
          "{\"queue\":\"from-functions\",\"function\":\"callee\"}");
      JsonNode result = Functions.json(response);
      assertEquals(200, result.path("status").asInt(), result + "\n" + new String(
          java.util.Base64.getDecoder().decode(response.logResult()), java.nio.charset.StandardCharsets.UTF_8));
      assertEquals("called-by-sdk", result.at("/payload/n").asText(), result.toString());
      var messages = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages();
      assertEquals(1, messages.size());
      assertEquals(result.get("messageId").asText(), messages.get(0).messageId());
      assertEquals(Map.of("from", "caller"), Functions.JSON.readValue(messages.get(0).body(), Map.class));
    }
  }
}

package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/** Every invocation is metered: counts, cold starts, throttles, GB-seconds and cost. */
class UsageTest extends ServerTest {

  @Test
  void usageCountsInvocationsErrorsThrottlesAndColdStarts() throws Exception {
    gust.lambda.createFunction(b -> b.functionName("metered").runtime("python3.11").handler("app.handler")
        .role("r").memorySize(256).code(c -> c.zipFile(Functions.zip("python-probe"))));
    Functions.invoke(gust.lambda, "metered", "{}");
    Functions.invoke(gust.lambda, "metered", "{}");
    Functions.invoke(gust.lambda, "metered", "{\"action\":\"raise\"}");
    gust.lambda.putFunctionConcurrency(b -> b.functionName("metered").reservedConcurrentExecutions(0));
    assertThrows(TooManyRequestsException.class, () -> Functions.invoke(gust.lambda, "metered", "{}"));

    JsonNode usage;
    try (InputStream in = URI.create(gust.endpoint() + "/gust/v1/usage").toURL().openStream()) {
      usage = Functions.JSON.readTree(in);
    }
    JsonNode f = null;
    for (JsonNode n : usage.get("functions")) {
      if (n.get("FunctionName").asText().equals("metered")) {
        f = n;
      }
    }
    assertTrue(f != null, usage.toString());
    assertEquals(3, f.get("Invocations").asLong());
    assertEquals(1, f.get("Errors").asLong());
    assertEquals(1, f.get("Throttles").asLong());
    assertEquals(1, f.get("ColdStarts").asLong());
    assertTrue(f.get("P99DurationMs").asDouble() >= f.get("P50DurationMs").asDouble());
    assertTrue(f.get("GbSeconds").asDouble() > 0);
    double expected = 3 * usage.at("/prices/perRequest").asDouble()
        + f.get("GbSeconds").asDouble() * usage.at("/prices/perGbSecond").asDouble();
    assertEquals(expected, f.get("EstimatedCost").asDouble(), 1e-12);
  }
}

package dev.gust.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatJsonTest {
  @Test
  void readsAFlatObjectOfStringsAndNumbers() {
    assertEquals(
        Map.of("deadLetterTargetArn", "arn:aws:sqs:us-east-1:000000000000:d", "maxReceiveCount", "5"),
        FlatJson.parseObject(
                " {\"deadLetterTargetArn\" : \"arn:aws:sqs:us-east-1:000000000000:d\","
                    + " \"maxReceiveCount\": 5 } ")
            .orElseThrow());
    assertEquals(Map.of("a", "x\"y"), FlatJson.parseObject("{\"a\":\"x\\\"y\"}").orElseThrow());
  }

  @Test
  void refusesAnythingElse() {
    for (String bad : new String[] {"", "[]", "{\"a\":{}}", "{\"a\":1} x", "{\"a\"", "5"}) {
      assertTrue(FlatJson.parseObject(bad).isEmpty(), bad);
    }
  }
}

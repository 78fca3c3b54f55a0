package dev.gust.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The partial batch response rules in Lambda's "Success and failure conditions" table. */
class BatchItemFailuresTest {
  static final Set<String> BATCH = Set.of("m1", "m2", "m3");

  static BatchItemFailures.Verdict read(String response) {
    return BatchItemFailures.read(response.getBytes(StandardCharsets.UTF_8), BATCH);
  }

  @Test
  void emptyOrNullResponsesAndListsMeanEverythingSucceeded() {
    for (String ok : List.of("", "null", "{}", "{\"batchItemFailures\": null}",
        "{\"batchItemFailures\": []}", "{\"other\": 1}")) {
      BatchItemFailures.Verdict v = read(ok);
      assertFalse(v.wholeBatch(), ok);
      assertTrue(v.failedIds().isEmpty(), ok);
    }
  }

  @Test
  void listedIdsFailAndOnlyThose() {
    BatchItemFailures.Verdict v = read(
        "{\"batchItemFailures\": [{\"itemIdentifier\": \"m2\"}, {\"itemIdentifier\": \"m3\"}]}");
    assertFalse(v.wholeBatch());
    assertEquals(Set.of("m2", "m3"), v.failedIds());
  }

  @Test
  void malformedResponsesFailTheWholeBatch() {
    for (String bad : List.of(
        "not json",
        "\"done\"",
        "[]",
        "{\"batchItemFailures\": {\"itemIdentifier\": \"m1\"}}",
        "{\"batchItemFailures\": [{\"itemIdentifier\": \"\"}]}",
        "{\"batchItemFailures\": [{\"itemIdentifier\": null}]}",
        "{\"batchItemFailures\": [{\"id\": \"m1\"}]}",
        "{\"batchItemFailures\": [{\"itemIdentifier\": \"m9\"}]}")) {
      BatchItemFailures.Verdict v = read(bad);
      assertTrue(v.wholeBatch(), bad);
      assertEquals(BATCH, v.failedIds(), bad);
      assertFalse(v.problem().isEmpty(), bad);
    }
  }
}

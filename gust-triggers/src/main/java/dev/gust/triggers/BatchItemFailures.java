package dev.gust.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads a function's partial batch response, {@code {"batchItemFailures": [{"itemIdentifier":
 * "<messageId>"}]}}, by the rules Lambda documents for Amazon SQS:
 *
 * <ul>
 *   <li>an empty or {@code null} response, an object without {@code batchItemFailures}, a {@code
 *       null} or empty list: every message succeeded;
 *   <li>the listed ids failed and are retried; the others are deleted;
 *   <li>a response that is not JSON, not an object, a list that is not a list, an entry without a
 *       non-empty string {@code itemIdentifier}, or an id not in the batch: the whole batch failed.
 * </ul>
 */
final class BatchItemFailures {

  /**
   * What the function reported.
   *
   * @param wholeBatch true when the whole batch counts as failed
   * @param failedIds the messages to retry (all of them when {@code wholeBatch})
   * @param problem why the whole batch failed, for the log; empty otherwise
   */
  record Verdict(boolean wholeBatch, Set<String> failedIds, String problem) {
    Verdict {
      failedIds = Set.copyOf(failedIds);
    }
  }

  private BatchItemFailures() {}

  static Verdict read(byte[] response, Set<String> batchIds) {
    JsonNode node;
    try {
      node = response.length == 0 ? null : FilterPattern.JSON.readTree(response);
    } catch (java.io.IOException e) {
      return whole(batchIds, "the response is not JSON");
    }
    if (node == null || node.isNull() || node.isMissingNode()) {
      return new Verdict(false, Set.of(), "");
    }
    if (!node.isObject()) {
      return whole(batchIds, "the response is not a JSON object with batchItemFailures");
    }
    JsonNode list = node.get("batchItemFailures");
    if (list == null || list.isNull()) {
      return new Verdict(false, Set.of(), "");
    }
    if (!list.isArray()) {
      return whole(batchIds, "batchItemFailures is not a list");
    }
    Set<String> failed = new HashSet<>();
    for (JsonNode item : list) {
      JsonNode id = item.get("itemIdentifier");
      if (id == null || !id.isTextual() || id.asText().isEmpty()) {
        return whole(batchIds, "an entry of batchItemFailures has no itemIdentifier: " + item);
      }
      if (!batchIds.contains(id.asText())) {
        return whole(batchIds, "batchItemFailures names " + id.asText()
            + ", which is not a messageId of this batch");
      }
      failed.add(id.asText());
    }
    return new Verdict(false, failed, "");
  }

  private static Verdict whole(Set<String> batchIds, String problem) {
    return new Verdict(true, batchIds, problem);
  }
}

package dev.gust.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.ErrorType;
import dev.gust.core.GustException;
import dev.gust.core.queue.MessageAttributeValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How Lambda applies filters to SQS records: the body's shape, attributes, OR across filters. */
class FilterCriteriaTest {

  static ObjectNode record(String body) {
    return record(body, Map.of());
  }

  static ObjectNode record(String body, Map<String, MessageAttributeValue> attributes) {
    return SqsEvent.record(SqsEventTest.message("id", body,
        Map.of("ApproximateReceiveCount", "1"), attributes), SqsEventTest.ARN, "us-east-1");
  }

  @Test
  void noFiltersAdmitEverything() {
    assertTrue(FilterCriteria.of(List.of()).admits(record("anything")));
  }

  @Test
  void aJsonPatternOnTheBodyReadsInsideAJsonBodyAndDropsPlainText() {
    FilterCriteria c = FilterCriteria.of(List.of("{\"body\": {\"RequestCode\": [\"BBBB\"]}}"));
    assertTrue(c.admits(record("{\"RecordNumber\": 1234, \"RequestCode\": \"BBBB\"}")));
    assertFalse(c.admits(record("{\"RecordNumber\": 1234, \"RequestCode\": \"AAAA\"}")));
    assertFalse(c.admits(record("RequestCode BBBB")), "plain text never matches a JSON pattern");
    FilterCriteria big = FilterCriteria.of(
        List.of("{\"body\": {\"RecordNumber\": [{\"numeric\": [\">\", 9999]}]}}"));
    assertTrue(big.admits(record("{\"RecordNumber\": 10000}")));
    assertFalse(big.admits(record("{\"RecordNumber\": 9999}")));
  }

  @Test
  void aPlainTextPatternOnTheBodyMatchesTextAndDropsJson() {
    FilterCriteria c = FilterCriteria.of(List.of("{\"body\": [{\"prefix\": \"Result: \"}]}"));
    assertTrue(c.admits(record("Result: ok")));
    assertFalse(c.admits(record("Outcome: ok")));
    assertFalse(c.admits(record("{\"Result: \": 1}")), "a JSON body never matches a text pattern");
  }

  @Test
  void patternsMayReadAttributesAndMessageAttributes() {
    FilterCriteria gold = FilterCriteria.of(List.of(
        "{\"messageAttributes\": {\"tier\": {\"stringValue\": [\"gold\"]}}}"));
    assertTrue(gold.admits(record("x", Map.of("tier", MessageAttributeValue.ofString("String", "gold")))));
    assertFalse(gold.admits(record("x", Map.of("tier", MessageAttributeValue.ofString("String", "tin")))));
    assertFalse(gold.admits(record("x")));
    FilterCriteria firstTry = FilterCriteria.of(
        List.of("{\"attributes\": {\"ApproximateReceiveCount\": [\"1\"]}}"));
    assertTrue(firstTry.admits(record("x")));
  }

  @Test
  void filtersAreOredTogether() {
    FilterCriteria c = FilterCriteria.of(List.of("{\"body\": {\"kind\": [\"order\"]}}",
        "{\"body\": {\"kind\": [\"refund\"], \"amount\": [{\"numeric\": [\">=\", 100]}]}}"));
    assertTrue(c.admits(record("{\"kind\": \"order\"}")));
    assertTrue(c.admits(record("{\"kind\": \"refund\", \"amount\": 250}")));
    assertFalse(c.admits(record("{\"kind\": \"refund\", \"amount\": 5}")));
    assertFalse(c.admits(record("{\"kind\": \"quote\"}")));
  }

  @Test
  void aBadPatternIsAnInvalidParameterNamingTheFilter() {
    GustException e = assertThrows(GustException.class, () -> FilterCriteria.of(
        List.of("{\"body\": {\"a\": [\"x\"]}}", "{\"body\": {\"a\": \"x\"}}")));
    assertEquals(ErrorType.INVALID_PARAMETER_VALUE, e.type());
    assertTrue(e.getMessage().startsWith("Invalid filter pattern definition: filter 2 "),
        e.getMessage());
  }
}

package dev.gust.triggers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lambda's filter rule syntax, operator by operator, from the "Filter rule syntax" table. */
class FilterPatternTest {

  static boolean matches(String pattern, String event) throws Exception {
    JsonNode e = FilterPattern.JSON.readTree(event);
    return FilterPattern.parse(pattern).matches(e);
  }

  @Test
  void equalsMatchesExactValuesAndAListIsAnOr() throws Exception {
    String p = "{\"PaymentType\": [\"Credit\", \"Debit\"]}";
    assertTrue(matches(p, "{\"PaymentType\": \"Credit\"}"));
    assertTrue(matches(p, "{\"PaymentType\": \"Debit\"}"));
    assertFalse(matches(p, "{\"PaymentType\": \"credit\"}"), "no case folding");
    assertFalse(matches(p, "{\"PaymentType\": \"Cash\"}"));
    assertFalse(matches(p, "{\"Other\": \"Credit\"}"), "a missing field does not match");
  }

  @Test
  void allFieldsMustMatchAndObjectsNest() throws Exception {
    String p = "{\"Location\": [\"New York\"], \"Details\": {\"Day\": [\"Monday\"]}}";
    assertTrue(matches(p, "{\"Location\": \"New York\", \"Details\": {\"Day\": \"Monday\"}}"));
    assertFalse(matches(p, "{\"Location\": \"New York\", \"Details\": {\"Day\": \"Tuesday\"}}"));
    assertFalse(matches(p, "{\"Location\": \"Boston\", \"Details\": {\"Day\": \"Monday\"}}"));
    assertFalse(matches(p, "{\"Location\": \"New York\", \"Details\": \"Monday\"}"));
  }

  @Test
  void nullAndEmptyStringAreValuesOfTheirOwn() throws Exception {
    assertTrue(matches("{\"UserID\": [null]}", "{\"UserID\": null}"));
    assertFalse(matches("{\"UserID\": [null]}", "{\"UserID\": \"\"}"));
    assertFalse(matches("{\"UserID\": [null]}", "{}"), "null is not absence");
    assertTrue(matches("{\"LastName\": [\"\"]}", "{\"LastName\": \"\"}"));
    assertFalse(matches("{\"LastName\": [\"\"]}", "{\"LastName\": null}"));
    assertTrue(matches("{\"Active\": [true]}", "{\"Active\": true}"));
    assertFalse(matches("{\"Active\": [true]}", "{\"Active\": \"true\"}"));
  }

  @Test
  void numbersEqualByTheirTextAndRangesCompareNumerically() throws Exception {
    assertTrue(matches("{\"n\": [300]}", "{\"n\": 300}"));
    assertFalse(matches("{\"n\": [300]}", "{\"n\": 300.0}"), "Lambda compares numbers as text");
    assertFalse(matches("{\"n\": [300]}", "{\"n\": 3.0e2}"));
    assertFalse(matches("{\"n\": [300]}", "{\"n\": \"300\"}"), "a string is not a number");
    String range = "{\"Price\": [{\"numeric\": [\">\", 10, \"<=\", 20]}]}";
    assertFalse(matches(range, "{\"Price\": 10}"));
    assertTrue(matches(range, "{\"Price\": 10.5}"));
    assertTrue(matches(range, "{\"Price\": 20}"));
    assertTrue(matches(range, "{\"Price\": 2.0e1}"));
    assertFalse(matches(range, "{\"Price\": 20.01}"));
    assertFalse(matches(range, "{\"Price\": \"15\"}"), "numeric needs a JSON number");
    assertTrue(matches("{\"Price\": [{\"numeric\": [\"=\", 100]}]}", "{\"Price\": 100.0}"));
    assertTrue(matches("{\"t\": [{\"numeric\": [\"<\", 0]}]}", "{\"t\": -4}"));
    assertTrue(matches("{\"t\": [{\"numeric\": [\">=\", 0]}]}", "{\"t\": 0}"));
  }

  @Test
  void prefixSuffixAndEqualsIgnoreCaseApplyToStrings() throws Exception {
    assertTrue(matches("{\"Region\": [{\"prefix\": \"us-\"}]}", "{\"Region\": \"us-east-1\"}"));
    assertFalse(matches("{\"Region\": [{\"prefix\": \"us-\"}]}", "{\"Region\": \"eu-west-1\"}"));
    assertTrue(matches("{\"File\": [{\"suffix\": \".png\"}]}", "{\"File\": \"cat.png\"}"));
    assertFalse(matches("{\"File\": [{\"suffix\": \".png\"}]}", "{\"File\": \"cat.PNG\"}"));
    assertTrue(matches("{\"Name\": [{\"equals-ignore-case\": \"alice\"}]}", "{\"Name\": \"ALICE\"}"));
    assertFalse(matches("{\"Name\": [{\"equals-ignore-case\": \"alice\"}]}", "{\"Name\": \"alicia\"}"));
    assertFalse(matches("{\"n\": [{\"prefix\": \"1\"}]}", "{\"n\": 12}"));
  }

  @Test
  void anythingButMatchesAPresentValueThatIsNoneOfThose() throws Exception {
    String p = "{\"Weather\": [{\"anything-but\": [\"Raining\", \"Snowing\"]}]}";
    assertTrue(matches(p, "{\"Weather\": \"Sunny\"}"));
    assertFalse(matches(p, "{\"Weather\": \"Raining\"}"));
    assertFalse(matches(p, "{\"Other\": \"Sunny\"}"), "absent is not anything-but");
    assertTrue(matches("{\"W\": [{\"anything-but\": \"Raining\"}]}", "{\"W\": \"Sunny\"}"));
    assertTrue(matches("{\"n\": [{\"anything-but\": [100, 200]}]}", "{\"n\": 150}"));
    assertFalse(matches("{\"n\": [{\"anything-but\": [100, 200]}]}", "{\"n\": 200}"));
    assertTrue(matches("{\"r\": [{\"anything-but\": {\"prefix\": \"us-\"}}]}", "{\"r\": \"eu-1\"}"));
    assertFalse(matches("{\"r\": [{\"anything-but\": {\"prefix\": \"us-\"}}]}", "{\"r\": \"us-1\"}"));
    assertFalse(matches("{\"s\": [{\"anything-but\": {\"equals-ignore-case\": \"x\"}}]}",
        "{\"s\": \"X\"}"));
  }

  @Test
  void existsTellsPresenceFromAbsenceAtAnyDepth() throws Exception {
    String present = "{\"ProductName\": [{\"exists\": true}]}";
    assertTrue(matches(present, "{\"ProductName\": \"Gust\"}"));
    assertTrue(matches(present, "{\"ProductName\": 0}"));
    assertFalse(matches(present, "{\"Other\": 1}"));
    String absent = "{\"customer\": {\"email\": [{\"exists\": false}]}}";
    assertTrue(matches(absent, "{\"customer\": {\"phone\": \"555\"}}"));
    assertTrue(matches(absent, "{\"order\": 1}"), "a missing parent is a missing field");
    assertFalse(matches(absent, "{\"customer\": {\"email\": \"a@b.c\"}}"));
  }

  @Test
  void anEventArrayMatchesWhenAnyElementDoes() throws Exception {
    assertTrue(matches("{\"tags\": [\"red\"]}", "{\"tags\": [\"blue\", \"red\"]}"));
    assertFalse(matches("{\"tags\": [\"red\"]}", "{\"tags\": [\"blue\"]}"));
    assertTrue(matches("{\"items\": {\"sku\": [{\"prefix\": \"A\"}]}}",
        "{\"items\": [{\"sku\": \"B1\"}, {\"sku\": \"A7\"}]}"));
  }

  @Test
  void dollarOrNeedsOneAlternativeAndTheOtherFields() throws Exception {
    String p = "{\"source\": [\"shop\"], \"$or\": [{\"Location\": [\"New York\"]},"
        + " {\"Day\": [\"Monday\"]}]}";
    assertTrue(matches(p, "{\"source\": \"shop\", \"Location\": \"New York\"}"));
    assertTrue(matches(p, "{\"source\": \"shop\", \"Day\": \"Monday\"}"));
    assertFalse(matches(p, "{\"source\": \"shop\", \"Day\": \"Friday\"}"));
    assertFalse(matches(p, "{\"source\": \"web\", \"Day\": \"Monday\"}"));
  }

  @Test
  void malformedPatternsAreRefusedWithTheReason() {
    Map<String, String> bad = Map.ofEntries(
        Map.entry("not json", "not valid JSON"),
        Map.entry("[\"a\"]", "must be a JSON object"),
        Map.entry("{}", "names no field"),
        Map.entry("{\"a\": \"x\"}", "must be a list of rules"),
        Map.entry("{\"a\": []}", "empty list of rules"),
        Map.entry("{\"a\": {}}", "empty object"),
        Map.entry("{\"a\": [{\"wildcard\": \"*\"}]}", "unknown operator 'wildcard'"),
        Map.entry("{\"a\": [{\"prefix\": 1}]}", "must be a string"),
        Map.entry("{\"a\": [{\"exists\": \"yes\"}]}", "true or false"),
        Map.entry("{\"a\": [{\"numeric\": [\">\", \"1\"]}]}", "not a number"),
        Map.entry("{\"a\": [{\"numeric\": [\"!=\", 1]}]}", "use one of"),
        Map.entry("{\"a\": [{\"numeric\": [\"<\", 5, \">\", 1]}]}", "lower bound"),
        Map.entry("{\"a\": [{\"numeric\": [\">\", 5, \"<\", 1]}]}", "above its upper"),
        Map.entry("{\"a\": [{\"anything-but\": []}]}", "lists no value"),
        Map.entry("{\"a\": [{\"anything-but\": {\"numeric\": [\">\", 1]}}]}", "takes a value"),
        Map.entry("{\"a\": [{\"prefix\": \"x\", \"suffix\": \"y\"}]}", "one operator"),
        Map.entry("{\"a\": [[\"x\"]]}", "one operator"),
        Map.entry("{\"$or\": [{\"a\": [1]}, \"b\"]}", "each alternative"));
    bad.forEach((pattern, reason) -> {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> FilterPattern.parse(pattern), pattern);
      assertTrue(e.getMessage().contains(reason), pattern + " -> " + e.getMessage());
    });
  }
}

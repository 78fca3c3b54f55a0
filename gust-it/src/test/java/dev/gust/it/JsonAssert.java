package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** Assertions on invocation payloads. */
final class JsonAssert {
  private JsonAssert() {}

  /** The payload, pretty-printed by the test's JSON mapper, contains the text. */
  static void contains(InvokeResponse r, String text) {
    String pretty;
    try {
      pretty = Functions.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Functions.json(r))
          .replace(" : ", ": ");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertTrue(pretty.contains(text), "expected " + text + " in " + pretty);
  }
}

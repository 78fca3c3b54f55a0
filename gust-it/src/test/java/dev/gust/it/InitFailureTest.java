package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** Init failures and misbehaving runtimes end in Lambda's error types and never hang the caller. */
class InitFailureTest extends ServerTest {

  private static JsonNode failing(String name, String runtime, String handler, SdkBytes code, int timeout) {
    gust.lambda.createFunction(b -> b.functionName(name).runtime(runtime).handler(handler).role("r")
        .timeout(timeout).code(c -> c.zipFile(code)));
    InvokeResponse r = Functions.invoke(gust.lambda, name, "{}");
    assertEquals(200, r.statusCode());
    assertEquals("Unhandled", r.functionError(), r.payload().asUtf8String());
    return Functions.json(r);
  }

  @Test
  void pythonImportErrorAndMissingHandler() {
    JsonNode missingModule = failing("py-nomod", "python3.11", "nothere.handler",
        Zips.of("app.py", "def handler(e, c):\n    return 1\n"), 3);
    assertEquals("Runtime.ImportModuleError", missingModule.get("errorType").asText());
    assertTrue(missingModule.get("errorMessage").asText().contains("Unable to import module 'nothere'"),
        missingModule.toString());
    JsonNode brokenImport = failing("py-badimport", "python3.11", "app.handler",
        Zips.of("app.py", "import does_not_exist\ndef handler(e, c):\n    return 1\n"), 3);
    assertEquals("Runtime.ImportModuleError", brokenImport.get("errorType").asText());
    JsonNode missingFunction = failing("py-nofn", "python3.11", "app.nope",
        Zips.of("app.py", "def handler(e, c):\n    return 1\n"), 3);
    assertEquals("Runtime.HandlerNotFound", missingFunction.get("errorType").asText());
    // an instance that failed to initialise is not reused; a fixed function works
    gust.lambda.updateFunctionConfiguration(b -> b.functionName("py-nofn").handler("app.handler"));
    assertEquals("1", Functions.invoke(gust.lambda, "py-nofn", "{}").payload().asUtf8String());
  }

  @Test
  void nodeImportErrorAndMissingHandler() {
    JsonNode missingModule = failing("js-nomod", "nodejs20.x", "nothere.handler",
        Zips.of("index.js", "exports.handler = async () => 1;\n"), 3);
    assertEquals("Runtime.ImportModuleError", missingModule.get("errorType").asText());
    JsonNode missingFunction = failing("js-nofn", "nodejs20.x", "index.nope",
        Zips.of("index.js", "exports.handler = async () => 1;\n"), 3);
    assertEquals("Runtime.HandlerNotFound", missingFunction.get("errorType").asText());
  }

  @Test
  void aRuntimeThatExitsWithoutAnsweringIsAnExitError() {
    JsonNode exited = failing("rt-exits", "provided.al2023", "x",
        Zips.of("bootstrap", "#!/bin/sh\necho 'bootstrap giving up'\nexit 7\n"), 3);
    assertEquals("Runtime.ExitError", exited.get("errorType").asText());
    assertTrue(exited.get("errorMessage").asText().contains("exit status 7"), exited.toString());
  }

  @Test
  void aRuntimeThatNeverPollsTimesOut() {
    JsonNode stuck = failing("rt-stuck", "provided.al2023", "x",
        Zips.of("bootstrap", "#!/bin/sh\nexec sleep 600\n"), 1);
    assertEquals("Sandbox.Timedout", stuck.get("errorType").asText(), stuck.toString());
  }

  @Test
  void aRuntimeAnsweringTheWrongRequestIdIsRefusedAndTimesOut() {
    String bootstrap = "#!/bin/sh\nAPI=http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation\n"
        + "curl -s -o /dev/null $API/next\n"
        + "code=$(curl -s -o /dev/null -w '%{http_code}' -X POST $API/not-the-id/response -d '{}')\n"
        + "echo \"wrong id answered with $code\"\nexec sleep 600\n";
    gust.lambda.createFunction(b -> b.functionName("rt-wrongid").runtime("provided.al2023").handler("x").role("r")
        .timeout(1).code(c -> c.zipFile(Zips.of("bootstrap", bootstrap))));
    InvokeResponse r = Functions.invoke(gust.lambda, "rt-wrongid", "{}");
    assertEquals("Unhandled", r.functionError());
    assertEquals("Sandbox.Timedout", Functions.json(r).get("errorType").asText());
    assertTrue(Functions.log(r).contains("wrong id answered with 400"), Functions.log(r));
  }

  @Test
  void aCustomRuntimeWithoutAHandlerRuns() {
    gust.lambda.createFunction(b -> b.functionName("no-handler").runtime("provided.al2023").role("r")
        .code(c -> c.zipFile(Functions.zip("provided-curl"))));
    InvokeResponse r = Functions.invoke(gust.lambda, "no-handler", "{\"k\":1}");
    assertEquals(null, r.functionError(), r.payload().asUtf8String());
    assertEquals("", Functions.json(r).get("handler").asText());
  }

  @Test
  void aCustomRuntimeWithoutABootstrapIsAnInvalidEntrypoint() {
    JsonNode error = failing("no-bootstrap", "provided.al2023", "x",
        Zips.of("README.txt", "no bootstrap here\n"), 3);
    assertEquals("Runtime.InvalidEntrypoint", error.get("errorType").asText());
  }

  @Test
  void aRuntimeThatExitsAfterEachAnswerNeverFailsTheNextCaller() {
    String bootstrap = "#!/bin/sh\nAPI=http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation\n"
        + "H=$(mktemp)\ncurl -s -D $H -o /dev/null $API/next\n"
        + "ID=$(grep -i lambda-runtime-aws-request-id $H | tr -d '\\r' | cut -d' ' -f2)\n"
        + "curl -s -o /dev/null -X POST $API/$ID/response -d '\"ok\"'\nsleep 0.05\nexit 0\n";
    gust.lambda.createFunction(b -> b.functionName("one-shot").runtime("provided.al2023").handler("x").role("r")
        .code(c -> c.zipFile(Zips.of("bootstrap", bootstrap))));
    for (int i = 0; i < 6; i++) {
      InvokeResponse r = Functions.invoke(gust.lambda, "one-shot", "{}");
      assertEquals(null, r.functionError(), "call " + i + ": " + r.payload().asUtf8String());
      assertEquals("\"ok\"", r.payload().asUtf8String());
    }
  }
}

package dev.gust.runtime.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gust.runtime.java.fixtures.BrokenHandlers;
import dev.gust.runtime.java.fixtures.EchoStreamHandler;
import dev.gust.runtime.java.fixtures.FailingHandler;
import dev.gust.runtime.java.fixtures.GenericHandlers;
import dev.gust.runtime.java.fixtures.MapHandler;
import dev.gust.runtime.java.fixtures.Methods;
import dev.gust.runtime.java.fixtures.PojoHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the real bootstrap in a child JVM against a stub Runtime API. */
class BootstrapTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static JsonNode json(RuntimeApiStub.Result result) throws Exception {
    return JSON.readTree(result.body());
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  // -------------------------------------------------------------------------------- results

  @Test
  void pojoHandlerReadsTheEventIntoABeanAndWritesTheRecordAsJson() throws Exception {
    try (Instance instance = new Instance(dir, PojoHandler.class.getName())) {
      RuntimeApiStub.Result result =
          instance.invoke("{\"name\":\"Ada\",\"times\":2,\"tags\":\"solo\",\"unknown\":true}");
      assertEquals("response", result.kind());
      assertEquals("{\"message\":\"Hello, Ada! Hello, Ada!\",\"length\":23}", result.body());
      assertTrue(result.logSnapshot().contains("tags: [solo]\n"), result.logSnapshot());
    }
  }

  @Test
  void mapHandlerKeepsItsInstanceAcrossInvocationsAndFlushesOutputFirst() throws Exception {
    try (Instance instance = new Instance(dir, MapHandler.class.getName())) {
      RuntimeApiStub.Result first = instance.invoke("{\"a\":[1,2.5,null,\"x\"]}");
      assertEquals("{\"invocations\":1,\"echo\":{\"a\":[1,2.5,null,\"x\"]}}", first.body());
      RuntimeApiStub.Result second = instance.invoke("{}");
      assertEquals(2, json(second).get("invocations").asInt());
      assertTrue(second.logSnapshot().contains("invocation 2 of "), second.logSnapshot());
    }
  }

  @Test
  void streamHandlerGetsTheRawBytes() throws Exception {
    try (Instance instance = new Instance(dir, EchoStreamHandler.class.getName())) {
      assertEquals("{\"RAW\": TRUE}", instance.invoke("{\"raw\": true}").body());
    }
  }

  @Test
  void largeEventsRoundTrip() throws Exception {
    try (Instance instance = new Instance(dir, EchoStreamHandler.class.getName())) {
      String blob = "\"" + "x".repeat(5 * 1024 * 1024) + "\"";
      assertEquals(blob.toUpperCase(), instance.invoke(blob).body());
    }
  }

  @Test
  void requestHandlerTypesAreResolvedThroughTheClassHierarchy() throws Exception {
    try (Instance instance = new Instance(dir, GenericHandlers.GreetingNames.class.getName())) {
      assertEquals(
          "\"Ada,Grace\"", instance.invoke("[{\"name\":\"Ada\"},{\"name\":\"Grace\"}]").body());
    }
  }

  @Test
  void staticMethodTakingAndReturningAString() throws Exception {
    try (Instance instance = new Instance(dir, Methods.class.getName() + "::shout")) {
      assertEquals("\"HELLO\"", instance.invoke("\"hello\"").body());
    }
  }

  @Test
  void streamMethodWritesItsOwnOutput() throws Exception {
    try (Instance instance = new Instance(dir, Methods.class.getName() + "::copy")) {
      assertEquals("[{\"k\":1}]", instance.invoke("{\"k\":1}").body());
    }
  }

  @Test
  void theLongestOverloadEndingWithContextIsChosen() throws Exception {
    try (Instance instance = new Instance(dir, Methods.class.getName() + "::count")) {
      assertEquals("3", instance.invoke("[1,2,3]").body());
    }
  }

  @Test
  void voidMethodAnswersNull() throws Exception {
    try (Instance instance = new Instance(dir, Methods.class.getName() + "::nothing")) {
      assertEquals("null", instance.invoke("{}").body());
    }
  }

  @Test
  void contextCarriesLambdaFields() throws Exception {
    try (Instance instance = new Instance(dir, Methods.class.getName() + "::describe")) {
      RuntimeApiStub.Result result =
          instance.invoke(
              "{\"x\":1}",
              Map.of(
                  "Lambda-Runtime-Cognito-Identity",
                  "{\"cognitoIdentityId\":\"id-1\",\"cognitoIdentityPoolId\":\"pool-1\"}",
                  "Lambda-Runtime-Client-Context",
                  "{\"client\":{\"app_title\":\"app\"},\"custom\":{\"k\":\"v\"},\"env\":{}}",
                  "Lambda-Runtime-Trace-Id",
                  "Root=1-abc;Sampled=1"));
      JsonNode ctx = json(result);
      assertEquals(result.header("lambda-runtime-function-error-type"), null);
      assertEquals(36, ctx.get("awsRequestId").asText().length());
      assertEquals("test", ctx.get("functionName").asText());
      assertEquals("$LATEST", ctx.get("functionVersion").asText());
      assertEquals(RuntimeApiStub.ARN, ctx.get("invokedFunctionArn").asText());
      assertEquals(128, ctx.get("memoryLimitInMB").asInt());
      assertEquals("/aws/lambda/test", ctx.get("logGroupName").asText());
      assertFalse(ctx.get("logStreamName").asText().isEmpty());
      int remaining = ctx.get("remaining").asInt();
      assertTrue(remaining > 0 && remaining <= 30_000, Integer.toString(remaining));
      assertEquals("id-1", ctx.get("identityId").asText());
      assertEquals("app", ctx.get("appTitle").asText());
      assertEquals("v", ctx.get("custom").get("k").asText());
      assertEquals("Root=1-abc;Sampled=1", ctx.get("xrayTraceId").asText());
      assertEquals("Root=1-abc;Sampled=1", ctx.get("traceProperty").asText());
      assertEquals(1, ctx.get("event").get("x").asInt());

      // Null map values are left out of results, as Lambda's serializer does.
      JsonNode plain = json(instance.invoke("{}"));
      assertNull(plain.get("identityId"));
      assertNull(plain.get("appTitle"));
    }
  }

  // --------------------------------------------------------------------- invocation errors

  @Test
  void exceptionIsPostedWithItsClassMessageAndUserFrames() throws Exception {
    try (Instance instance = new Instance(dir, FailingHandler.class.getName())) {
      RuntimeApiStub.Result result = instance.invoke("{\"value\":42}");
      assertEquals("error", result.kind());
      assertEquals(
          "java.lang.IllegalStateException", result.header("Lambda-Runtime-Function-Error-Type"));
      JsonNode body = json(result);
      assertEquals("java.lang.IllegalStateException", body.get("errorType").asText());
      assertEquals("bad value: 42", body.get("errorMessage").asText());
      String fixture = FailingHandler.class.getName();
      assertEquals(
          List.of(
              fixture + ".check(FailingHandler.java:15)",
              fixture + ".handleRequest(FailingHandler.java:11)",
              // the compiler's bridge handleRequest(Object, Context), as Lambda shows it too
              fixture + ".handleRequest(FailingHandler.java:7)"),
          texts(body.get("stackTrace")));
      assertTrue(
          result
              .logSnapshot()
              .contains(
                  "about to fail\nbad value: 42: java.lang.IllegalStateException\n"
                      + "java.lang.IllegalStateException: bad value: 42\n\tat "
                      + fixture
                      + ".check(FailingHandler.java:15)\n"),
          result.logSnapshot());
      assertEquals("error", instance.invoke("{\"value\":1}").kind(), "the instance keeps serving");
    }
  }

  @Test
  void methodHandlerErrorsCarryNoReflectionFrames() throws Exception {
    try (Instance instance =
        new Instance(dir, FailingHandler.class.getName() + "::failingMethod")) {
      JsonNode body = json(instance.invoke("\"x\""));
      assertEquals(
          List.of(
              FailingHandler.class.getName() + ".check(FailingHandler.java:15)",
              FailingHandler.class.getName() + ".failingMethod(FailingHandler.java:20)"),
          texts(body.get("stackTrace")));
    }
  }

  @Test
  void eventThatDoesNotFitTheInputTypeIsAParsingError() throws Exception {
    try (Instance instance = new Instance(dir, PojoHandler.class.getName())) {
      JsonNode body = json(instance.invoke("[\"not\", \"a\", \"greeting\"]"));
      assertEquals("java.lang.RuntimeException", body.get("errorType").asText());
      assertEquals("An error occurred during JSON parsing", body.get("errorMessage").asText());
    }
  }

  // ----------------------------------------------------------------- initialisation errors

  private static JsonNode assertInitError(Instance instance, String type, String message)
      throws Exception {
    RuntimeApiStub.Result result = instance.initError();
    JsonNode body = json(result);
    assertEquals(type, body.get("errorType").asText());
    assertEquals(message, body.get("errorMessage").asText());
    assertEquals(type, result.header("Lambda-Runtime-Function-Error-Type"));
    assertTrue(body.get("stackTrace").isArray());
    assertEquals(1, instance.exitCode());
    assertTrue(instance.output().contains(message), instance.output());
    assertEquals(0, instance.api.nextCalls(), "no event is asked for after an init error");
    return body;
  }

  @Test
  void missingClassIsAnInitErrorAndTheProcessExitsWith1() throws Exception {
    try (Instance instance = new Instance(dir, "example.Missing")) {
      assertInitError(
          instance, "java.lang.ClassNotFoundException", "Class not found: example.Missing");
    }
  }

  @Test
  void missingMethodIsAnInitError() throws Exception {
    try (Instance instance = new Instance(dir, Methods.class.getName() + "::nope")) {
      assertInitError(
          instance,
          "Runtime.HandlerNotFound",
          "No public method named nope with appropriate method signature found on class "
              + Methods.class.getName());
    }
  }

  @Test
  void classWithoutAHandlerInterfaceIsAnInitError() throws Exception {
    try (Instance instance = new Instance(dir, BrokenHandlers.NotAHandler.class.getName())) {
      assertInitError(
          instance,
          "Runtime.HandlerNotFound",
          "Class does not implement an appropriate handler interface: "
              + BrokenHandlers.NotAHandler.class.getName());
    }
  }

  @Test
  void constructorExceptionIsAnInitErrorOfItsOwnType() throws Exception {
    try (Instance instance =
        new Instance(dir, BrokenHandlers.ThrowingConstructor.class.getName())) {
      JsonNode body =
          assertInitError(instance, "java.lang.IllegalArgumentException", "no configuration");
      assertTrue(
          texts(body.get("stackTrace")).get(0).contains("ThrowingConstructor.<init>"),
          body.toString());
    }
  }

  @Test
  void failingStaticInitialiserIsAnInitError() throws Exception {
    String name = BrokenHandlers.FailingStaticInit.class.getName();
    try (Instance instance = new Instance(dir, name)) {
      assertInitError(
          instance, "java.lang.ExceptionInInitializerError", "Error loading class " + name);
    }
  }

  @Test
  void emptyHandlerIsMalformed() throws Exception {
    try (Instance instance = new Instance(dir, "::handle")) {
      JsonNode body =
          assertInitError(instance, "Runtime.MalformedHandlerName", "Invalid handler: `::handle'");
      assertNull(body.get("cause"));
    }
  }
}

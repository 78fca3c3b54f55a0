package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What an instance can see and touch: its environment, its files, other instances' endpoints. */
class IsolationTest extends ServerTest {

  @BeforeAll
  static void deployFunctions() {
    for (String name : new String[] {"iso-a", "iso-b"}) {
      gust.lambda.createFunction(
          b -> b.functionName(name).runtime("python3.11").handler("app.handler").role("r").timeout(20)
              .environment(e -> e.variables(Map.of("GREETING", name)))
              .code(c -> c.zipFile(Functions.zip("python-probe"))));
    }
  }

  @Test
  void environmentIsLambdasAndTheFunctionsOwnOnly() {
    JsonNode env = Functions.json(Functions.invoke(gust.lambda, "iso-a", "{\"action\":\"env\"}")).get("env");
    Set<String> keys = new HashSet<>();
    for (Iterator<String> it = env.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    for (String required : new String[] {"AWS_LAMBDA_RUNTIME_API", "_HANDLER", "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_INITIALIZATION_TYPE", "TZ"}) {
      assertTrue(keys.contains(required), required + " is set: " + keys);
    }
    assertEquals("iso-a", env.get("GREETING").asText());
    assertEquals("app.handler", env.get("_HANDLER").asText());
    assertEquals("AWS_Lambda_python3.11", env.get("AWS_EXECUTION_ENV").asText());
    assertEquals("on-demand", env.get("AWS_LAMBDA_INITIALIZATION_TYPE").asText());
    assertTrue(env.get("AWS_LAMBDA_RUNTIME_API").asText().matches("127\\.0\\.0\\.1:\\d+"));
    // nothing else: no server variables, no other function's variables
    Set<String> allowed = new HashSet<>(Set.of("AWS_LAMBDA_RUNTIME_API", "_HANDLER", "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_INITIALIZATION_TYPE",
        "TZ", "PATH", "LANG", "LC_CTYPE", "TMPDIR", "GREETING", "_X_AMZN_TRACE_ID",
        // Gust's own endpoint and instance credentials, as Lambda hands a function its role's keys
        "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"));
    Set<String> extra = new HashSet<>(keys);
    extra.removeAll(allowed);
    assertTrue(extra.isEmpty(), "unexpected variables in the function's environment: " + extra);
    assertNull(env.get("JAVA_HOME"));
    assertEquals(gust.endpoint(), env.get("AWS_ENDPOINT_URL").asText());
  }

  @Test
  void codeIsReadOnlyAndTmpIsPrivateAndWritable() {
    JsonNode a = Functions.json(Functions.invoke(gust.lambda, "iso-a", "{\"action\":\"files\"}"));
    assertTrue(a.get("tmpWritable").asBoolean());
    assertFalse(a.get("codeWritable").asBoolean(), "code directory is read-only: " + a);
    JsonNode b = Functions.json(Functions.invoke(gust.lambda, "iso-b", "{\"action\":\"files\"}"));
    assertEquals("[\"scratch.txt\"]", b.get("tmpFiles").toString(), "b sees only its own /tmp");
  }

  @Test
  void anInstanceCannotFetchAnotherInstancesInvocations() {
    String victim = Functions.json(Functions.invoke(gust.lambda, "iso-b", "{}")).get("runtimeApi").asText();
    JsonNode attempt = Functions.json(Functions.invoke(gust.lambda, "iso-a",
        "{\"action\":\"steal\",\"address\":\"" + victim + "\"}"));
    assertEquals("HTTP/1.1 403 Forbidden", attempt.get("status").asText(), attempt.toString());
    assertNull(Functions.invoke(gust.lambda, "iso-b", "{}").functionError(), "the victim still works");
  }
}

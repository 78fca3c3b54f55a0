package dev.gust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InvokeCommandTest {
  private final FakeLambdaServer server = new FakeLambdaServer();

  InvokeCommandTest() throws Exception {}

  @BeforeEach
  void addFunction() {
    server.functions.put("echo", Json.object().put("FunctionName", "echo"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void printsTheResponsePayload() {
    CliRun run = CliRun.run(server.endpoint(), "invoke", "echo", "{\"a\":1}");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("{\"a\":1}\n", run.out());
    assertEquals("RequestResponse", server.requests.get(0).headers().get("x-amz-invocation-type"));
  }

  @Test
  void defaultPayloadIsAnEmptyObjectAndQualifierIsSent() {
    CliRun run = CliRun.run(server.endpoint(), "invoke", "echo", "-q", "prod");
    assertEquals("{}\n", run.out());
    assertEquals("prod", server.requests.get(0).query().get("Qualifier"));
  }

  @Test
  void readsThePayloadFromStdinOrAFile(@TempDir Path dir) throws Exception {
    assertEquals(
        "[1,2]\n", CliRun.runWithStdin(server.endpoint(), "[1,2]", "invoke", "echo", "-").out());
    Path event = Files.writeString(dir.resolve("event.json"), "{\"from\":\"file\"}");
    assertEquals(
        "{\"from\":\"file\"}\n",
        CliRun.run(server.endpoint(), "invoke", "echo", "-f", event.toString()).out());
  }

  @Test
  void logsOptionPrintsTheDecodedTailToStderr() {
    String tail = "START RequestId: 1\nhello from the function\nEND RequestId: 1\n";
    server.invokeHandler =
        r -> {
          assertEquals("Tail", r.headers().get("x-amz-log-type"));
          String encoded =
              Base64.getEncoder().encodeToString(tail.getBytes(StandardCharsets.UTF_8));
          return new FakeLambdaServer.Reply(
              200, Map.of("X-Amz-Log-Result", encoded), "\"ok\"".getBytes());
        };
    CliRun run = CliRun.run(server.endpoint(), "invoke", "echo", "--logs");
    assertEquals(0, run.exitCode());
    assertEquals("\"ok\"\n", run.out());
    assertEquals(tail, run.err());
  }

  @Test
  void functionErrorPrintsTheErrorPayloadAndExitsOne() {
    String error = "{\"errorMessage\":\"boom\",\"errorType\":\"ValueError\",\"stackTrace\":[]}";
    server.invokeHandler =
        r ->
            new FakeLambdaServer.Reply(
                200, Map.of("X-Amz-Function-Error", "Unhandled"), error.getBytes());
    CliRun run = CliRun.run(server.endpoint(), "invoke", "echo");
    assertEquals(1, run.exitCode());
    assertEquals(error + "\n", run.out());
    assertEquals("error: function error (Unhandled)\n", run.err());
  }

  @Test
  void asyncInvocationPrintsAccepted() {
    server.invokeHandler = r -> new FakeLambdaServer.Reply(202, Map.of(), new byte[0]);
    CliRun run = CliRun.run(server.endpoint(), "invoke", "echo", "--async");
    assertEquals(0, run.exitCode());
    assertEquals("accepted (202)\n", run.out());
    assertEquals("Event", server.requests.get(0).headers().get("x-amz-invocation-type"));
  }

  @Test
  void missingFunctionPrintsTheServersErrorAndExitsOne() {
    CliRun run = CliRun.run(server.endpoint(), "invoke", "nope");
    assertEquals(1, run.exitCode());
    assertEquals(
        "error: ResourceNotFoundException: Function not found:"
            + " arn:aws:lambda:local:000000000000:function:nope\n",
        run.err());
    assertEquals("", run.out());
  }

  @Test
  void payloadAndFileTogetherIsAUsageError() {
    CliRun run = CliRun.run(server.endpoint(), "invoke", "echo", "{}", "-f", "x.json");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("either as PAYLOAD or with --file"), run.err());
    assertTrue(server.requests.isEmpty());
  }
}

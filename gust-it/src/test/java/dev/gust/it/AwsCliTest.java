package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The AWS CLI, unmodified, against Gust. Skipped only where no `aws` is installed. */
class AwsCliTest {
  static TestServer gust;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(available(), "the aws command is not installed (./test installs it with apt-get as root)");
    gust = TestServer.start();
  }

  @AfterAll
  static void stop() {
    if (gust != null) {
      gust.close();
    }
  }

  private static boolean available() {
    try {
      Process p = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  record Result(int code, String out) {}

  private static Result aws(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("aws", "lambda"));
    command.addAll(List.of(args));
    command.addAll(List.of("--endpoint-url", gust.endpoint(), "--region", "us-east-1", "--output", "json"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    env.put("AWS_SECRET_ACCESS_KEY", "any-secret");
    env.put("AWS_MAX_ATTEMPTS", "1");
    env.put("AWS_PAGER", "");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    return new Result(p.exitValue(), out);
  }

  @Test
  void createInvokePublishAliasAndDeleteWithTheAwsCli() throws Exception {
    Path zip = Files.createTempFile("hello", ".zip");
    Files.write(zip, Zips.of("app.py", "def handler(event, context):\n    print('cli log line')\n    return {'hi': event.get('name')}\n").asByteArray());
    Result created = aws("create-function", "--function-name", "cli-hello", "--runtime", "python3.11",
        "--handler", "app.handler", "--role", "arn:aws:iam::000000000000:role/any",
        "--zip-file", "fileb://" + zip);
    assertEquals(0, created.code(), created.out());
    assertTrue(created.out().contains("\"FunctionArn\": \"arn:aws:lambda:us-east-1:000000000000:function:cli-hello\""), created.out());
    Result waited = aws("wait", "function-active-v2", "--function-name", "cli-hello");
    assertEquals(0, waited.code(), waited.out());

    Path out = Files.createTempFile("out", ".json");
    Path payload = Files.writeString(Files.createTempFile("payload", ".json"), "{\"name\":\"aws\"}");
    Result invoked = aws("invoke", "--function-name", "cli-hello", "--payload", "fileb://" + payload,
        "--log-type", "Tail", out.toString());
    assertEquals(0, invoked.code(), invoked.out());
    assertTrue(invoked.out().contains("\"StatusCode\": 200"), invoked.out());
    assertEquals("{\"hi\": \"aws\"}", Files.readString(out));

    assertTrue(aws("publish-version", "--function-name", "cli-hello").out().contains("\"Version\": \"1\""));
    Result alias = aws("create-alias", "--function-name", "cli-hello", "--name", "live", "--function-version", "1");
    assertEquals(0, alias.code(), alias.out());
    assertTrue(aws("list-functions").out().contains("cli-hello"));

    Result missing = aws("get-function", "--function-name", "nope");
    assertNotEquals(0, missing.code());
    assertTrue(missing.out().contains("ResourceNotFoundException") && missing.out().contains("Function not found"), missing.out());

    assertEquals(0, aws("delete-function", "--function-name", "cli-hello").code());
    assertNotEquals(0, aws("get-function", "--function-name", "cli-hello").code());
  }
}

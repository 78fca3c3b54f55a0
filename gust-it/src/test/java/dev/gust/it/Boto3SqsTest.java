package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** boto3, unmodified, against Gust's SQS. Skipped where the host's python3 has no boto3. */
class Boto3SqsTest extends ServerTest {

  @BeforeAll
  static void needsBoto3() throws Exception {
    Assumptions.assumeTrue(run("python3", "-c", "import boto3").code() == 0,
        "python3 with boto3 is not installed");
  }

  record Result(int code, String out) {}

  private static Result run(String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("AWS_MAX_ATTEMPTS", "1");
    pb.environment().remove("AWS_PROFILE");
    Process p;
    try {
      p = pb.start();
    } catch (java.io.IOException e) {
      return new Result(-1, e.getMessage());
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "timed out: " + out);
    return new Result(p.exitValue(), out);
  }

  @Test
  void boto3SendsReceivesAndDeletes() throws Exception {
    Path script = Path.of(Boto3SqsTest.class.getResource("/sqs/boto3_roundtrip.py").toURI());
    Result r = run("python3", script.toString(), gust.endpoint());
    assertEquals(0, r.code(), r.out());
    assertTrue(r.out().contains("boto3 ok"), r.out());
  }
}

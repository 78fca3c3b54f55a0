package dev.gust.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gust.instances.Execution;
import dev.gust.runtimeapi.RuntimeResult;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LambdaLogTest {
  @Test
  void coldInvocationsReportInitDuration() {
    Execution cold = new Execution(RuntimeResult.success(new byte[0]), true, 41.234, 1.5, 30, "hi\n", "i");
    String log = LambdaLog.format("r-1", "$LATEST", 128, 43, cold);
    assertEquals(
        "START RequestId: r-1 Version: $LATEST\nhi\nEND RequestId: r-1\n"
            + "REPORT RequestId: r-1\tDuration: 1.50 ms\tBilled Duration: 43 ms\tMemory Size: 128 MB"
            + "\tMax Memory Used: 30 MB\tInit Duration: 41.23 ms\n",
        log);
  }

  @Test
  void timeoutsAndCrashesAreSaidInTheLog() {
    Execution timeout = new Execution(
        RuntimeResult.platformError("Sandbox.Timedout", "RequestId: r-2 Error: Task timed out after 1.00 seconds"),
        false, 0, 1000, 20, "", "i");
    String log = LambdaLog.format("r-2", "3", 128, 1000, timeout);
    assertTrue(log.contains("RequestId: r-2 Error: Task timed out after 1.00 seconds\n"), log);
    assertTrue(log.endsWith("\tStatus: timeout\n"), log);
    Execution crash = new Execution(
        RuntimeResult.platformError("Runtime.ExitError", "RequestId: r-3 Error: Runtime exited with error: exit status 1"),
        false, 0, 5, 20, "Traceback...", "i");
    String crashed = LambdaLog.format("r-3", "3", 128, 5, crash);
    assertTrue(crashed.contains("Traceback...\nRequestId: r-3 Error: Runtime exited with error: exit status 1\nRuntime.ExitError\n"), crashed);
    assertTrue(crashed.contains("Status: error\tError Type: Runtime.ExitError"), crashed);
  }

  @Test
  void theTailIsTheLast4KbCutAtACharacterBoundary() {
    String log = "é".repeat(3000); // 6000 bytes of two-byte characters
    String tail = new String(Base64.getDecoder().decode(LambdaLog.tail(log, 4096)), StandardCharsets.UTF_8);
    assertEquals("é".repeat(2048), tail);
  }
}

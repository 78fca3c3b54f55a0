package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;

/** The registry survives a restart: functions, versions, aliases and reserved concurrency. */
class RestartTest {

  @Test
  void restartKeepsFunctionsVersionsAliasesAndConcurrency() throws Exception {
    Path dir = Files.createTempDirectory("gust-restart-");
    TestServer first = TestServer.start(dir, UnaryOperator.identity());
    first.lambda.createFunction(
        b -> b.functionName("durable").runtime("python3.11").handler("app.handler").role("r")
            .environment(e -> e.variables(Map.of("GREETING", "persisted")))
            .code(c -> c.zipFile(Zips.of("app.py", "import os\ndef handler(e, c):\n    return os.environ['GREETING'] + ' v1'\n"))));
    first.lambda.publishVersion(b -> b.functionName("durable"));
    first.lambda.updateFunctionCode(
        b -> b.functionName("durable")
            .zipFile(Zips.of("app.py", "import os\ndef handler(e, c):\n    return os.environ['GREETING'] + ' latest'\n")));
    first.lambda.createAlias(b -> b.functionName("durable").name("prod").functionVersion("1"));
    first.lambda.putFunctionConcurrency(b -> b.functionName("durable").reservedConcurrentExecutions(5));
    String latestSha = first.lambda.getFunction(b -> b.functionName("durable")).configuration().codeSha256();
    first.stop();

    TestServer second = TestServer.start(dir, UnaryOperator.identity());
    try {
      assertEquals(latestSha, second.lambda.getFunction(b -> b.functionName("durable")).configuration().codeSha256());
      assertEquals(2, second.lambda.listVersionsByFunction(b -> b.functionName("durable")).versions().size());
      GetAliasResponse alias = second.lambda.getAlias(b -> b.functionName("durable").name("prod"));
      assertEquals("1", alias.functionVersion());
      assertEquals(5, second.lambda.getFunctionConcurrency(b -> b.functionName("durable")).reservedConcurrentExecutions());
      assertEquals("\"persisted v1\"",
          second.lambda.invoke(b -> b.functionName("durable").qualifier("prod")).payload().asUtf8String());
      assertEquals("\"persisted latest\"",
          second.lambda.invoke(b -> b.functionName("durable")).payload().asUtf8String());
      assertTrue(second.server.startupMillis() < 60_000, "started");
    } finally {
      second.close();
    }
  }
}

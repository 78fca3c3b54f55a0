package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gust.cli.GustCli;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gust CLI against a real server: deploy the examples, invoke, inspect, manage. */
class CliTest extends ServerTest {

  record Run(int code, String out, String err) {}

  static Run gust(String... args) {
    return gustWithInput("", args);
  }

  static Run gustWithInput(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        GustCli.commandLine(
                new ByteArrayInputStream(stdin.getBytes()),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                Map.of("GUST_ENDPOINT", gust.endpoint()))
            .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static String example(String name) {
    return Zips.root().resolve("examples").resolve(name).toString();
  }

  @Test
  void deployInvokeAndInspectThePythonExample() {
    Run deploy = gust("deploy", example("python-hello"));
    assertEquals(0, deploy.code(), deploy.err());
    assertTrue(deploy.out().contains("python-hello"), deploy.out());

    Run invoke = gust("invoke", "python-hello", "{\"name\":\"CLI\"}", "--logs");
    assertEquals(0, invoke.code(), invoke.err());
    assertTrue(invoke.out().contains("Hello, CLI!"), invoke.out());
    assertTrue(invoke.err().contains("REPORT RequestId:"), "log tail printed: " + invoke.err());

    Run fromStdin = gustWithInput("{\"name\":\"stdin\"}", "invoke", "python-hello", "-");
    assertTrue(fromStdin.out().contains("Hello, stdin!"), fromStdin.out() + fromStdin.err());

    Run ls = gust("ls");
    assertEquals(0, ls.code());
    assertTrue(ls.out().contains("python-hello") && ls.out().contains("python3.11"), ls.out());

    Run logs = gust("logs", "python-hello");
    assertEquals(0, logs.code(), logs.err());
    assertTrue(logs.out().contains("START RequestId:") && logs.out().contains("END RequestId:"), logs.out());

    Run usage = gust("usage");
    assertEquals(0, usage.code(), usage.err());
    assertTrue(usage.out().contains("python-hello"), usage.out());

    Run redeploy = gust("deploy", example("python-hello"), "--publish");
    assertEquals(0, redeploy.code(), redeploy.err());
    Run versions = gust("versions", "python-hello");
    assertTrue(versions.out().contains("$LATEST") && versions.out().contains("1"), versions.out());

    assertEquals(0, gust("alias", "set", "python-hello", "live", "1").code());
    Run aliases = gust("alias", "ls", "python-hello");
    assertTrue(aliases.out().contains("live"), aliases.out());
    Run viaAlias = gust("invoke", "python-hello", "--qualifier", "live", "{}");
    assertEquals(0, viaAlias.code(), viaAlias.err());
    assertEquals(0, gust("alias", "rm", "python-hello", "live").code());

    assertEquals(0, gust("rm", "python-hello").code());
    Run gone = gust("invoke", "python-hello", "{}");
    assertNotEquals(0, gone.code());
    assertTrue(gone.err().contains("ResourceNotFoundException"), gone.err());
  }

  @Test
  void everyExampleDeploysWithOneCommand() {
    for (String name : new String[] {"node-hello", "provided-hello", "java-hello"}) {
      Run deploy = gust("deploy", example(name));
      assertEquals(0, deploy.code(), name + ": " + deploy.err());
      Run invoke = gust("invoke", name, "{\"name\":\"example\"}");
      assertEquals(0, invoke.code(), name + ": " + invoke.err());
      assertTrue(invoke.out().contains("example"), name + ": " + invoke.out());
    }
  }

  @Test
  void functionErrorsExitNonZeroAndPrintTheErrorPayload() {
    gust.lambda.createFunction(
        b -> b.functionName("cli-fails").runtime("python3.11").handler("app.handler").role("r")
            .code(c -> c.zipFile(Zips.of("app.py", "def handler(e, c):\n    raise KeyError('missing')\n"))));
    Run r = gust("invoke", "cli-fails", "{}");
    assertEquals(1, r.code());
    assertTrue(r.out().contains("KeyError"), r.out());
  }

  @Test
  void deployCreatesRoutesAndAUrlFromGustYamlAndReconcilesThem() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("events-api");
    java.nio.file.Path src = java.nio.file.Path.of(CliTest.class.getResource("/deploy/api-with-events").toURI());
    for (String f : new String[] {"app.py", "gust.yaml"}) {
      java.nio.file.Files.copy(src.resolve(f), dir.resolve(f));
    }
    Run deploy = gust("deploy", dir.toString());
    assertEquals(0, deploy.code(), deploy.err());
    assertTrue(deploy.out().contains("/shop/{item}") && deploy.out().contains("/lambda-url/"), deploy.out());
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    var viaRoute = http.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(gust.server.gatewayEndpoint() + "/shop/apple")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(201, viaRoute.statusCode(), viaRoute.body());
    assertTrue(viaRoute.body().contains("\"routeKey\": \"GET /shop/{item}\""), viaRoute.body());
    Run routes = gust("routes", "ls");
    assertTrue(routes.out().contains("ANY /shop/{proxy+}"), routes.out());

    // drop the greedy route from the file: the next deploy deletes it
    String yaml = java.nio.file.Files.readString(dir.resolve("gust.yaml"))
        .replace("  - http:\n      path: /shop/{proxy+}\n      payload: \"1.0\"\n", "");
    java.nio.file.Files.writeString(dir.resolve("gust.yaml"), yaml);
    Run again = gust("deploy", dir.toString());
    assertEquals(0, again.code(), again.err());
    Run after = gust("routes", "ls");
    assertTrue(after.out().contains("GET /shop/{item}") && !after.out().contains("{proxy+}"), after.out());
    assertEquals(1, gust.lambda.listFunctionUrlConfigs(b -> b.functionName("events-api")).functionUrlConfigs().size());
    assertTrue(after.out().contains("api-key"), "the protected route shows its guard: " + after.out());
    Run unchanged = gust("deploy", dir.toString());
    assertEquals(0, unchanged.code(), unchanged.err());
    assertTrue(unchanged.out().lines().anyMatch(l -> l.contains("/members/{id}") && l.endsWith("(unchanged)")),
        "an unchanged protected route is left alone: " + unchanged.out());

    // the protected route: refused without a key, served with one from a usage plan
    var members = java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(gust.server.gatewayEndpoint() + "/members/7"));
    assertEquals(403, http.send(members.build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
    assertEquals(0, gust("keys", "plan-add", "gold", "--rate", "100", "--burst", "100").code());
    Run key = gust("keys", "add", "cli-user", "--plan", "gold");
    assertEquals(0, key.code(), key.err());
    String value = key.out().lines().filter(l -> l.startsWith("x-api-key: ")).findFirst().orElseThrow()
        .substring("x-api-key: ".length());
    var allowed = http.send(members.header("x-api-key", value).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(201, allowed.statusCode(), allowed.body());
    Run keys = gust("keys", "ls");
    assertTrue(keys.out().contains("cli-user") && !keys.out().contains(value), keys.out());
  }

  @Test
  void asyncSettingsFromGustYamlAndFailedInvocationsRedrivenFromTheCli() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("cli-async");
    java.nio.file.Files.copy(java.nio.file.Path.of(CliTest.class.getResource("/functions/async-worker/app.py").toURI()),
        dir.resolve("app.py"));
    String yaml = "name: cli-async\nruntime: python3.11\nhandler: app.handler\n"
        + "environment: {FAIL: \"%s\"}\nasync: {retries: 0, maxEventAge: 3600}\n";
    java.nio.file.Files.writeString(dir.resolve("gust.yaml"), yaml.formatted("1"));
    Run deploy = gust("deploy", dir.toString());
    assertEquals(0, deploy.code(), deploy.err());
    assertTrue(deploy.out().contains("async     retries 0, max age 3600 s"), deploy.out());
    assertEquals(0, gust.lambda.getFunctionEventInvokeConfig(b -> b.functionName("cli-async")).maximumRetryAttempts());

    assertEquals(0, gust("invoke", "cli-async", "--async", "{\"n\":\"cli-1\"}").code());
    Run failed = gust("invocations", "cli-async", "--status", "failed");
    for (long deadline = System.nanoTime() + 120_000_000_000L; !failed.out().contains("failing on purpose"); ) {
      assertTrue(System.nanoTime() < deadline, "the invocation never failed: " + failed.out());
      Thread.sleep(100);
      failed = gust("invocations", "cli-async", "--status", "failed");
    }
    assertTrue(failed.out().contains(" failed "), failed.out());

    java.nio.file.Files.writeString(dir.resolve("gust.yaml"), yaml.formatted("0"));
    assertEquals(0, gust("deploy", dir.toString()).code());
    Run redrive = gust("redrive", "cli-async");
    assertEquals(0, redrive.code(), redrive.err());
    assertTrue(redrive.out().startsWith("redriven 1 invocation of cli-async"), redrive.out());
    Run after = gust("invocations", "cli-async");
    for (long deadline = System.nanoTime() + 120_000_000_000L; !after.out().contains(" succeeded "); ) {
      assertTrue(System.nanoTime() < deadline, "the redriven invocation never succeeded: " + after.out());
      Thread.sleep(100);
      after = gust("invocations", "cli-async");
    }
    assertTrue(after.out().contains("0 pending in all"), after.out());
  }

  @Test
  void schedulesFromGustYamlAreReconciledAndFire() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("cli-sched");
    java.nio.file.Files.copy(java.nio.file.Path.of(CliTest.class.getResource("/functions/ticker/app.py").toURI()),
        dir.resolve("app.py"));
    String both = "name: cli-ticker\nruntime: python3.11\nhandler: app.handler\nevents:\n"
        + "  - schedule: \"rate(1 minute)\"\n"
        + "  - schedule: {name: berlin-night, expression: \"cron(0 3 * * ? *)\", timezone: Europe/Berlin,"
        + " missedRuns: skip}\n";
    java.nio.file.Files.writeString(dir.resolve("gust.yaml"), both);
    Run deploy = gust("deploy", dir.toString());
    assertEquals(0, deploy.code(), deploy.err());
    assertTrue(deploy.out().contains("berlin-night cron(0 3 * * ? *) Europe/Berlin (created)"), deploy.out());
    Run ls = gust("schedules", "ls");
    assertTrue(ls.out().contains("berlin-night") && ls.out().contains("rate(1 minute)"), ls.out());

    Run again = gust("deploy", dir.toString());
    assertTrue(again.out().contains("berlin-night cron(0 3 * * ? *) Europe/Berlin (unchanged)"), again.out());

    // a rate schedule starts at once: the function runs, with EventBridge's Scheduled Event
    String logs = "";
    for (long deadline = System.nanoTime() + 120_000_000_000L; !logs.contains("FIRED cli-ticker-"); ) {
      assertTrue(System.nanoTime() < deadline, "the rate schedule never fired: " + logs);
      Thread.sleep(200);
      logs = DurableAsyncTest.logsOf(gust, "cli-ticker");
    }

    java.nio.file.Files.writeString(dir.resolve("gust.yaml"), both.substring(0, both.indexOf("  - schedule: {")));
    Run dropped = gust("deploy", dir.toString());
    assertTrue(dropped.out().contains("  schedule  berlin-night (deleted)"), dropped.out());
    assertTrue(!gust("schedules", "ls").out().contains("berlin-night"));
    Run bad = gust("schedules", "add", "nope", "cli-ticker", "cron(0 12 * * *)");
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("InvalidParameterValueException"), bad.err());
  }

  @Test
  void queueEventsInGustYamlBecomeEventSourceMappingsThatDeliver() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("cli-queue");
    java.nio.file.Files.copy(java.nio.file.Path.of(CliTest.class.getResource(
        "/functions/sqs-consumer/app.py").toURI()), dir.resolve("app.py"));
    java.nio.file.Files.writeString(dir.resolve("gust.yaml"), """
        name: cli-consumer
        runtime: python3.11
        handler: app.handler
        events:
          - queue: {name: cli-jobs, batchSize: 5, reportFailures: true}
        """);
    try (var sqs = gust.sqs()) {
      String url = sqs.createQueue(b -> b.queueName("cli-jobs")).queueUrl();
      Run deploy = gust("deploy", dir.toString());
      assertEquals(0, deploy.code(), deploy.err());
      assertTrue(deploy.out().contains("queue     cli-jobs: batch 5, reports failures (created)"),
          deploy.out());
      var mapping = gust.lambda.listEventSourceMappings(b -> b.functionName("cli-consumer"))
          .eventSourceMappings().get(0);
      assertEquals(5, mapping.batchSize());
      assertTrue(mapping.eventSourceArn().endsWith(":sqs:us-east-1:000000000000:cli-jobs"),
          mapping.eventSourceArn());

      sqs.sendMessage(b -> b.queueUrl(url).messageBody("via-cli"));
      DurableAsyncTest.await(() -> DurableAsyncTest.logsOf(gust, "cli-consumer"),
          l -> l.contains("GOT via-cli"), "the message delivered through the deployed mapping");
      Run again = gust("deploy", dir.toString());
      assertEquals(0, again.code(), again.err());
      assertTrue(again.out().contains("queue     cli-jobs: batch 5, reports failures (unchanged)"),
          again.out());
    }
  }
}

package dev.gust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ls, rm, versions and alias against the fake server. */
class ManageCommandsTest {
  private final FakeLambdaServer server = new FakeLambdaServer();

  ManageCommandsTest() throws Exception {}

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void lsFollowsNextMarkerAcrossPages() {
    server.pageSize = 2;
    for (String name : List.of("alpha", "bravo", "charlie", "delta", "echo")) {
      add(name);
    }

    CliRun run = CliRun.run(server.endpoint(), "ls");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        List.of(
            "GET /2015-03-31/functions/",
            "GET /2015-03-31/functions/",
            "GET /2015-03-31/functions/"),
        server.calls());
    assertEquals("4", server.requests.get(2).query().get("Marker"));
    List<String> lines = run.out().lines().toList();
    assertEquals("NAME     RUNTIME     MEMORY  TIMEOUT  LAST MODIFIED", lines.get(0));
    assertEquals("alpha    python3.12  128 MB      3 s  2026-01-02 03:04:05", lines.get(1));
    assertEquals(6, lines.size());
    assertTrue(lines.get(5).startsWith("echo "));
  }

  @Test
  void rmDeletesTheFunctionOrOneVersion() {
    add("gone");
    CliRun version = CliRun.run(server.endpoint(), "rm", "gone", "--qualifier", "3");
    assertEquals("deleted gone:3\n", version.out());
    assertEquals("3", server.requests.get(0).query().get("Qualifier"));
    CliRun all = CliRun.run(server.endpoint(), "rm", "gone");
    assertEquals("deleted gone\n", all.out());
    assertFalse(server.functions.containsKey("gone"));
  }

  @Test
  void rmOfAMissingFunctionFails() {
    CliRun run = CliRun.run(server.endpoint(), "rm", "ghost");
    assertEquals(1, run.exitCode());
    assertTrue(
        run.err().startsWith("error: ResourceNotFoundException: Function not found"), run.err());
  }

  @Test
  void versionsPublishesAndLists() {
    add("fn");
    CliRun published = CliRun.run(server.endpoint(), "versions", "fn", "--publish", "-d", "first");
    assertEquals("published fn version 1\n", published.out());
    CliRun listed = CliRun.run(server.endpoint(), "versions", "fn");
    List<String> lines = listed.out().lines().toList();
    assertTrue(lines.get(0).startsWith("VERSION  LAST MODIFIED"), listed.out());
    assertTrue(
        lines.get(1).startsWith("1        2026-01-02 03:04:05") && lines.get(1).endsWith("first"),
        listed.out());
  }

  @Test
  void descriptionWithoutPublishIsAUsageError() {
    assertEquals(2, CliRun.run(server.endpoint(), "versions", "fn", "-d", "x").exitCode());
  }

  @Test
  void aliasSetCreatesThenUpdatesAndClearsTheSplit() throws Exception {
    add("fn");
    CliRun created =
        CliRun.run(server.endpoint(), "alias", "set", "fn", "prod", "1", "--weight", "2=0.2");
    assertEquals(0, created.exitCode(), created.err());
    assertEquals("created alias fn:prod -> 1 (2=20%)\n", created.out());
    JsonNode create = server.requests.get(1).json();
    assertEquals("prod", create.path("Name").asText());
    assertEquals(
        0.2, create.path("RoutingConfig").path("AdditionalVersionWeights").path("2").asDouble());

    CliRun updated = CliRun.run(server.endpoint(), "alias", "set", "fn", "prod", "2");
    assertEquals("updated alias fn:prod -> 2\n", updated.out());
    assertEquals("PUT /2015-03-31/functions/fn/aliases/prod", server.calls().get(3));

    CliRun listed = CliRun.run(server.endpoint(), "alias", "ls", "fn");
    assertEquals(
        List.of("ALIAS  VERSION  ADDITIONAL WEIGHTS  DESCRIPTION", "prod   2        -"),
        listed.out().lines().toList());

    assertEquals(
        "deleted alias fn:prod\n",
        CliRun.run(server.endpoint(), "alias", "rm", "fn", "prod").out());
    assertTrue(server.aliases.get("fn").isEmpty());
  }

  @Test
  void aliasWeightOutsideZeroToOneIsAUsageError() {
    CliRun run =
        CliRun.run(server.endpoint(), "alias", "set", "fn", "prod", "1", "--weight", "2=1.5");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("the fraction must be from 0 to 1"), run.err());
  }

  private void add(String name) {
    server.functions.put(
        name,
        Json.object()
            .put("FunctionName", name)
            .put("Runtime", "python3.12")
            .put("MemorySize", 128)
            .put("Timeout", 3)
            .put("LastModified", "2026-01-02T03:04:05.000+0000"));
  }
}

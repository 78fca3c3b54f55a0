package dev.gust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class GustCliTest {

  @Test
  void helpListsEveryCommand() {
    CliRun run = CliRun.run("http://127.0.0.1:1", "--help");
    assertEquals(0, run.exitCode());
    for (String command :
        List.of(
            "deploy",
            "invoke",
            "ls",
            "rm",
            "versions",
            "alias",
            "routes",
            "url",
            "logs",
            "usage")) {
      assertTrue(
          run.out().contains("\n  " + command + " "), command + " missing from:\n" + run.out());
    }
  }

  @Test
  void everyCommandHasHelpAndAnEndpointOption() {
    for (String[] args :
        List.of(
            new String[] {"deploy", "--help"},
            new String[] {"invoke", "--help"},
            new String[] {"ls", "--help"},
            new String[] {"rm", "--help"},
            new String[] {"versions", "--help"},
            new String[] {"alias", "set", "--help"},
            new String[] {"routes", "ls", "--help"},
            new String[] {"routes", "add", "--help"},
            new String[] {"routes", "rm", "--help"},
            new String[] {"url", "create", "--help"},
            new String[] {"url", "get", "--help"},
            new String[] {"url", "rm", "--help"},
            new String[] {"logs", "--help"},
            new String[] {"usage", "--help"})) {
      CliRun run = CliRun.run("http://127.0.0.1:1", args);
      assertEquals(0, run.exitCode(), String.join(" ", args));
      assertTrue(run.out().contains("--endpoint=URL"), run.out());
    }
  }

  @Test
  void noCommandOrAnUnknownOptionIsAUsageError() {
    assertEquals(2, CliRun.run("http://127.0.0.1:1").exitCode());
    assertEquals(2, CliRun.run("http://127.0.0.1:1", "ls", "--bogus").exitCode());
    assertEquals(2, CliRun.run("http://127.0.0.1:1", "alias").exitCode());
    assertEquals(2, CliRun.run("http://127.0.0.1:1", "routes").exitCode());
    assertEquals(2, CliRun.run("http://127.0.0.1:1", "url").exitCode());
  }

  @Test
  void endpointOptionOverridesTheEnvironment() throws Exception {
    try (FakeLambdaServer server = new FakeLambdaServer()) {
      CliRun run = CliRun.run("http://127.0.0.1:1", "ls", "--endpoint", server.endpoint() + "/");
      assertEquals(0, run.exitCode(), run.err());
      assertEquals(List.of("GET /2015-03-31/functions/"), server.calls());
    }
  }

  @Test
  void unreachableServerIsExplained() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    CliRun run = CliRun.run("http://127.0.0.1:" + port, "ls");
    assertEquals(1, run.exitCode());
    assertTrue(
        run.err().startsWith("error: cannot reach Gust at http://127.0.0.1:" + port), run.err());
    assertTrue(run.err().contains("GUST_ENDPOINT"), run.err());
  }

  @Test
  void invalidEndpointIsExplained() {
    CliRun run = CliRun.run("ftp://nowhere", "ls");
    assertEquals(1, run.exitCode());
    assertTrue(run.err().startsWith("error: invalid endpoint 'ftp://nowhere'"), run.err());
  }

  @Test
  void errorWithoutTypeHeaderOrLowercaseMessageStillReads() {
    ApiException typed =
        RestClient.error(
            409, "ResourceConflictException:http://x", "{\"Message\":\"busy\"}".getBytes());
    assertEquals("ResourceConflictException: busy", typed.describe());
    ApiException bare = RestClient.error(502, null, "Bad Gateway".getBytes());
    assertEquals("HTTP 502: Bad Gateway", bare.describe());
  }

  @Command(name = "server", description = "Run the Gust server.")
  static final class FakeServerCommand implements Callable<Integer> {
    @Override
    public Integer call() {
      return 42;
    }
  }

  @Test
  void serverModuleCanAddItsOwnSubcommand() {
    StringWriter out = new StringWriter();
    CommandLine gust =
        GustCli.commandLine(
            new ByteArrayInputStream(new byte[0]),
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true),
            Map.of());
    gust.addSubcommand(new FakeServerCommand());
    assertEquals(42, gust.execute("server"));
    gust.execute("--help");
    assertTrue(out.toString().matches("(?s).*\\n  server +Run the Gust server\\..*"), out.toString());
  }
}

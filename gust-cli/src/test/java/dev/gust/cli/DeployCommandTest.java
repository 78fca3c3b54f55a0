package dev.gust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployCommandTest {
  private final FakeLambdaServer server = new FakeLambdaServer();
  @TempDir Path dir;

  DeployCommandTest() throws Exception {}

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void firstDeployCreatesTheFunctionWithTheYamlSettings() throws Exception {
    Path fn = function("hello", "runtime: python3.12\nhandler: app.handler\nmemory: 256\n");

    CliRun run = CliRun.run(server.endpoint(), "deploy", fn.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        List.of("GET /2015-03-31/functions/hello", "POST /2015-03-31/functions"), server.calls());
    JsonNode created = server.requests.get(1).json();
    assertEquals("hello", created.path("FunctionName").asText());
    assertEquals("python3.12", created.path("Runtime").asText());
    assertEquals(256, created.path("MemorySize").asInt());
    assertEquals(Deployer.PLACEHOLDER_ROLE, created.path("Role").asText());
    assertFalse(created.path("Publish").asBoolean());
    Map<String, Integer> modes = modesOfUploadedZip("hello");
    assertEquals(0100755, modes.get("bootstrap"));
    assertTrue(modes.containsKey("app.py") && !modes.containsKey(".git/HEAD"));
    assertTrue(run.out().startsWith("created hello\n"), run.out());
    assertTrue(run.out().contains("runtime   python3.12"), run.out());
    assertTrue(run.out().contains("version   $LATEST"), run.out());
    assertTrue(
        run.out()
            .contains("sha256    " + server.functions.get("hello").path("CodeSha256").asText()));
  }

  @Test
  void secondDeployUpdatesCodeThenConfigurationThenPublishes() throws Exception {
    Path fn = function("hello", "runtime: python3.12\nhandler: app.handler\ntimeout: 10\n");
    assertEquals(0, CliRun.run(server.endpoint(), "deploy", fn.toString()).exitCode());
    server.requests.clear();

    CliRun run = CliRun.run(server.endpoint(), "deploy", fn.toString(), "--publish");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        List.of(
            "GET /2015-03-31/functions/hello",
            "PUT /2015-03-31/functions/hello/code",
            "PUT /2015-03-31/functions/hello/configuration",
            "POST /2015-03-31/functions/hello/versions"),
        server.calls());
    assertFalse(server.requests.get(1).json().path("Publish").asBoolean());
    assertEquals(10, server.requests.get(2).json().path("Timeout").asInt());
    assertEquals(
        server.functions.get("hello").path("CodeSha256").asText(),
        server.requests.get(3).json().path("CodeSha256").asText());
    assertTrue(
        run.out().startsWith("updated hello\n") && run.out().contains("version   1\n"), run.out());
  }

  @Test
  void nameOptionOverridesYamlAndFolderName() throws Exception {
    Path fn = function("folder", "name: from-yaml\nruntime: java21\n");
    assertEquals(
        0, CliRun.run(server.endpoint(), "deploy", fn.toString(), "--name", "chosen").exitCode());
    assertEquals(0, CliRun.run(server.endpoint(), "deploy", fn.toString()).exitCode());
    assertEquals(List.of("chosen", "from-yaml"), List.copyOf(server.functions.keySet()));
  }

  @Test
  void buildRunsFirstAndItsPackageFolderIsZipped() throws Exception {
    Path fn =
        function(
            "built",
            "runtime: provided.al2023\n"
                + "build: mkdir -p out && echo built > out/result.txt && echo compiling\n"
                + "package: out\n");

    CliRun run = CliRun.run(server.endpoint(), "deploy", fn.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.err().contains("  compiling"), run.err());
    assertEquals(List.of("result.txt"), List.copyOf(modesOfUploadedZip("built").keySet()));
  }

  @Test
  void failingBuildAbortsBeforeUploading() throws Exception {
    Path fn = function("broken", "runtime: python3.12\nbuild: echo oops; exit 3\n");

    CliRun run = CliRun.run(server.endpoint(), "deploy", fn.toString());

    assertEquals(1, run.exitCode());
    assertTrue(
        run.err().contains("error: build failed: 'echo oops; exit 3' exited with status 3"),
        run.err());
    assertEquals(List.of("GET /2015-03-31/functions/broken"), server.calls());
  }

  @Test
  void zipPackageIsUploadedAsIs() throws Exception {
    Path fn = function("prebuilt", "runtime: java21\npackage: app.jar\n");
    byte[] jar = "PK-not-really-a-jar".getBytes();
    Files.write(fn.resolve("app.jar"), jar);
    assertEquals(0, CliRun.run(server.endpoint(), "deploy", fn.toString()).exitCode());
    assertEquals(new String(jar), new String(server.code.get("prebuilt")));
  }

  @Test
  void newFunctionWithoutRuntimeIsRefusedBeforeBuilding() throws Exception {
    Path fn = function("bare", "build: touch built\n");
    CliRun run = CliRun.run(server.endpoint(), "deploy", fn.toString());
    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("gives no runtime"), run.err());
    assertFalse(Files.exists(fn.resolve("built")));
  }

  @Test
  void invalidYamlIsReportedWithoutContactingTheServer() throws Exception {
    Path fn = function("typo", "runtme: python3.12\n");
    CliRun run = CliRun.run(server.endpoint(), "deploy", fn.toString());
    assertEquals(1, run.exitCode());
    assertTrue(
        run.err().startsWith("error: ") && run.err().contains("unknown key 'runtme'"), run.err());
    assertTrue(server.requests.isEmpty());
  }

  @Test
  void largePackagesReportZipAndUploadProgress() throws Exception {
    Path fn = function("big", "runtime: python3.12\n");
    byte[] noise = new byte[3 * 1024 * 1024];
    new Random(1).nextBytes(noise);
    Files.write(fn.resolve("blob.bin"), noise);

    CliRun run = CliRun.run(server.endpoint(), "deploy", fn.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.err().contains("zipping 100% (4 of 4 files)"), run.err());
    assertTrue(
        run.err().contains("\ruploading 1") && run.err().contains("uploading 100% ("), run.err());
  }

  @Test
  void uploadCutOffByTheServerIsExplained() throws Exception {
    try (RefusingServer refusing = new RefusingServer()) {
      Path fn = function("huge", "runtime: python3.12\n");
      byte[] noise = new byte[8 * 1024 * 1024];
      new Random(2).nextBytes(noise);
      Files.write(fn.resolve("blob.bin"), noise);

      CliRun run = CliRun.run(refusing.endpoint(), "deploy", fn.toString());

      assertEquals(1, run.exitCode());
      assertTrue(
          run.err().contains("closed the connection while receiving a 10.7 MiB request")
              || run.err().contains("error: RequestTooLargeException: too big"),
          run.err());
    }
  }

  private Path function(String name, String yaml) throws Exception {
    Path fn = Files.createDirectories(dir.resolve(name));
    Files.writeString(fn.resolve("gust.yaml"), yaml);
    Files.writeString(fn.resolve("app.py"), "def handler(event, context):\n    return event\n");
    Path bootstrap = Files.writeString(fn.resolve("bootstrap"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(fn.resolve(".git"));
    Files.writeString(fn.resolve(".git/HEAD"), "ref\n");
    return fn;
  }

  private Map<String, Integer> modesOfUploadedZip(String name) throws Exception {
    Path zip = dir.resolve(name + "-uploaded.zip");
    Files.write(zip, server.code.get(name));
    return UnixZipWriterTest.centralDirectoryModes(zip);
  }
}

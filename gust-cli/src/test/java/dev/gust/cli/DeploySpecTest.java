package dev.gust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploySpecTest {

  @Test
  void readsEveryKey() throws Exception {
    DeploySpec spec =
        DeploySpec.parse(
            """
            name: hello
            runtime: python3.12
            handler: app.handler
            memory: 256
            timeout: 30
            description: says hello
            environment:
              LOG_LEVEL: debug
              RETRIES: 3
              VERBOSE: true
            build: make dist
            package: dist
            """,
            "gust.yaml");
    assertEquals(Optional.of("hello"), spec.name());
    assertEquals(Optional.of("python3.12"), spec.runtime());
    assertEquals(Optional.of("app.handler"), spec.handler());
    assertEquals(256, spec.memory().getAsInt());
    assertEquals(30, spec.timeout().getAsInt());
    assertEquals(Optional.of("says hello"), spec.description());
    assertEquals(
        Map.of("LOG_LEVEL", "debug", "RETRIES", "3", "VERBOSE", "true"), spec.environment().get());
    assertEquals(Optional.of("make dist"), spec.build());
    assertEquals(Optional.of("dist"), spec.packagePath());
  }

  @Test
  void settingsUseLambdaFieldNames() throws Exception {
    DeploySpec spec =
        DeploySpec.parse("runtime: nodejs22.x\nmemory: 512\nenvironment: {A: b}\n", "gust.yaml");
    assertEquals(
        "{\"Runtime\":\"nodejs22.x\",\"MemorySize\":512,\"Environment\":{\"Variables\":{\"A\":\"b\"}}}",
        spec.settings().toString());
  }

  @Test
  void emptyFileAndMissingFileSetNothing(@TempDir Path dir) throws Exception {
    assertFalse(DeploySpec.parse("", "gust.yaml").hasSettings());
    assertEquals(DeploySpec.empty(), DeploySpec.load(dir));
  }

  @Test
  void buildAndPackageAloneAreNotSettings() throws Exception {
    assertFalse(DeploySpec.parse("build: make\npackage: out.zip\n", "gust.yaml").hasSettings());
  }

  @Test
  void unknownKeyIsNamedWithTheAllowedOnes() {
    CliException e =
        assertThrows(CliException.class, () -> DeploySpec.parse("memroy: 256\n", "fn/gust.yaml"));
    assertEquals(
        "fn/gust.yaml: unknown key 'memroy'; allowed keys: name, runtime, handler, memory, timeout,"
            + " description, environment, build, package, events, async",
        e.getMessage());
  }

  @Test
  void memoryMustBeAWholeNumberInLambdasRange() {
    assertTrue(
        message("memory: 512MB\n")
            .contains("'memory' must be a whole number of MB from 128 to 10240, got '512MB'"));
    assertTrue(message("memory: 64\n").contains("got '64'"));
    assertTrue(
        message("timeout: 901\n")
            .contains("'timeout' must be a whole number of seconds from 1 to 900"));
  }

  @Test
  void environmentMustBeAMappingOfSingleValues() {
    assertTrue(message("environment: [A, B]\n").contains("'environment' must be a mapping"));
    assertTrue(
        message("environment:\n  A:\n    - x\n")
            .contains("environment.A must be a name with a single value"));
    assertTrue(message("environment:\n  A:\n").contains("environment.A"));
  }

  @Test
  void scalarKeysRejectListsAndEmptyValues() {
    assertTrue(message("runtime: [python3.12]\n").contains("'runtime' must be a single value"));
    assertTrue(message("handler: ''\n").contains("'handler' is empty"));
  }

  @Test
  void documentMustBeAMapping() {
    assertTrue(message("- a\n- b\n").contains("expected a mapping"));
  }

  @Test
  void brokenYamlAndDuplicateKeysAreReported() {
    assertTrue(message("runtime: [unclosed\n").contains("not valid YAML"));
    assertTrue(message("memory: 128\nmemory: 256\n").contains("not valid YAML"));
  }

  @Test
  void loadsGustYamlFromTheFolder(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("gust.yaml"), "runtime: java21\n");
    assertEquals(Optional.of("java21"), DeploySpec.load(dir).runtime());
  }

  private static String message(String yaml) {
    return assertThrows(CliException.class, () -> DeploySpec.parse(yaml, "gust.yaml")).getMessage();
  }
}

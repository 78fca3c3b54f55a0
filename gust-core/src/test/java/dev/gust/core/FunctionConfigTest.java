package dev.gust.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionConfigTest {
  private static String refused(String runtime, String handler, int memory, int timeout, Map<String, String> env) {
    GustException e = assertThrows(GustException.class,
        () -> new FunctionConfig(runtime, handler, "", "", memory, timeout, 512, env, null));
    assertEquals(ErrorType.INVALID_PARAMETER_VALUE, e.type());
    return e.getMessage();
  }

  @Test
  void limitsAreLambdas() {
    assertTrue(refused("python3.11", "a.b", 127, 3, Map.of()).contains("greater than or equal to 128"));
    assertTrue(refused("python3.11", "a.b", 10241, 3, Map.of()).contains("less than or equal to 10240"));
    assertTrue(refused("python3.11", "a.b", 128, 901, Map.of()).contains("less than or equal to 900"));
    assertTrue(refused("python3.11", "a.b", 128, 3, Map.of("V", "x".repeat(5000))).contains("4KB"));
    assertTrue(refused("python3.11", "a.b", 128, 3, Map.of("1BAD", "x")).contains("invalid"));
  }

  @Test
  void handlersFollowEachRuntimesForm() {
    assertTrue(refused("python3.11", "nodot", 128, 3, Map.of()).contains("module.function"));
    assertTrue(refused("java21", "not a class", 128, 3, Map.of()).contains("[^\\s]+"));
    assertTrue(refused("java21", "1bad.Class", 128, 3, Map.of()).contains("package.Class"));
    assertEquals("", FunctionConfig.of("provided.al2023", null).handler(), "custom runtimes need none");
    assertEquals("example.Hello::handleRequest", FunctionConfig.of("java21", "example.Hello::handleRequest").handler());
  }

  @Test
  void unknownRuntimesListTheKnownOnes() {
    assertTrue(refused("cobol85", "a.b", 128, 3, Map.of()).contains("python3.11"));
  }
}

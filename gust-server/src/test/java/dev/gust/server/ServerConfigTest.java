package dev.gust.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  @Test
  void onlyLoopbackAddressesMayBeBound() {
    ServerConfig config = ServerConfig.defaults(Path.of("x"), 0);
    assertTrue(config.bindAddress().isLoopbackAddress());
    assertTrue(config.withBind("::1").bindAddress().isLoopbackAddress());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> config.withBind("0.0.0.0").bindAddress());
    assertTrue(e.getMessage().contains("no authentication"), e.getMessage());
  }

  @Test
  void durationsReadAsPeopleWriteThem() {
    assertEquals(Duration.ofMillis(500), ServerCommand.parseDuration("500ms"));
    assertEquals(Duration.ofSeconds(30), ServerCommand.parseDuration("30s"));
    assertEquals(Duration.ofMinutes(10), ServerCommand.parseDuration("10m"));
    assertEquals(Duration.ofHours(2), ServerCommand.parseDuration("2h"));
    assertEquals(Duration.ofMinutes(1), ServerCommand.parseDuration("PT1M"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ServerCommand.parseDuration("ten"));
    assertTrue(e.getMessage().contains("500ms, 30s, 10m or 2h"));
  }

  @Test
  void badSettingsAreRefusedWithTheOptionName() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ServerConfig.defaults(Path.of("x"), 70000)).getMessage().contains("--port"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ServerConfig.defaults(Path.of("x"), 0).withMaxConcurrency(0)).getMessage().contains("--max-concurrency"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ServerConfig.defaults(Path.of("x"), 0).withSandbox("docker")).getMessage().contains("--sandbox"));
  }
}

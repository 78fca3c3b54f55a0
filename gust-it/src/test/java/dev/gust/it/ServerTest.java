package dev.gust.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the end-to-end tests that share one server per class, with the default configuration.
 * A subclass's own {@code @BeforeAll} runs after the server is up.
 */
abstract class ServerTest {
  static TestServer gust;

  @BeforeAll
  static void startServer() throws Exception {
    gust = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    gust.close();
  }
}

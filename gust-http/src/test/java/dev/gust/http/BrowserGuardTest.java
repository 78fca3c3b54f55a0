package dev.gust.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BrowserGuardTest {
  @Test
  void loopbackNamesAreAccepted() {
    for (String ok : new String[] {"127.0.0.1:9000", "127.0.0.1", "localhost:9000", "LOCALHOST",
        "abc.lambda-url.localhost:9000", "[::1]:9000", "127.1.2.3:80"}) {
      assertTrue(BrowserGuard.isLoopbackHost(ok), ok);
    }
  }

  @Test
  void otherNamesAreRefused() {
    for (String bad : new String[] {"evil.example:9000", "localhost.evil.example", "10.0.0.1:9000",
        "[::2]:9000", "127.0.0.1.nip.io", "0.0.0.0:9000"}) {
      assertFalse(BrowserGuard.isLoopbackHost(bad), bad);
    }
  }
}

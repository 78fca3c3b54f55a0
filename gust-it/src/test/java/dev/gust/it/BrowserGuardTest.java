package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A web page in the developer's browser cannot drive the API (no auth yet, loopback trusted). */
class BrowserGuardTest extends ServerTest {

  private static final String CREATE =
      "{\"FunctionName\":\"from-browser\",\"Runtime\":\"python3.11\",\"Handler\":\"app.handler\","
          + "\"Role\":\"r\",\"Code\":{\"ZipFile\":\"" + java.util.Base64.getEncoder().encodeToString(
              Zips.of("app.py", "def handler(e, c):\n    return 1\n").asByteArray()) + "\"}}";

  @Test
  void aCrossSitePostWithASimpleContentTypeIsRefused() throws IOException {
    // what a browser sends for fetch(url, {method: 'POST', mode: 'no-cors', body}): no preflight
    String response = raw("POST /2015-03-31/functions HTTP/1.1\r\nHost: 127.0.0.1:" + port()
        + "\r\nOrigin: https://evil.example\r\nSec-Fetch-Site: cross-site\r\n"
        + "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: " + CREATE.length()
        + "\r\nConnection: close\r\n\r\n" + CREATE);
    assertTrue(response.startsWith("HTTP/1.1 403"), response);
    assertTrue(response.contains("AccessDeniedException"), response);
    assertTrue(gust.lambda.listFunctions().functions().isEmpty(), "nothing was created");
  }

  private static int port() {
    return gust.server.endpoint().getPort();
  }

  private static String raw(String request) throws IOException {
    return Raw.exchange(port(), request);
  }

  @Test
  void aForeignHostNameIsRefused() throws IOException {
    // DNS rebinding: a page's own name resolving to 127.0.0.1
    String response = raw("GET /2015-03-31/functions HTTP/1.1\r\nHost: rebind.evil.example:" + port()
        + "\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 403"), response);
    assertTrue(response.contains("not a loopback name"), response);
  }

  @Test
  void awsClientsAreUnaffected() {
    assertEquals(200, gust.lambda.listFunctions().sdkHttpResponse().statusCode());
  }
}

package dev.gust.runtimeapi;

import dev.gust.core.JsonText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes HTTP/1.1 responses with a Content-Length, headers and body in one write. */
final class HttpResponses {
  private HttpResponses() {}

  static void write(
      OutputStream out, int status, String reason, Map<String, String> headers, byte[] body)
      throws IOException {
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
    for (Map.Entry<String, String> h : headers.entrySet()) {
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(body, 0, all, headBytes.length, body.length);
    out.write(all);
    out.flush();
  }

  static void json(OutputStream out, int status, String reason, String json) throws IOException {
    write(
        out,
        status,
        reason,
        Map.of("Content-Type", "application/json"),
        json.getBytes(StandardCharsets.UTF_8));
  }

  /** The Runtime API's error document: {@code {"errorMessage": ..., "errorType": ...}}. */
  static void error(OutputStream out, int status, String reason, String type, String message)
      throws IOException {
    json(
        out,
        status,
        reason,
        "{\"errorMessage\":" + JsonText.quote(message) + ",\"errorType\":" + JsonText.quote(type) + "}");
  }
}

package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One HTTP exchange with the Gust server over {@link HttpURLConnection}: request bodies are sent in
 * fixed-length streaming mode (so large uploads are never buffered twice and a POST is never
 * silently replayed), and non-2xx answers become {@link ApiException}s in Lambda's error shape.
 */
final class RestClient {
  private static final int CONNECT_TIMEOUT_MS = 5_000;

  private final String endpoint;

  RestClient(String endpoint) throws CliException {
    String trimmed = endpoint.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    try {
      URI uri = new URI(trimmed);
      String scheme = uri.getScheme();
      if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
        throw new URISyntaxException(trimmed, "expected http://host:port");
      }
    } catch (URISyntaxException e) {
      throw new CliException(
          "invalid endpoint '"
              + endpoint
              + "': expected a URL such as "
              + CliContext.DEFAULT_ENDPOINT);
    }
    this.endpoint = trimmed;
  }

  String endpoint() {
    return endpoint;
  }

  /** A request body that knows its length before it is written. */
  interface Body {
    long length();

    String contentType();

    void writeTo(OutputStream out) throws IOException;

    static Body of(byte[] bytes, String contentType) {
      return new Body() {
        @Override
        public long length() {
          return bytes.length;
        }

        @Override
        public String contentType() {
          return contentType;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
          out.write(bytes);
        }
      };
    }

    static Body json(JsonNode node) {
      return of(Json.bytes(node), "application/json");
    }
  }

  /** A 2xx answer. Header lookup ignores case. */
  record Response(int status, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return "";
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() throws IOException {
      return Json.parse(body);
    }
  }

  /** Sends one request; {@code body} is null for requests without one. */
  Response send(
      String method, String path, Map<String, String> headers, Body body, Duration timeout)
      throws IOException, ApiException, CliException {
    HttpURLConnection conn;
    try {
      conn = (HttpURLConnection) URI.create(endpoint + path).toURL().openConnection();
    } catch (IllegalArgumentException e) {
      throw new CliException("invalid request path " + path + ": " + e.getMessage(), e);
    }
    conn.setRequestMethod(method);
    conn.setConnectTimeout(CONNECT_TIMEOUT_MS);
    conn.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    conn.setUseCaches(false);
    conn.setRequestProperty("Accept", "application/json");
    conn.setRequestProperty("User-Agent", "gust-cli");
    headers.forEach(conn::setRequestProperty);
    try {
      if (body != null) {
        write(conn, body);
      }
      int status = conn.getResponseCode();
      byte[] bytes = readAll(status >= 400 ? conn.getErrorStream() : conn.getInputStream());
      if (status < 200 || status > 299) {
        throw error(status, conn.getHeaderField("x-amzn-ErrorType"), bytes);
      }
      return new Response(status, conn.getHeaderFields(), bytes);
    } catch (ConnectException | UnknownHostException e) {
      throw new CliException(
          "cannot reach Gust at "
              + endpoint
              + " ("
              + e.getMessage()
              + "); is the server running? Set --endpoint or "
              + CliContext.ENDPOINT_VARIABLE
              + ".",
          e);
    } finally {
      conn.disconnect();
    }
  }

  /**
   * Streams the body. A server that refuses a large upload may answer and close before reading it
   * all; HttpURLConnection cannot read that answer after an incomplete streaming write, so the
   * failure is explained instead.
   */
  private void write(HttpURLConnection conn, Body body) throws IOException, CliException {
    conn.setDoOutput(true);
    conn.setRequestProperty("Content-Type", body.contentType());
    conn.setFixedLengthStreamingMode(body.length());
    OutputStream out = conn.getOutputStream();
    try (out) {
      body.writeTo(out);
    } catch (IOException e) {
      if (e instanceof ConnectException) {
        throw e;
      }
      throw new CliException(
          endpoint
              + " closed the connection while receiving a "
              + Progress.bytes(body.length())
              + " request ("
              + e.getMessage()
              + "); it may have refused it, for instance as over its size limit",
          e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    if (in == null) {
      return new byte[0];
    }
    try (in) {
      return in.readAllBytes();
    }
  }

  /** Decodes Lambda's error shape; clients split the type header at ':' (AWS appends a URL). */
  static ApiException error(int status, String typeHeader, byte[] body) {
    String type = typeHeader == null ? "" : typeHeader.split(":", 2)[0].strip();
    String message = "";
    try {
      JsonNode json = Json.parse(body);
      if (json.isObject()) {
        message = Json.text(json, "message", Json.text(json, "Message", ""));
        if (type.isEmpty()) {
          type = Json.text(json, "__type", "");
        }
      }
    } catch (IOException notJson) {
      message = new String(body, StandardCharsets.UTF_8).strip();
    }
    if (type.isEmpty()) {
      type = "HTTP " + status;
    }
    if (message.isEmpty()) {
      message = "the server answered " + status + " with no message";
    }
    return new ApiException(status, type, message);
  }
}

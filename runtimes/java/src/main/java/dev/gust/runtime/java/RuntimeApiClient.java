package dev.gust.runtime.java;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client for the Lambda Runtime API, over one keep-alive socket.
 *
 * <p>java.net.http would cost 400-800 ms at its first use and HttpURLConnection drags in its own
 * machinery; the Runtime API needs four requests, so they are written by hand. Responses are framed
 * by Content-Length; chunked bodies are understood too. The socket has no read timeout: {@code GET
 * /next} long-polls for as long as the platform has no event. Not thread-safe: the bootstrap makes
 * one request at a time.
 */
final class RuntimeApiClient implements AutoCloseable {
  private static final String PREFIX = "/2018-06-01/runtime/";

  /** The status line and headers of a response, with its body. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name);
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final String host;
  private final int port;
  private final byte[] commonHeaders;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  /**
   * @param address {@code host:port} as in AWS_LAMBDA_RUNTIME_API; IPv6 hosts in brackets
   */
  RuntimeApiClient(String address) {
    int colon = address == null ? -1 : address.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "AWS_LAMBDA_RUNTIME_API must be host:port, got '" + address + "'");
    }
    String h = address.substring(0, colon);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    this.host = h;
    try {
      this.port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "AWS_LAMBDA_RUNTIME_API must be host:port, got '" + address + "'");
    }
    this.commonHeaders =
        ("Host: " + address + "\r\nUser-Agent: gust-java/1\r\n")
            .getBytes(StandardCharsets.US_ASCII);
  }

  /** Waits for the next event. */
  Invocation next() throws IOException {
    Response r = request("GET", "invocation/next", null, 0, null);
    if (r.status() != 200) {
      throw new IOException(
          "GET invocation/next answered " + r.status() + ": " + abbreviate(r.bodyText()));
    }
    String deadline = r.header("lambda-runtime-deadline-ms");
    long deadlineMs = 0;
    if (deadline != null) {
      try {
        deadlineMs = Long.parseLong(deadline);
      } catch (NumberFormatException e) {
        deadlineMs = 0;
      }
    }
    return new Invocation(
        r.header("lambda-runtime-aws-request-id"),
        deadlineMs,
        r.header("lambda-runtime-invoked-function-arn"),
        r.header("lambda-runtime-trace-id"),
        r.header("lambda-runtime-client-context"),
        r.header("lambda-runtime-cognito-identity"),
        r.header("lambda-runtime-aws-tenant-id"),
        r.body());
  }

  /** Posts a handler's result: the first {@code length} bytes of {@code body}. */
  Response postResponse(String requestId, byte[] body, int length) throws IOException {
    return request(
        "POST",
        "invocation/" + requestId + "/response",
        body,
        length,
        "Content-Type: application/json\r\n");
  }

  /** Posts an error to {@code invocation/<id>/error} or {@code init/error}. */
  Response postError(String path, String errorType, byte[] json) throws IOException {
    String type = errorType.replace('\r', ' ').replace('\n', ' ');
    return request(
        "POST",
        path,
        json,
        json.length,
        "Content-Type: application/json\r\nLambda-Runtime-Function-Error-Type: " + type + "\r\n");
  }

  /**
   * Sends one request. A keep-alive connection the server closed while idle fails before any byte
   * of the response; the request is then sent once more on a fresh connection.
   */
  Response request(String method, String path, byte[] body, int length, String headers)
      throws IOException {
    StringBuilder head = new StringBuilder(160);
    head.append(method).append(' ').append(PREFIX).append(path).append(" HTTP/1.1\r\n");
    if (body != null) {
      head.append("Content-Length: ").append(length).append("\r\n");
    }
    if (headers != null) {
      head.append(headers);
    }
    byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
    for (int attempt = 0; ; attempt++) {
      boolean reused = socket != null;
      try {
        if (!reused) {
          connect();
        }
        out.write(headBytes);
        out.write(commonHeaders);
        out.write('\r');
        out.write('\n');
        if (body != null) {
          out.write(body, 0, length);
        }
        out.flush();
        return readResponse(reused && attempt == 0);
      } catch (StaleConnectionException e) {
        close();
      } catch (IOException e) {
        close();
        if (!reused || attempt > 0) {
          throw e;
        }
      }
      if (attempt > 0) {
        throw new IOException(method + " " + path + ": the Runtime API closed the connection");
      }
    }
  }

  private void connect() throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.setKeepAlive(true);
    s.connect(new InetSocketAddress(host, port));
    socket = s;
    in = new BufferedInputStream(s.getInputStream(), 65536);
    out = new BufferedOutputStream(s.getOutputStream(), 65536);
  }

  /** Signals a connection closed before the first byte of a response. */
  private static final class StaleConnectionException extends IOException {
    StaleConnectionException() {
      super("connection closed before the response");
    }
  }

  private Response readResponse(boolean mayBeStale) throws IOException {
    String statusLine = readLine(mayBeStale);
    int firstSpace = statusLine.indexOf(' ');
    int status;
    try {
      int secondSpace = statusLine.indexOf(' ', firstSpace + 1);
      status =
          Integer.parseInt(
              statusLine.substring(
                  firstSpace + 1, secondSpace < 0 ? statusLine.length() : secondSpace));
    } catch (RuntimeException e) {
      throw new IOException(
          "malformed status line from the Runtime API: " + abbreviate(statusLine));
    }
    Map<String, String> headers = new HashMap<>();
    for (String line = readLine(false); !line.isEmpty(); line = readLine(false)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    byte[] body;
    String transferEncoding = headers.get("transfer-encoding");
    if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      body = readChunked();
    } else {
      String contentLength = headers.get("content-length");
      int length = contentLength == null ? 0 : Integer.parseInt(contentLength);
      body = in.readNBytes(length);
      if (body.length < length) {
        throw new EOFException("the Runtime API closed the connection mid-body");
      }
    }
    String connection = headers.get("connection");
    if (connection != null && connection.equalsIgnoreCase("close")) {
      close();
    }
    return new Response(status, headers, body);
  }

  private byte[] readChunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(false);
      int semicolon = sizeLine.indexOf(';');
      int size =
          Integer.parseInt(
              (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        while (!readLine(false).isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes(size);
      if (chunk.length < size) {
        throw new EOFException("the Runtime API closed the connection mid-chunk");
      }
      body.write(chunk, 0, size);
      readLine(false);
    }
  }

  private String readLine(boolean mayBeStale) throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (mayBeStale && line.length() == 0) {
          throw new StaleConnectionException();
        }
        throw new EOFException("the Runtime API closed the connection");
      }
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      line.append((char) b);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // nothing left to do with it
      }
      socket = null;
      in = null;
      out = null;
    }
  }
}

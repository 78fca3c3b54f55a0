package dev.gust.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection, blocking, for one client thread: the throughput benchmarks'
 * client. It writes a request and reads one response (Content-Length or chunked), so that on a
 * 2-core machine the client spends as little CPU as possible beside the server it measures (the
 * JDK's HttpClient costs several times more per request). A connection the server closes is
 * reopened once.
 */
final class EventsHttp implements Closeable {
  /** A response: status, the headers the benchmark reads, the body. */
  record Response(int status, String contentType, String functionError, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final InetSocketAddress address;
  private final String hostHeader;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final StringBuilder line = new StringBuilder();
  /** Connections opened, including the first. */
  private int opened;

  EventsHttp(String baseUrl) {
    URI u = URI.create(baseUrl);
    this.address = new InetSocketAddress(u.getHost(), u.getPort());
    this.hostHeader = u.getHost() + ":" + u.getPort();
  }

  int opened() {
    return opened;
  }

  /**
   * The head of a request up to and excluding Content-Length: method, path, Host and the given
   * header lines ({@code "Name: value\r\n"} each). Build it once per kind of request.
   */
  byte[] head(String method, String path, String headerLines) {
    return (method + " " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n" + headerLines)
        .getBytes(StandardCharsets.US_ASCII);
  }

  Response exchange(byte[] head, byte[] body) throws IOException {
    boolean fresh = ensureOpen();
    try {
      return send(head, body);
    } catch (IOException e) {
      close();
      if (fresh) {
        throw e;
      }
      ensureOpen(); // the server closed an idle connection: one retry on a new one
      return send(head, body);
    }
  }

  private boolean ensureOpen() throws IOException {
    if (socket != null) {
      return false;
    }
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(address, 10_000);
    s.setSoTimeout(120_000);
    socket = s;
    in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
    out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
    opened++;
    return true;
  }

  private Response send(byte[] head, byte[] body) throws IOException {
    out.write(head);
    out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    String status = readLine();
    if (!status.startsWith("HTTP/1.1 ") && !status.startsWith("HTTP/1.0 ")) {
      throw new IOException("not an HTTP response: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean closeAfter = status.startsWith("HTTP/1.0");
    String contentType = null;
    String functionError = null;
    String h;
    while (!(h = readLine()).isEmpty()) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> closeAfter = value.equalsIgnoreCase("close");
        case "content-type" -> contentType = value;
        case "x-amz-function-error" -> functionError = value;
        default -> {}
      }
    }
    byte[] payload;
    if (chunked) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      while (true) {
        String size = readLine();
        int semi = size.indexOf(';');
        int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
        if (n == 0) {
          while (!readLine().isEmpty()) {
            // trailers
          }
          break;
        }
        b.write(in.readNBytes(n));
        readLine();
      }
      payload = b.toByteArray();
    } else if (length >= 0) {
      payload = in.readNBytes((int) length);
      if (payload.length != length) {
        throw new EOFException("response body ended early");
      }
    } else if (code == 204 || code == 304 || code / 100 == 1) {
      payload = new byte[0];
    } else {
      payload = in.readAllBytes();
      closeAfter = true;
    }
    if (closeAfter) {
      close();
    }
    return new Response(code, contentType, functionError, payload);
  }

  private String readLine() throws IOException {
    line.setLength(0);
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new EOFException("connection closed");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing
      }
      socket = null;
    }
  }
}

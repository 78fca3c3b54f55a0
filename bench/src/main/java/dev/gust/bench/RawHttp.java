package dev.gust.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client for load: one keep-alive connection, one request at a time, the request
 * bytes prepared once. It reads what the servers under test send (Content-Length or chunked
 * bodies) and nothing more general. It exists because a load generator that shares two cores
 * with the servers it measures must cost as little CPU per request as it can.
 */
final class RawHttp implements AutoCloseable {
  /** One response: the status, whether Lambda flagged a function error, and the body. */
  record Reply(int status, boolean functionError, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final InetSocketAddress address;
  private final byte[] request;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final byte[] buf = new byte[16 * 1024];
  private int pos;
  private int lim;

  RawHttp(URI url, String method, String body) {
    this.address = new InetSocketAddress(url.getHost(), url.getPort());
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String path = url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      path += "?" + url.getRawQuery();
    }
    StringBuilder head = new StringBuilder()
        .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n");
    if (body != null) {
      head.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
    }
    head.append("\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    request = Arrays.copyOf(h, h.length + content.length);
    System.arraycopy(content, 0, request, h.length, content.length);
  }

  /** Sends the request and reads the whole response, opening the connection if it is not open. */
  Reply call() throws IOException {
    if (socket == null) {
      connect();
    }
    try {
      out.write(request);
      out.flush();
      return read();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private void connect() throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(address, 10_000);
    s.setSoTimeout(120_000);
    socket = s;
    in = s.getInputStream();
    out = s.getOutputStream();
    pos = 0;
    lim = 0;
  }

  private Reply read() throws IOException {
    String status = line();
    if (!status.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP response: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean closeAfter = status.startsWith("HTTP/1.0");
    boolean functionError = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
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
        case "x-amz-function-error" -> functionError = true;
        default -> { }
      }
    }
    byte[] body;
    if (chunked) {
      body = chunkedBody();
    } else if (length >= 0) {
      body = bytes((int) length);
    } else if (code == 204 || code == 304) {
      body = new byte[0];
    } else {
      throw new IOException("response without a length is not supported");
    }
    if (closeAfter) {
      close();
    }
    return new Reply(code, functionError, body);
  }

  private byte[] chunkedBody() throws IOException {
    byte[] body = new byte[0];
    while (true) {
      String size = line();
      int semi = size.indexOf(';');
      int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
      if (n == 0) {
        while (!line().isEmpty()) {
          // trailers
        }
        return body;
      }
      byte[] chunk = bytes(n);
      body = Arrays.copyOf(body, body.length + n);
      System.arraycopy(chunk, 0, body, body.length - n, n);
      line(); // CRLF after the chunk
    }
  }

  private String line() throws IOException {
    int scanned = pos;
    while (true) {
      for (int i = scanned; i < lim; i++) {
        if (buf[i] == '\n') {
          int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
          String line = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
          pos = i + 1;
          return line;
        }
      }
      // no end of line buffered: move the partial line to the front and read more
      int have = lim - pos;
      if (have == buf.length) {
        throw new IOException("a header line longer than " + buf.length + " bytes");
      }
      System.arraycopy(buf, pos, buf, 0, have);
      pos = 0;
      lim = have;
      scanned = have;
      int r = in.read(buf, lim, buf.length - lim);
      if (r < 0) {
        throw new EOFException("connection closed by the server");
      }
      lim += r;
    }
  }

  private byte[] bytes(int n) throws IOException {
    byte[] b = new byte[n];
    int have = Math.min(n, lim - pos);
    System.arraycopy(buf, pos, b, 0, have);
    pos += have;
    while (have < n) {
      int r = in.read(b, have, n - have);
      if (r < 0) {
        throw new EOFException("connection closed in a body");
      }
      have += r;
    }
    return b;
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }
}

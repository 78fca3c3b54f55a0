package dev.gust.runtimeapi;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 request, read from a connection: request line, headers, and a body framed by
 * {@code Content-Length} or chunked transfer coding (with trailers).
 *
 * <p>A body larger than the limit is read through and discarded, so the connection stays usable,
 * and reported by {@link #bodyTooLarge()} with its {@link #bodyLength()}.
 */
record HttpRequest(
    String method,
    String path,
    Map<String, String> headers,
    byte[] body,
    long bodyLength,
    Map<String, String> trailers) {

  static final int MAX_LINE = 16 * 1024;
  static final int MAX_HEADERS = 100;

  boolean bodyTooLarge() {
    return bodyLength > body.length;
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  boolean keepAlive() {
    return !header("connection").map(v -> v.equalsIgnoreCase("close")).orElse(false);
  }

  /** The request line and header fields of a request whose body has not been read yet. */
  record Head(String method, String path, Map<String, String> headers) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }
  }

  /** Receives a body's bytes as they arrive. */
  interface BodyConsumer {
    void accept(byte[] buffer, int offset, int length) throws IOException;
  }

  /**
   * Reads the next request, or returns null when the peer closed the connection cleanly between
   * requests.
   */
  static HttpRequest read(InputStream in, java.io.OutputStream out, int maxBody)
      throws IOException {
    Head head = readHead(in, out);
    if (head == null) {
      return null;
    }
    BodySink sink = new BodySink(maxBody);
    Map<String, String> trailers = readBody(head, in, sink);
    return new HttpRequest(
        head.method(), head.path(), head.headers(), sink.bytes(), sink.total, trailers);
  }

  /** Reads the body of a request whose head has been read, keeping at most {@code maxBody}. */
  static HttpRequest withBody(Head head, InputStream in, int maxBody) throws IOException {
    BodySink sink = new BodySink(maxBody);
    Map<String, String> trailers = readBody(head, in, sink);
    return new HttpRequest(
        head.method(), head.path(), head.headers(), sink.bytes(), sink.total, trailers);
  }

  /** Reads a request line and header fields; null at a clean end of stream between requests. */
  static Head readHead(InputStream in, java.io.OutputStream out) throws IOException {
    String requestLine = readLine(in, true);
    if (requestLine == null) {
      return null;
    }
    while (requestLine.isEmpty()) { // tolerate stray CRLF between requests (RFC 9112 2.2)
      requestLine = readLine(in, true);
      if (requestLine == null) {
        return null;
      }
    }
    int sp1 = requestLine.indexOf(' ');
    int sp2 = requestLine.lastIndexOf(' ');
    if (sp1 <= 0 || sp2 <= sp1) {
      throw new ProtocolException("malformed request line");
    }
    Map<String, String> headers = readFields(in);
    if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
      // curl waits a second for this before sending a body over 1 MB
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
    return new Head(requestLine.substring(0, sp1), requestLine.substring(sp1 + 1, sp2), headers);
  }

  /**
   * Reads a body framed by chunked transfer coding or Content-Length, handing its bytes to {@code
   * consumer} as they arrive; returns the trailer fields (empty unless chunked).
   */
  static Map<String, String> readBody(Head head, InputStream in, BodyConsumer consumer)
      throws IOException {
    String te = head.headers().get("transfer-encoding");
    boolean chunked = te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked");
    byte[] buf = new byte[16 * 1024];
    if (chunked) {
      while (true) {
        String sizeLine = readLine(in, false);
        int semi = sizeLine.indexOf(';');
        long size;
        try {
          size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
        } catch (NumberFormatException e) {
          throw new ProtocolException("malformed chunk size");
        }
        if (size == 0) {
          break;
        }
        copy(in, size, buf, consumer);
        if (!readLine(in, false).isEmpty()) {
          throw new ProtocolException("missing CRLF after chunk");
        }
      }
      return readFields(in);
    }
    String cl = head.headers().get("content-length");
    if (cl != null) {
      long declared;
      try {
        declared = Long.parseLong(cl.trim());
      } catch (NumberFormatException e) {
        throw new ProtocolException("malformed Content-Length");
      }
      copy(in, declared, buf, consumer);
    }
    return Map.of();
  }

  private static void copy(InputStream in, long size, byte[] buf, BodyConsumer consumer)
      throws IOException {
    long left = size;
    while (left > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        throw new EOFException("connection closed mid-body");
      }
      consumer.accept(buf, 0, r);
      left -= r;
    }
  }

  private static Map<String, String> readFields(InputStream in) throws IOException {
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; ; i++) {
      String line = readLine(in, false);
      if (line.isEmpty()) {
        return fields;
      }
      if (i >= MAX_HEADERS) {
        throw new ProtocolException("too many header fields");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException("malformed header field");
      }
      String name = line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      fields.merge(name, value, (a, b) -> a + ", " + b);
    }
  }

  /** Reads a CRLF- (or LF-) terminated line; null at a clean end of stream if allowed. */
  private static String readLine(InputStream in, boolean eofAllowed) throws IOException {
    byte[] buf = new byte[128];
    int n = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (n == 0 && eofAllowed) {
          return null;
        }
        throw new EOFException("connection closed mid-request");
      }
      if (b == '\n') {
        if (n > 0 && buf[n - 1] == '\r') {
          n--;
        }
        return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
      }
      if (n == MAX_LINE) {
        throw new ProtocolException("line too long");
      }
      if (n == buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.min(MAX_LINE, n * 2));
      }
      buf[n++] = (byte) b;
    }
  }

  /** Collects a body up to a limit, counting (and dropping) anything beyond it. */
  private static final class BodySink implements BodyConsumer {
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long total;

    BodySink(int limit) {
      this.limit = limit;
    }

    @Override
    public void accept(byte[] buffer, int offset, int length) {
      int keep = (int) Math.max(0, Math.min(length, limit - total));
      if (keep > 0) {
        kept.write(buffer, offset, keep);
      }
      total += length;
    }

    byte[] bytes() {
      return kept.toByteArray();
    }
  }

  /** The peer sent something that is not HTTP/1.1 as we speak it. */
  static final class ProtocolException extends IOException {
    ProtocolException(String message) {
      super(message);
    }
  }
}

package dev.gust.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A JSON request body whose {@code ZipFile} field is a zip file in base64, streamed from disk.
 * Lambda's API takes code inline in JSON; splicing the base64 between a prefix and a suffix keeps a
 * 50 MB package from ever being held in memory as a string, and lets the length be known up front
 * for fixed-length streaming.
 */
final class ZipUploadBody implements RestClient.Body {

  /** Told how many bytes of the body have been sent. */
  @FunctionalInterface
  interface Listener {
    void sent(long bytes, long total);
  }

  private final byte[] prefix;
  private final Path zip;
  private final long zipSize;
  private final byte[] suffix;
  private final Listener listener;

  private ZipUploadBody(String prefix, Path zip, String suffix, Listener listener)
      throws IOException {
    this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    this.zip = zip;
    this.zipSize = Files.size(zip);
    this.suffix = suffix.getBytes(StandardCharsets.UTF_8);
    this.listener = listener;
  }

  /** {@code {"ZipFile": "<base64>", ...fields}}, as UpdateFunctionCode takes it. */
  static ZipUploadBody flat(ObjectNode fields, Path zip, Listener listener) throws IOException {
    return new ZipUploadBody("{\"ZipFile\":\"", zip, "\"" + rest(fields), listener);
  }

  /** {@code {"<field>": {"ZipFile": "<base64>"}, ...fields}}, as CreateFunction takes it. */
  static ZipUploadBody nested(String field, ObjectNode fields, Path zip, Listener listener)
      throws IOException {
    String prefix = "{" + Json.mapper().writeValueAsString(field) + ":{\"ZipFile\":\"";
    return new ZipUploadBody(prefix, zip, "\"}" + rest(fields), listener);
  }

  /** The remaining members of {@code fields} and the closing brace, e.g. {@code ,"a":1}}. */
  private static String rest(ObjectNode fields) {
    String json = new String(Json.bytes(fields), StandardCharsets.UTF_8);
    return fields.isEmpty() ? "}" : "," + json.substring(1);
  }

  @Override
  public long length() {
    return prefix.length + 4 * ((zipSize + 2) / 3) + suffix.length;
  }

  @Override
  public String contentType() {
    return "application/json";
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    CountingStream counting = new CountingStream(out, length(), listener);
    counting.write(prefix);
    try (OutputStream base64 = Base64.getEncoder().wrap(new KeepOpen(counting));
        InputStream in = Files.newInputStream(zip)) {
      in.transferTo(base64);
    }
    counting.write(suffix);
    counting.flush();
  }

  /** Reports progress every 64 KiB and at the end. */
  private static final class CountingStream extends FilterOutputStream {
    private static final long STEP = 64 * 1024;
    private final long total;
    private final Listener listener;
    private long count;
    private long reported;

    CountingStream(OutputStream out, long total, Listener listener) {
      super(out);
      this.total = total;
      this.listener = listener;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      advance(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      advance(len);
    }

    private void advance(long n) {
      count += n;
      if (count - reported >= STEP || count == total) {
        reported = count;
        listener.sent(count, total);
      }
    }
  }

  /** Lets the base64 encoder flush its padding on close without closing the connection. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}

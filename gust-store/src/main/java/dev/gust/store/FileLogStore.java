package dev.gust.store;

import dev.gust.core.GustException;
import dev.gust.core.LogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Function logs as files: {@code <root>/<functionName>/<start>.log} segments, where a cursor is a
 * byte offset in the function's whole log (see {@link FunctionLog}). Appends go to the open last
 * segment without an fsync; when a segment reaches {@code segmentBytes} the next append starts a
 * new one, and the oldest segments are deleted while a function keeps more than {@code
 * maxBytesPerFunction}. Each function has its own lock, so functions never wait for each other.
 */
public final class FileLogStore implements LogStore {
  public static final long DEFAULT_SEGMENT_BYTES = 1024 * 1024;
  public static final long DEFAULT_MAX_BYTES_PER_FUNCTION = 16 * 1024 * 1024;
  private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final Path root;
  private final long segmentBytes;
  private final long maxBytesPerFunction;
  private final ConcurrentHashMap<String, FunctionLog> logs = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** Logs under {@code root} with 1 MiB segments and at most 16 MiB per function. */
  public FileLogStore(Path root) {
    this(root, DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_BYTES_PER_FUNCTION);
  }

  /**
   * Logs under {@code root}, cut into segments of about {@code segmentBytes}, keeping at most
   * {@code maxBytesPerFunction} per function (but always the newest segment, whatever its size).
   */
  public FileLogStore(Path root, long segmentBytes, long maxBytesPerFunction) {
    if (segmentBytes < 1 || maxBytesPerFunction < segmentBytes) {
      throw new IllegalArgumentException(
          "Log retention needs 0 < segmentBytes <= maxBytesPerFunction, got segmentBytes="
              + segmentBytes
              + " and maxBytesPerFunction="
              + maxBytesPerFunction);
    }
    this.root = root.toAbsolutePath().normalize();
    this.segmentBytes = segmentBytes;
    this.maxBytesPerFunction = maxBytesPerFunction;
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not create the log directory " + this.root + "; check its permissions", e);
    }
  }

  /** Appends {@code text}, adding a final newline when it lacks one so lines stay whole. */
  @Override
  public void append(String functionName, String text) {
    if (text.isEmpty()) {
      return;
    }
    String lines = text.endsWith("\n") ? text : text + "\n";
    try {
      log(functionName).append(lines.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not append to the log of "
              + functionName
              + " under "
              + root
              + "; check free space and permissions",
          e);
    }
  }

  @Override
  public LogChunk read(String functionName, long cursor, int maxBytes, Duration wait)
      throws InterruptedException {
    if (cursor < -1) {
      throw GustException.invalidParameter(
          "Log cursor " + cursor + " is invalid; pass -1 for the tail or a cursor from a read.");
    }
    if (maxBytes < 1) {
      throw GustException.invalidParameter(
          "maxBytes must be at least 1 to read a log, not " + maxBytes + ".");
    }
    try {
      return log(functionName).read(cursor, maxBytes, wait);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not read the log of " + functionName + " under " + root, e);
    }
  }

  @Override
  public void delete(String functionName) {
    try {
      log(functionName).delete();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not delete the logs of " + functionName + " under " + root, e);
    }
  }

  @Override
  public void close() {
    closed = true;
    for (FunctionLog log : logs.values()) {
      try {
        log.close();
      } catch (IOException e) {
        // Closing a file we only appended to: nothing is lost that the OS did not already have.
      }
    }
  }

  int waitingReaders(String functionName) {
    return log(functionName).waitingReaders();
  }

  private FunctionLog log(String functionName) {
    if (!FUNCTION_NAME.matcher(functionName).matches()) {
      throw GustException.invalidParameter(
          "Function name '"
              + functionName
              + "' cannot have logs: use 1 to 64 letters, digits, hyphens or underscores.");
    }
    if (closed) {
      throw new IllegalStateException("The log store is closed; open a new one.");
    }
    return logs.computeIfAbsent(
        functionName,
        name -> new FunctionLog(root.resolve(name), segmentBytes, maxBytesPerFunction));
  }
}

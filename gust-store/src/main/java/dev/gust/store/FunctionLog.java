package dev.gust.store;

import dev.gust.core.LogStore.LogChunk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The log of one function: segment files {@code <start>.log} in one directory, where {@code start}
 * is the byte offset of the segment's first byte in the function's whole log. A cursor is such an
 * offset, so it keeps its meaning across restarts: the retained range is from the first segment's
 * start to the last segment's end.
 *
 * <p>Concurrency: {@code lock} guards the segment table and the open channel of the last segment;
 * appends write under it, so one append is never interleaved with another. Readers take the lock
 * only to wait on {@code appended} and to copy the segment table, then read the files without it; a
 * segment deleted meanwhile by retention makes them start over from the new oldest byte.
 */
final class FunctionLog {
  private static final Pattern SEGMENT = Pattern.compile("[0-9]{20}\\.log");

  private final Path dir;
  private final long segmentBytes;
  private final long maxBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();
  private final TreeMap<Long, Long> segments = new TreeMap<>(); // start -> size
  private FileChannel current;
  private boolean loaded;
  private boolean closed;

  FunctionLog(Path dir, long segmentBytes, long maxBytes) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.maxBytes = maxBytes;
  }

  void append(byte[] bytes) throws IOException {
    lock.lock();
    try {
      requireOpen();
      load();
      if (segments.isEmpty() || segments.lastEntry().getValue() >= segmentBytes) {
        roll();
      } else if (current == null) {
        current = openForAppend(segments.lastKey());
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        current.write(buffer);
      }
      segments.merge(segments.lastKey(), (long) bytes.length, Long::sum);
      trim();
      appended.signalAll();
    } finally {
      lock.unlock();
    }
  }

  LogChunk read(long cursor, int maxChunk, Duration wait) throws IOException, InterruptedException {
    while (true) {
      TreeMap<Long, Long> snapshot;
      long start;
      lock.lock();
      try {
        load();
        long remaining = wait.toNanos();
        start = start(cursor);
        while (start >= end() && remaining > 0 && !closed) {
          remaining = appended.awaitNanos(remaining);
          start = start(cursor);
        }
        if (start >= end()) {
          return new LogChunk("", start);
        }
        snapshot = new TreeMap<>(segments);
      } finally {
        lock.unlock();
      }
      try {
        return cursor == -1 ? tail(snapshot, start, maxChunk) : from(snapshot, start, maxChunk);
      } catch (NoSuchFileException e) {
        // Retention deleted a segment after the snapshot: read again from what is left.
      }
    }
  }

  /** Readers now waiting for an append; lets tests wake a reader that is surely asleep. */
  int waitingReaders() {
    lock.lock();
    try {
      return lock.getWaitQueueLength(appended);
    } finally {
      lock.unlock();
    }
  }

  void delete() throws IOException {
    lock.lock();
    try {
      closeChannel();
      ZipPaths.deleteTree(dir);
      segments.clear();
      loaded = true;
      appended.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void close() throws IOException {
    lock.lock();
    try {
      closed = true;
      closeChannel();
      appended.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Where a read from {@code cursor} starts; for -1, where the tail may start at the latest. */
  private long start(long cursor) {
    long oldest = segments.isEmpty() ? 0 : segments.firstKey();
    long end = end();
    if (cursor == -1) {
      return segments.isEmpty() ? end : oldest;
    }
    return Math.min(Math.max(cursor, oldest), end);
  }

  private long end() {
    return segments.isEmpty() ? 0 : segments.lastKey() + segments.lastEntry().getValue();
  }

  private LogChunk tail(TreeMap<Long, Long> segments, long oldest, int maxChunk)
      throws IOException {
    long end = segments.lastKey() + segments.lastEntry().getValue();
    long from = Math.max(oldest, end - maxChunk);
    if (from == oldest) {
      return from(segments, from, maxChunk);
    }
    // Read one byte more, to see whether `from` already starts a line.
    byte[] raw = readRange(segments, from - 1, (int) Math.min(Integer.MAX_VALUE, maxChunk + 1L));
    int skip = LogBytes.lineStart(raw);
    byte[] bytes = LogBytes.wholeLines(Arrays.copyOfRange(raw, skip, raw.length));
    return new LogChunk(new String(bytes, StandardCharsets.UTF_8), from - 1 + skip + bytes.length);
  }

  private LogChunk from(TreeMap<Long, Long> segments, long from, int maxChunk) throws IOException {
    Map.Entry<Long, Long> floor = segments.floorEntry(from);
    if (floor == null || from >= floor.getKey() + floor.getValue()) {
      // In a gap between segments (one went missing): continue with the next one.
      from = segments.higherKey(from);
    }
    byte[] bytes = LogBytes.wholeLines(readRange(segments, from, maxChunk));
    return new LogChunk(new String(bytes, StandardCharsets.UTF_8), from + bytes.length);
  }

  /** Up to {@code length} contiguous bytes from offset {@code from}, stopping at a gap. */
  private byte[] readRange(TreeMap<Long, Long> segments, long from, int length) throws IOException {
    long available = segments.lastKey() + segments.lastEntry().getValue() - from;
    ByteBuffer out = ByteBuffer.allocate((int) Math.max(0, Math.min(length, available)));
    long pos = from;
    while (out.hasRemaining()) {
      Map.Entry<Long, Long> segment = segments.floorEntry(pos);
      if (segment == null || pos >= segment.getKey() + segment.getValue()) {
        break;
      }
      long segmentEnd = segment.getKey() + segment.getValue();
      out.limit((int) Math.min(out.capacity(), out.position() + (segmentEnd - pos)));
      try (FileChannel ch =
          FileChannel.open(segmentPath(segment.getKey()), StandardOpenOption.READ)) {
        while (out.hasRemaining()) {
          int n = ch.read(out, pos - segment.getKey());
          if (n < 0) {
            throw new NoSuchFileException(segment.getKey() + ".log was truncated");
          }
          pos += n;
        }
      }
      out.limit(out.capacity());
    }
    return Arrays.copyOf(out.array(), out.position());
  }

  /** Reads the segment table from disk once; heals a last line cut off by a crash. */
  private void load() throws IOException {
    if (loaded) {
      return;
    }
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.toList()) {
          String name = file.getFileName().toString();
          if (SEGMENT.matcher(name).matches()) {
            segments.put(Long.parseLong(name.substring(0, 20)), Files.size(file));
          }
        }
      }
    }
    loaded = true;
    if (!segments.isEmpty() && segments.lastEntry().getValue() > 0 && !endsWithNewline()) {
      current = openForAppend(segments.lastKey());
      current.write(ByteBuffer.wrap(new byte[] {'\n'}));
      segments.merge(segments.lastKey(), 1L, Long::sum);
    }
    trim();
  }

  private boolean endsWithNewline() throws IOException {
    long size = segments.lastEntry().getValue();
    try (FileChannel ch =
        FileChannel.open(segmentPath(segments.lastKey()), StandardOpenOption.READ)) {
      ByteBuffer last = ByteBuffer.allocate(1);
      return ch.read(last, size - 1) == 1 && last.get(0) == '\n';
    }
  }

  private void roll() throws IOException {
    closeChannel();
    long start = end();
    Files.createDirectories(dir);
    current = openForAppend(start);
    segments.put(start, 0L);
  }

  /** Deletes the oldest segments while more than {@code maxBytes} are kept; never the last. */
  private void trim() throws IOException {
    long total = segments.values().stream().mapToLong(Long::longValue).sum();
    while (total > maxBytes && segments.size() > 1) {
      Map.Entry<Long, Long> oldest = segments.pollFirstEntry();
      Files.deleteIfExists(segmentPath(oldest.getKey()));
      total -= oldest.getValue();
    }
  }

  private FileChannel openForAppend(long start) throws IOException {
    return FileChannel.open(
        segmentPath(start),
        StandardOpenOption.CREATE,
        StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
  }

  private void closeChannel() throws IOException {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("The log store is closed; no more appends are possible.");
    }
  }

  private Path segmentPath(long start) {
    return dir.resolve(String.format("%020d.log", start));
  }
}

package dev.gust.cli;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes zip archives that keep Unix file modes, which {@link java.util.zip.ZipOutputStream} cannot
 * record: a custom runtime's {@code bootstrap} must arrive executable.
 *
 * <p>The format follows PKWARE's APPNOTE (sections 4.3.7, 4.3.12 and 4.3.16): each entry is a local
 * file header followed by its data; a central directory at the end repeats every header and adds
 * two fields that matter here. "Version made by" has 3 (Unix) in its upper byte, which tells
 * unzippers to read the upper 16 bits of "external file attributes" as the {@code st_mode} ({@code
 * S_IFREG | 0755} and so on). Directories also set the MS-DOS directory bit (0x10).
 *
 * <p>Files are deflated as they stream from disk into a {@link FileChannel}; the CRC-32 and sizes
 * are only known afterwards, so the local header is written with zeros and patched in place (rather
 * than using data descriptors, which some readers handle poorly). Entries carry a fixed 1980-01-01
 * timestamp, so the same tree always gives the same bytes and the same CodeSha256. No ZIP64: an
 * archive over 4 GiB or 65,535 entries is refused, far beyond Lambda's 250 MB limit.
 */
final class UnixZipWriter implements Closeable {
  static final int TYPE_FILE = 0100000;
  static final int TYPE_DIRECTORY = 0040000;
  static final int TYPE_SYMLINK = 0120000;

  private static final int LOCAL_HEADER = 0x04034b50;
  private static final int CENTRAL_HEADER = 0x02014b50;
  private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
  private static final short VERSION_NEEDED = 20;
  private static final short VERSION_MADE_BY_UNIX = (3 << 8) | 20;
  private static final short FLAG_UTF8_NAMES = 0x0800;
  private static final short STORED = 0;
  private static final short DEFLATED = 8;
  private static final short DOS_TIME = 0;
  private static final short DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
  private static final int DOS_DIRECTORY_BIT = 0x10;
  private static final long MAX_32 = 0xFFFF_FFFFL;

  private record Entry(
      byte[] name, short method, int crc, long compressed, long size, int mode, long offset) {}

  private final FileChannel channel;
  private final OutputStream out;
  private final List<Entry> entries = new ArrayList<>();
  private final Set<String> names = new HashSet<>();

  UnixZipWriter(Path target) throws IOException {
    channel =
        FileChannel.open(
            target,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
  }

  /** Adds a directory entry; {@code name} has no trailing slash, {@code permissions} e.g. 0755. */
  void addDirectory(String name, int permissions) throws IOException {
    addStored(name + "/", TYPE_DIRECTORY | permissions, new byte[0]);
  }

  /** Adds a symbolic link, stored as Info-ZIP does: the data is the link's target path. */
  void addSymlink(String name, String target) throws IOException {
    addStored(name, TYPE_SYMLINK | 0777, target.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds a regular file, deflating {@code content} as it is read. */
  void addFile(String name, int permissions, InputStream content) throws IOException {
    long offset = position();
    byte[] encoded = claim(name);
    writeLocalHeader(encoded, DEFLATED, 0, 0, 0);
    CheckedInputStream checked = new CheckedInputStream(content, new CRC32());
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    Counting counting = new Counting(out);
    long size;
    try (DeflaterOutputStream deflating = new DeflaterOutputStream(counting, deflater, 64 * 1024)) {
      size = checked.transferTo(deflating);
      deflating.finish();
    } finally {
      deflater.end();
    }
    long compressed = counting.count;
    requireFits(name, size);
    requireFits(name, compressed);
    int crc = (int) checked.getChecksum().getValue();
    out.flush();
    ByteBuffer patch = little(12).putInt(crc).putInt((int) compressed).putInt((int) size).flip();
    channel.write(patch, offset + 14);
    entries.add(
        new Entry(encoded, DEFLATED, crc, compressed, size, TYPE_FILE | permissions, offset));
  }

  private void addStored(String name, int mode, byte[] data) throws IOException {
    long offset = position();
    byte[] encoded = claim(name);
    CRC32 crc32 = new CRC32();
    crc32.update(data);
    int crc = (int) crc32.getValue();
    writeLocalHeader(encoded, STORED, crc, data.length, data.length);
    out.write(data);
    entries.add(new Entry(encoded, STORED, crc, data.length, data.length, mode, offset));
  }

  private byte[] claim(String name) throws IOException {
    if (name.isEmpty() || name.startsWith("/") || name.contains("\\")) {
      throw new IOException("invalid zip entry name '" + name + "'");
    }
    if (!names.add(name)) {
      throw new IOException("duplicate zip entry '" + name + "'");
    }
    if (entries.size() >= 0xFFFF) {
      throw new IOException("too many files for a zip without ZIP64 (limit 65,535)");
    }
    return name.getBytes(StandardCharsets.UTF_8);
  }

  private void writeLocalHeader(byte[] name, short method, int crc, long compressed, long size)
      throws IOException {
    ByteBuffer header =
        little(30)
            .putInt(LOCAL_HEADER)
            .putShort(VERSION_NEEDED)
            .putShort(FLAG_UTF8_NAMES)
            .putShort(method)
            .putShort(DOS_TIME)
            .putShort(DOS_DATE_1980_01_01)
            .putInt(crc)
            .putInt((int) compressed)
            .putInt((int) size)
            .putShort((short) name.length)
            .putShort((short) 0);
    out.write(header.array());
    out.write(name);
  }

  @Override
  public void close() throws IOException {
    try {
      long start = position();
      for (Entry e : entries) {
        ByteBuffer header =
            little(46)
                .putInt(CENTRAL_HEADER)
                .putShort(VERSION_MADE_BY_UNIX)
                .putShort(VERSION_NEEDED)
                .putShort(FLAG_UTF8_NAMES)
                .putShort(e.method())
                .putShort(DOS_TIME)
                .putShort(DOS_DATE_1980_01_01)
                .putInt(e.crc())
                .putInt((int) e.compressed())
                .putInt((int) e.size())
                .putShort((short) e.name().length)
                .putShort((short) 0) // extra field length
                .putShort((short) 0) // comment length
                .putShort((short) 0) // disk number start
                .putShort((short) 0) // internal attributes
                .putInt(externalAttributes(e.mode()))
                .putInt((int) e.offset());
        out.write(header.array());
        out.write(e.name());
      }
      long end = position();
      requireFits("the central directory", end);
      ByteBuffer trailer =
          little(22)
              .putInt(END_OF_CENTRAL_DIRECTORY)
              .putShort((short) 0) // this disk
              .putShort((short) 0) // disk with the central directory
              .putShort((short) entries.size())
              .putShort((short) entries.size())
              .putInt((int) (end - start))
              .putInt((int) start)
              .putShort((short) 0); // comment length
      out.write(trailer.array());
      out.flush();
    } finally {
      channel.close();
    }
  }

  static int externalAttributes(int mode) {
    int dos = (mode & 0170000) == TYPE_DIRECTORY ? DOS_DIRECTORY_BIT : 0;
    return (mode << 16) | dos;
  }

  private long position() throws IOException {
    out.flush();
    long position = channel.position();
    requireFits("the archive", position);
    return position;
  }

  private static void requireFits(String what, long value) throws IOException {
    if (value > MAX_32) {
      throw new IOException(what + " is over 4 GiB, too large for a zip without ZIP64");
    }
  }

  private static ByteBuffer little(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Counts the compressed bytes; closing it does not close the archive. */
  private static final class Counting extends FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void close() {}
  }
}

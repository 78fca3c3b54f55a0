package dev.gust.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * Reads the Unix file modes of a zip's entries from its central directory, which {@code
 * java.util.zip} does not expose. Layout per PKWARE's APPNOTE.TXT:
 *
 * <ul>
 *   <li>End of central directory record (4.3.16), signature {@code 0x06054b50}, within the last 22
 *       + 65535 bytes: entry count at +10, directory size at +12, directory offset at +16, comment
 *       length at +20. When a field is saturated ({@code 0xFFFF}/{@code 0xFFFFFFFF}) the real
 *       values are in the Zip64 end record (4.3.14), found through its locator (4.3.15) just
 *       before.
 *   <li>Central directory file header (4.3.12), signature {@code 0x02014b50}: "version made by" at
 *       +4 (upper byte: host system, 3 = Unix), flags at +8, name length at +28, extra length at
 *       +30, comment length at +32, external attributes at +38 (for Unix hosts the upper 16 bits
 *       are {@code st_mode}), the name at +46.
 * </ul>
 *
 * <p>Names are decoded as UTF-8, as {@link java.util.zip.ZipFile} does by default, so that the
 * modes can be matched with its entries by name. Duplicate names are rejected: two entries with one
 * name are a classic way to make two zip readers see different files.
 */
final class ZipCentralDirectory {
  static final int S_IFMT = 0170000;
  static final int S_IFLNK = 0120000;
  static final int S_IFREG = 0100000;

  private static final int EOCD_SIGNATURE = 0x06054b50;
  private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
  private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
  private static final int HEADER_SIGNATURE = 0x02014b50;
  private static final int EOCD_SIZE = 22;
  private static final int HOST_UNIX = 3;

  private ZipCentralDirectory() {}

  /**
   * The Unix mode of every entry that has one (made on a Unix host, nonzero mode), by name.
   *
   * @throws ZipException when the central directory is missing or malformed
   */
  static Map<String, Integer> unixModes(byte[] zip) throws ZipException {
    ByteBuffer buf = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    int eocd = findEndRecord(buf);
    long entries = u16(buf, eocd + 10);
    long offset = u32(buf, eocd + 16);
    if (entries == 0xFFFF || offset == 0xFFFFFFFFL) {
      int locator = eocd - 20;
      require(locator >= 0 && buf.getInt(locator) == ZIP64_LOCATOR_SIGNATURE, "zip64 locator");
      long zip64End = buf.getLong(locator + 8);
      require(zip64End >= 0 && zip64End + 56 <= zip.length, "zip64 end record offset");
      require(buf.getInt((int) zip64End) == ZIP64_EOCD_SIGNATURE, "zip64 end record");
      entries = buf.getLong((int) zip64End + 32);
      offset = buf.getLong((int) zip64End + 48);
    }
    require(offset >= 0 && offset <= eocd, "central directory offset");
    Map<String, Integer> modes = new HashMap<>();
    java.util.Set<String> names = new java.util.HashSet<>();
    int pos = (int) offset;
    for (long i = 0; i < entries; i++) {
      require(pos + 46 <= zip.length && buf.getInt(pos) == HEADER_SIGNATURE, "entry header");
      int madeBy = u16(buf, pos + 4);
      int nameLength = u16(buf, pos + 28);
      int extraLength = u16(buf, pos + 30);
      int commentLength = u16(buf, pos + 32);
      long attributes = u32(buf, pos + 38);
      int next = pos + 46 + nameLength + extraLength + commentLength;
      require(next <= zip.length, "entry length");
      String name = new String(zip, pos + 46, nameLength, StandardCharsets.UTF_8);
      if (!names.add(name)) {
        throw new ZipException("duplicate entry name " + name);
      }
      int mode = (int) (attributes >>> 16);
      if ((madeBy >>> 8) == HOST_UNIX && mode != 0) {
        modes.put(name, mode);
      }
      pos = next;
    }
    return modes;
  }

  static boolean isSymlink(int mode) {
    return (mode & S_IFMT) == S_IFLNK;
  }

  static boolean isExecutable(int mode) {
    return (mode & 0111) != 0;
  }

  private static int findEndRecord(ByteBuffer buf) throws ZipException {
    int last = buf.limit() - EOCD_SIZE;
    int first = Math.max(0, last - 0xFFFF);
    for (int pos = last; pos >= first; pos--) {
      if (buf.getInt(pos) == EOCD_SIGNATURE
          && pos + EOCD_SIZE + u16(buf, pos + 20) == buf.limit()) {
        return pos;
      }
    }
    throw new ZipException("no end of central directory record");
  }

  private static void require(boolean condition, String what) throws ZipException {
    if (!condition) {
      throw new ZipException("malformed " + what);
    }
  }

  private static int u16(ByteBuffer buf, int pos) {
    return Short.toUnsignedInt(buf.getShort(pos));
  }

  private static long u32(ByteBuffer buf, int pos) {
    return Integer.toUnsignedLong(buf.getInt(pos));
  }
}

package dev.gust.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds zips for tests, including what {@link ZipOutputStream} cannot write: Unix modes and lying
 * size fields, patched into the central directory afterwards (independently of the production
 * parser, by scanning for header signatures).
 */
final class TestZips {
  private static final int CENTRAL_HEADER = 0x02014b50;

  private final Map<String, byte[]> entries = new LinkedHashMap<>();
  private final Map<String, Integer> modes = new LinkedHashMap<>();
  private final Map<String, Long> declaredSizes = new LinkedHashMap<>();
  private final Map<String, String> renames = new LinkedHashMap<>();

  TestZips file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  TestZips file(String name, byte[] content) {
    entries.put(name, content);
    return this;
  }

  TestZips mode(String name, int mode) {
    modes.put(name, mode);
    return this;
  }

  TestZips symlink(String name, String target) {
    return file(name, target).mode(name, 0120777);
  }

  /** Makes the central directory claim {@code size} uncompressed bytes for {@code name}. */
  TestZips declaredSize(String name, long size) {
    declaredSizes.put(name, size);
    return this;
  }

  /** Renames an entry in the central directory only; the new name must have the same length. */
  TestZips renameInDirectory(String name, String newName) {
    renames.put(name, newName);
    return this;
  }

  byte[] build() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] zip = bytes.toByteArray();
    patchCentralDirectory(zip);
    return zip;
  }

  private void patchCentralDirectory(byte[] zip) {
    ByteBuffer buf = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    for (int pos = 0; pos + 46 <= zip.length; pos++) {
      if (buf.getInt(pos) != CENTRAL_HEADER) {
        continue;
      }
      int nameLength = Short.toUnsignedInt(buf.getShort(pos + 28));
      String name = new String(zip, pos + 46, nameLength, StandardCharsets.UTF_8);
      Integer mode = modes.get(name);
      if (mode != null) {
        buf.putShort(pos + 4, (short) ((3 << 8) | 20)); // made by: Unix, spec 2.0
        buf.putInt(pos + 38, mode << 16);
      }
      String rename = renames.get(name);
      if (rename != null) {
        byte[] renamed = rename.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(renamed, 0, zip, pos + 46, nameLength);
      }
      Long size = declaredSizes.get(name);
      if (size != null) {
        buf.putInt(pos + 24, (int) (long) size);
      }
    }
  }
}

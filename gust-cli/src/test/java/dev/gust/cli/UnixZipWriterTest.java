package dev.gust.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixZipWriterTest {
  @TempDir Path dir;

  @Test
  void writerRecordsUnixModesAndContentsThatJavaReads() throws Exception {
    Path zip = dir.resolve("out.zip");
    byte[] random = new byte[300_000];
    new Random(7).nextBytes(random);
    try (UnixZipWriter writer = new UnixZipWriter(zip)) {
      writer.addDirectory("bin", 0755);
      writer.addFile("bin/bootstrap", 0755, stream("#!/bin/sh\necho hi\n"));
      writer.addFile("data.bin", 0600, new ByteArrayInputStream(random));
      writer.addFile("empty.txt", 0644, stream(""));
      writer.addSymlink("link", "bin/bootstrap");
    }
    Map<String, Integer> modes = centralDirectoryModes(zip);
    assertEquals(0040755, modes.get("bin/"));
    assertEquals(0100755, modes.get("bin/bootstrap"));
    assertEquals(0100600, modes.get("data.bin"));
    assertEquals(0100644, modes.get("empty.txt"));
    assertEquals(0120777, modes.get("link"));
    try (ZipFile read = new ZipFile(zip.toFile())) {
      assertEquals("#!/bin/sh\necho hi\n", text(read, "bin/bootstrap"));
      assertArrayEquals(random, read.getInputStream(read.getEntry("data.bin")).readAllBytes());
      assertEquals("", text(read, "empty.txt"));
      assertEquals("bin/bootstrap", text(read, "link"));
    }
  }

  @Test
  void sameTreeGivesTheSameBytes() throws Exception {
    Path a = dir.resolve("a.zip");
    Path b = dir.resolve("b.zip");
    for (Path zip : new Path[] {a, b}) {
      try (UnixZipWriter writer = new UnixZipWriter(zip)) {
        writer.addFile("x", 0644, stream("same"));
      }
    }
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
  }

  @Test
  void packageKeepsTheExecutableBitAndSkipsCacheFolders() throws Exception {
    Path fn = Files.createDirectories(dir.resolve("fn"));
    write(fn.resolve("bootstrap"), "#!/bin/sh\nexec ./handler\n", "rwxr-xr-x");
    write(fn.resolve("handler.py"), "def handler(e, c): return e\n", "rw-r--r--");
    write(fn.resolve("lib/util.py"), "X = 1\n", "rw-r--r--");
    write(fn.resolve("node_modules/left-pad/index.js"), "module.exports = 1\n", "rw-r--r--");
    write(fn.resolve(".git/HEAD"), "ref: refs/heads/main\n", "rw-r--r--");
    write(fn.resolve("lib/__pycache__/util.cpython-312.pyc"), "junk", "rw-r--r--");
    write(fn.resolve(".gust/cache"), "junk", "rw-r--r--");
    Files.createSymbolicLink(fn.resolve("run"), Path.of("bootstrap"));
    Path zip = dir.resolve("fn.zip");

    PackageZipper.Result result = PackageZipper.zip(fn, zip, (done, total, bytes) -> {});

    assertEquals(4, result.files());
    Map<String, Integer> modes = centralDirectoryModes(zip);
    assertEquals(0100755, modes.get("bootstrap"));
    assertEquals(0100644, modes.get("handler.py"));
    assertEquals(0120777, modes.get("run"));
    assertEquals(
        List.of(
            "bootstrap",
            "handler.py",
            "lib/",
            "lib/util.py",
            "node_modules/",
            "node_modules/left-pad/",
            "node_modules/left-pad/index.js",
            "run"),
        List.copyOf(modes.keySet()));
  }

  @Test
  void infoZipAgreesOnModesAndContents() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/unzip")), "needs Info-ZIP's unzip");
    Path fn = Files.createDirectories(dir.resolve("fn"));
    write(fn.resolve("bootstrap"), "#!/bin/sh\nexec ./handler\n", "rwxr-xr-x");
    write(fn.resolve("handler.py"), "def handler(e, c): return e\n", "rw-r--r--");
    write(fn.resolve("lib/util.py"), "X = 1\n", "rw-r--r--");
    write(fn.resolve("node_modules/left-pad/index.js"), "module.exports = 1\n", "rw-r--r--");
    write(fn.resolve(".git/HEAD"), "ref: refs/heads/main\n", "rw-r--r--");
    Files.createSymbolicLink(fn.resolve("run"), Path.of("bootstrap"));
    Path zip = dir.resolve("fn.zip");
    PackageZipper.zip(fn, zip, (done, total, bytes) -> {});

    String listing = unzipListing(zip);
    assertTrue(listing.matches("(?s).*-rwxr-xr-x\\s.*\\sbootstrap\\n.*"), listing);
    assertTrue(listing.matches("(?s).*-rw-r--r--\\s.*\\shandler\\.py\\n.*"), listing);
    assertTrue(listing.matches("(?s).*lrwxrwxrwx\\s.*\\srun\\n.*"), listing);
    assertTrue(listing.contains("node_modules/left-pad/index.js"), listing);
    assertTrue(
        !listing.contains(".git") && !listing.contains("__pycache__") && !listing.contains(".gust"),
        listing);
    Process test =
        new ProcessBuilder("unzip", "-tq", zip.toString()).redirectErrorStream(true).start();
    String tested = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, test.waitFor(), tested);

    Path out = Files.createDirectories(dir.resolve("unzipped"));
    Process unzip = new ProcessBuilder("unzip", "-q", zip.toString(), "-d", out.toString()).start();
    assertEquals(0, unzip.waitFor());
    assertTrue(Files.isExecutable(out.resolve("bootstrap")));
    assertEquals("X = 1\n", Files.readString(out.resolve("lib/util.py")));
  }

  /** Reads each central-directory entry's name and the mode in its external attributes. */
  static Map<String, Integer> centralDirectoryModes(Path zip) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(zip)).order(ByteOrder.LITTLE_ENDIAN);
    int end = b.limit() - 22;
    assertEquals(0x06054b50, b.getInt(end));
    int count = Short.toUnsignedInt(b.getShort(end + 10));
    int at = b.getInt(end + 16);
    Map<String, Integer> modes = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      assertEquals(0x02014b50, b.getInt(at));
      assertEquals(3, Short.toUnsignedInt(b.getShort(at + 4)) >> 8, "version made by: Unix");
      int nameLength = Short.toUnsignedInt(b.getShort(at + 28));
      int extra = Short.toUnsignedInt(b.getShort(at + 30));
      int comment = Short.toUnsignedInt(b.getShort(at + 32));
      int mode = b.getInt(at + 38) >>> 16;
      byte[] name = new byte[nameLength];
      b.get(at + 46, name);
      modes.put(new String(name, StandardCharsets.UTF_8), mode);
      at += 46 + nameLength + extra + comment;
    }
    return modes;
  }

  private static String unzipListing(Path zip) throws Exception {
    Process p = new ProcessBuilder("unzip", "-Z", zip.toString()).redirectErrorStream(true).start();
    String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), listing);
    return listing;
  }

  private static void write(Path file, String content, String permissions) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
  }

  private static ByteArrayInputStream stream(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(ZipFile zip, String name) throws IOException {
    ZipEntry entry = zip.getEntry(name);
    return new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
  }
}

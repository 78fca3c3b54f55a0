package dev.gust.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gust.core.CodePackage;
import dev.gust.core.ErrorType;
import dev.gust.core.GustException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskCodeStoreTest {
  @TempDir Path dir;
  private Path root;
  private DiskCodeStore store;

  @BeforeEach
  void open() {
    root = dir.resolve("code");
    store = new DiskCodeStore(root, 10_000, 1_000);
  }

  @Test
  void storedPackageUnpacksAndStreamsTheOriginalZip() throws Exception {
    byte[] zip = new TestZips().file("app.py", "print(1)\n").file("lib/util.py", "x = 2\n").build();

    CodePackage pkg = store.store(zip);

    String expectedSha =
        Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(zip));
    assertEquals(new CodePackage(expectedSha, zip.length, 15), pkg);
    Path unpacked = store.directory(pkg);
    assertEquals(root.resolve(pkg.key()), unpacked);
    assertEquals("print(1)\n", Files.readString(unpacked.resolve("app.py")));
    assertEquals("x = 2\n", Files.readString(unpacked.resolve("lib/util.py")));
    try (InputStream in = store.open(pkg.key())) {
      assertArrayEquals(zip, in.readAllBytes());
    }
  }

  @Test
  void storingTheSameBytesAgainChangesNothing() throws Exception {
    byte[] zip = new TestZips().file("app.py", "print(1)\n").build();
    CodePackage first = store.store(zip);
    Object inode = Files.readAttributes(store.directory(first), "unix:ino").get("ino");

    CodePackage second = store.store(zip);

    assertEquals(first, second);
    assertEquals(inode, Files.readAttributes(store.directory(second), "unix:ino").get("ino"));
    assertEquals(List.of(first.key(), first.key() + ".zip"), names(root));
  }

  @Test
  void executableBitsFromTheZipToolSurvive() throws Exception {
    Path unpacked = store.directory(store.store(zipWithTool()));

    assertEquals("r-xr-xr-x", permissions(unpacked.resolve("bootstrap")));
    assertEquals("r-xr-xr-x", permissions(unpacked.resolve("bin/tool")));
    assertEquals("r--r--r--", permissions(unpacked.resolve("data.txt")));
    assertEquals("r-xr-xr-x", permissions(unpacked.resolve("bin")));
    assertEquals("r-xr-xr-x", permissions(unpacked));
  }

  @Test
  void zip64ArchivesKeepTheirExecutableBitsToo() throws Exception {
    // -fz forces Zip64 records: the end record's directory offset is then 0xFFFFFFFF.
    Path unpacked = store.directory(store.store(zipWithTool("-fz")));

    assertEquals("r-xr-xr-x", permissions(unpacked.resolve("bootstrap")));
    assertEquals("r--r--r--", permissions(unpacked.resolve("data.txt")));
  }

  private byte[] zipWithTool(String... flags) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/zip")), "the zip command is not installed");
    Path src = Files.createTempDirectory(dir, "src");
    Files.createDirectories(src.resolve("bin"));
    Files.writeString(src.resolve("bootstrap"), "#!/bin/sh\necho hi\n");
    Files.writeString(src.resolve("bin/tool"), "#!/bin/sh\n");
    Files.writeString(src.resolve("data.txt"), "data\n");
    Files.setPosixFilePermissions(
        src.resolve("bootstrap"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        src.resolve("bin/tool"), PosixFilePermissions.fromString("rwxr--r--"));
    Files.setPosixFilePermissions(
        src.resolve("data.txt"), PosixFilePermissions.fromString("rw-rw-rw-"));
    Path zipFile = src.resolveSibling(src.getFileName() + ".zip");
    List<String> command = new java.util.ArrayList<>(List.of("zip", "-q", "-r"));
    command.addAll(List.of(flags));
    command.addAll(List.of(zipFile.toString(), "."));
    Process zip = new ProcessBuilder(command).directory(src.toFile()).inheritIO().start();
    assertEquals(0, zip.waitFor());
    return Files.readAllBytes(zipFile);
  }

  @Test
  void rootBootstrapWithoutUnixModeIsMadeExecutable() throws Exception {
    byte[] zip =
        new TestZips().file("bootstrap", "#!/bin/sh\n").file("lib/bootstrap", "not me\n").build();

    Path unpacked = store.directory(store.store(zip));

    assertEquals("r-xr-xr-x", permissions(unpacked.resolve("bootstrap")));
    assertEquals("r--r--r--", permissions(unpacked.resolve("lib/bootstrap")));
  }

  @Test
  void unixModeWithoutExecuteBitsIsRespectedEvenForBootstrap() throws Exception {
    byte[] zip = new TestZips().file("bootstrap", "#!/bin/sh\n").mode("bootstrap", 0100644).build();

    Path unpacked = store.directory(store.store(zip));

    assertEquals("r--r--r--", permissions(unpacked.resolve("bootstrap")));
  }

  @Test
  void entryEscapingTheRootIsRejected() throws Exception {
    byte[] zip =
        new TestZips().file("ok.txt", "fine\n").file("lib/../../evil.txt", "boom\n").build();

    assertUnzipFailed(zip);
    assertFalse(Files.exists(dir.resolve("evil.txt")));
    assertFalse(Files.exists(root.resolve("evil.txt")));
    assertEquals(List.of(), names(root));
  }

  @Test
  void absoluteEntryIsRejected() {
    assertUnzipFailed(new TestZips().file("/tmp/evil.txt", "boom\n").build());
  }

  @Test
  void corruptZipsAreRejected() {
    byte[] zip = new TestZips().file("app.py", "print(1)\n".repeat(20)).build();
    byte[] truncated = java.util.Arrays.copyOf(zip, zip.length / 2);
    byte[] garbledData = zip.clone();
    for (int i = 40; i < 60; i++) {
      garbledData[i] ^= (byte) 0x5a;
    }

    assertUnzipFailed("not a zip at all".getBytes());
    assertUnzipFailed(truncated);
    assertUnzipFailed(garbledData);
  }

  @Test
  void twoEntriesWithOneNameAreRejected() {
    assertUnzipFailed(
        new TestZips().file("a", "1").file("b", "2").renameInDirectory("b", "a").build());
  }

  @Test
  void zipOverTheLimitIsTooLarge() {
    GustException e = assertThrows(GustException.class, () -> store.store(new byte[10_001]));

    assertEquals(ErrorType.REQUEST_TOO_LARGE, e.type());
    assertEquals("Zipped size must be smaller than 10000 bytes", e.getMessage());
  }

  @Test
  void declaredUnzippedSizeOverTheLimitIsTooLarge() {
    byte[] zip = new TestZips().file("a.bin", new byte[600]).file("b.bin", new byte[600]).build();

    GustException e = assertThrows(GustException.class, () -> store.store(zip));

    assertEquals(ErrorType.REQUEST_TOO_LARGE, e.type());
    assertEquals("Unzipped size must be smaller than 1000 bytes", e.getMessage());
  }

  @Test
  void sizeFieldThatLiesCannotBypassTheLimit() throws Exception {
    byte[] zip =
        new TestZips().file("bomb.bin", new byte[50_000]).declaredSize("bomb.bin", 10).build();

    GustException e = assertThrows(GustException.class, () -> store.store(zip));

    assertEquals(ErrorType.REQUEST_TOO_LARGE, e.type());
    assertEquals(List.of(), names(root));
  }

  @Test
  void symbolicLinksAreKeptOnlyWhenTheyStayInside() throws Exception {
    byte[] zip =
        new TestZips()
            .file("lib/v1/mod.py", "x = 1\n")
            .symlink("lib/current", "v1")
            .symlink("lib/up", "../lib/v1/mod.py")
            .symlink("escape", "../../etc")
            .symlink("abs", "/usr/bin/python3")
            .symlink("sneaky", "lib/../../x")
            .build();

    Path unpacked = store.directory(store.store(zip));

    assertEquals(Path.of("v1"), Files.readSymbolicLink(unpacked.resolve("lib/current")));
    assertEquals("x = 1\n", Files.readString(unpacked.resolve("lib/current/mod.py")));
    assertEquals("x = 1\n", Files.readString(unpacked.resolve("lib/up")));
    assertFalse(Files.exists(unpacked.resolve("escape"), LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(unpacked.resolve("abs"), LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(unpacked.resolve("sneaky"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void retainOnlyDeletesPackagesNoLongerUsed() throws Exception {
    CodePackage kept = store.store(new TestZips().file("a.py", "a\n").build());
    CodePackage dropped = store.store(new TestZips().file("b.py", "b\n").build());

    store.retainOnly(Set.of(kept.key()));

    assertEquals(List.of(kept.key(), kept.key() + ".zip"), names(root));
    GustException e = assertThrows(GustException.class, () -> store.open(dropped.key()));
    assertEquals(ErrorType.RESOURCE_NOT_FOUND, e.type());
    assertThrows(GustException.class, () -> store.directory(dropped));
  }

  @Test
  void unknownOrMalformedKeysAreNotFound() {
    assertEquals(
        ErrorType.RESOURCE_NOT_FOUND,
        assertThrows(GustException.class, () -> store.open("0".repeat(64))).type());
    assertEquals(
        ErrorType.RESOURCE_NOT_FOUND,
        assertThrows(GustException.class, () -> store.open("../../etc/passwd")).type());
  }

  @Test
  void leftoversOfAnInterruptedStoreAreRemovedOnOpen() throws Exception {
    Files.createDirectories(root.resolve(".tmp-123/lib"));
    Files.writeString(root.resolve(".tmp-123.zip"), "partial");

    new DiskCodeStore(root);

    assertEquals(List.of(), names(root));
  }

  private void assertUnzipFailed(byte[] zip) {
    GustException e = assertThrows(GustException.class, () -> store.store(zip));
    assertEquals(ErrorType.INVALID_PARAMETER_VALUE, e.type());
    assertEquals(
        "Could not unzip uploaded file. Please check your file, then try to upload again.",
        e.getMessage());
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}

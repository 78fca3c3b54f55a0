package dev.gust.store;

import dev.gust.core.CodePackage;
import dev.gust.core.CodeStore;
import dev.gust.core.ErrorType;
import dev.gust.core.GustException;
import dev.gust.core.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Code packages on local disk, content-addressed by {@link CodePackage#key()} (hex SHA-256): {@code
 * <root>/<key>.zip} is the upload as received and {@code <root>/<key>/} its unpacked, read-only
 * files.
 *
 * <p>A package is unpacked into {@code <root>/.tmp-<uuid>/} and then renamed into place, the
 * directory first and the zip last: the zip's presence is what marks a package as stored, so a
 * crash half-way leaves either nothing or a directory that the next store of the same bytes
 * replaces. Leftover temporary files are removed when the store opens. {@code publishLock} orders
 * renames and deletions; unpacking itself runs in parallel.
 */
public final class DiskCodeStore implements CodeStore {
  private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
  private static final String TEMP_PREFIX = ".tmp-";

  private final Path root;
  private final long maxZipBytes;
  private final ZipUnpacker unpacker;
  private final ReentrantLock publishLock = new ReentrantLock();

  /** A store under {@code root} (created when missing) with Lambda's size limits. */
  public DiskCodeStore(Path root) {
    this(root, Limits.MAX_ZIP_BYTES, Limits.MAX_UNZIPPED_BYTES);
  }

  DiskCodeStore(Path root, long maxZipBytes, long maxUnzippedBytes) {
    this.root = root.toAbsolutePath().normalize();
    this.maxZipBytes = maxZipBytes;
    this.unpacker = new ZipUnpacker(maxUnzippedBytes);
    try {
      Files.createDirectories(this.root);
      for (Path leftover : list(p -> p.getFileName().toString().startsWith(TEMP_PREFIX))) {
        ZipPaths.deleteTree(leftover);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not open the code store at " + this.root + "; check that it is writable", e);
    }
  }

  @Override
  public CodePackage store(byte[] zip) {
    if (zip.length > maxZipBytes) {
      throw GustException.tooLarge("Zipped size must be smaller than " + maxZipBytes + " bytes");
    }
    String sha256 = Base64.getEncoder().encodeToString(sha256(zip));
    CodePackage probe = new CodePackage(sha256, zip.length, 0);
    Path zipPath = zipPath(probe.key());
    try {
      if (Files.exists(zipPath) && Files.isDirectory(root.resolve(probe.key()))) {
        return new CodePackage(sha256, zip.length, declaredUnzippedSize(zipPath));
      }
      Path temp = root.resolve(TEMP_PREFIX + UUID.randomUUID());
      Path tempZip = root.resolve(temp.getFileName() + ".zip");
      try {
        Files.write(tempZip, zip);
        Files.createDirectory(temp);
        long unzipped = unpacker.unpack(zip, tempZip, temp);
        publish(probe.key(), temp, tempZip);
        return new CodePackage(sha256, zip.length, unzipped);
      } finally {
        ZipPaths.deleteTree(temp);
        Files.deleteIfExists(tempZip);
      }
    } catch (IOException e) {
      throw new GustException(
          ErrorType.SERVICE,
          "Could not store a code package under "
              + root
              + ": "
              + e
              + ". Check that the data directory is writable and has free space.",
          e);
    }
  }

  @Override
  public Path directory(CodePackage code) {
    Path dir = root.resolve(code.key());
    if (!Files.isDirectory(dir)) {
      throw GustException.notFound(
          "Code package " + code.sha256() + " is not in the code store; upload the code again.");
    }
    return dir;
  }

  @Override
  public InputStream open(String key) {
    if (!KEY.matcher(key).matches()) {
      throw GustException.notFound(
          "Code package key '" + key + "' is not a hex SHA-256; use CodePackage.key().");
    }
    try {
      return Files.newInputStream(zipPath(key));
    } catch (NoSuchFileException e) {
      throw GustException.notFound("Code package " + key + " is not in the code store.");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read code package " + key + " under " + root, e);
    }
  }

  @Override
  public void retainOnly(Set<String> liveKeys) {
    publishLock.lock();
    try {
      for (Path p : list(p -> !p.getFileName().toString().startsWith(TEMP_PREFIX))) {
        String key = p.getFileName().toString().replaceFirst("\\.zip$", "");
        if (KEY.matcher(key).matches() && !liveKeys.contains(key)) {
          // The zip goes first: without it the package no longer counts as stored.
          Files.deleteIfExists(zipPath(key));
          ZipPaths.deleteTree(root.resolve(key));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete unused code packages under " + root, e);
    } finally {
      publishLock.unlock();
    }
  }

  private void publish(String key, Path temp, Path tempZip) throws IOException {
    publishLock.lock();
    try {
      if (Files.exists(zipPath(key))) {
        return; // Stored concurrently by another upload of the same bytes.
      }
      Path dir = root.resolve(key);
      ZipPaths.deleteTree(dir); // A directory without its zip is a crash's leftover.
      Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
      Files.move(tempZip, zipPath(key), StandardCopyOption.ATOMIC_MOVE);
    } finally {
      publishLock.unlock();
    }
  }

  private long declaredUnzippedSize(Path zipPath) throws IOException {
    long total = 0;
    try (ZipFile zf = new ZipFile(zipPath.toFile())) {
      for (Enumeration<? extends ZipEntry> e = zf.entries(); e.hasMoreElements(); ) {
        total += Math.max(0, e.nextElement().getSize());
      }
    }
    unpacker.requireWithinLimit(total);
    return total;
  }

  private Path zipPath(String key) {
    return root.resolve(key + ".zip");
  }

  private List<Path> list(java.util.function.Predicate<Path> filter) throws IOException {
    try (Stream<Path> entries = Files.list(root)) {
      return entries.filter(filter).toList();
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}

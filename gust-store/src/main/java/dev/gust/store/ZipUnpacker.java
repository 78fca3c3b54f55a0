package dev.gust.store;

import dev.gust.core.ErrorType;
import dev.gust.core.GustException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Unpacks one validated zip into an empty directory.
 *
 * <p>Order of work, so that nothing is written before the whole zip is known to be acceptable: (1)
 * read the central directory twice, ours for Unix modes and {@link ZipFile}'s for content; (2)
 * check every name (no absolute paths, nothing escaping the root) and the declared total size; (3)
 * write directories and regular files, counting the bytes actually inflated so that a lying size
 * field cannot fill the disk; (4) create symbolic links, only those that provably stay inside the
 * root; (5) drop write permission everywhere.
 */
final class ZipUnpacker {
  static final String UNZIP_FAILED =
      "Could not unzip uploaded file. Please check your file, then try to upload again.";
  private static final int MAX_LINK_TARGET = 4096;
  private static final System.Logger LOG = System.getLogger(ZipUnpacker.class.getName());

  private final long maxUnzippedBytes;

  ZipUnpacker(long maxUnzippedBytes) {
    this.maxUnzippedBytes = maxUnzippedBytes;
  }

  private record Planned(ZipEntry entry, Path path, int mode) {}

  private record Link(Path path, String target) {}

  /**
   * Unpacks {@code zipFile} (whose bytes are {@code zip}) into {@code target}; returns its size.
   */
  long unpack(byte[] zip, Path zipFile, Path target) throws IOException {
    try (ZipFile zf = new ZipFile(zipFile.toFile())) {
      Map<String, Integer> modes = ZipCentralDirectory.unixModes(zip);
      List<Planned> plan = new ArrayList<>();
      long declared = 0;
      for (Enumeration<? extends ZipEntry> e = zf.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        Path path = ZipPaths.inside(target, entry.getName());
        declared += Math.max(0, entry.getSize());
        plan.add(new Planned(entry, path, modes.getOrDefault(entry.getName(), 0)));
      }
      requireWithinLimit(declared);
      long total = 0;
      List<Link> links = new ArrayList<>();
      List<Path> executables = new ArrayList<>();
      for (Planned p : plan) {
        if (p.path.equals(target)) {
          continue;
        }
        if (p.entry.isDirectory()) {
          Files.createDirectories(p.path);
        } else if (ZipCentralDirectory.isSymlink(p.mode)) {
          String linkTarget = readLinkTarget(zf, p.entry);
          total += linkTarget.length();
          links.add(new Link(p.path, linkTarget));
        } else {
          Files.createDirectories(p.path.getParent());
          total = copy(zf, p.entry, p.path, total);
          if (executable(p, target)) {
            executables.add(p.path);
          }
        }
      }
      for (Link link : links) {
        createLinkIfContained(target, link);
      }
      ZipPaths.makeReadOnly(target, executables);
      return total;
    } catch (ZipException | FileAlreadyExistsException e) {
      // An existing file here means the zip's own entries conflict (a file where a directory
      // must be, two names for one path): the upload is at fault, not the disk.
      throw new GustException(ErrorType.INVALID_PARAMETER_VALUE, UNZIP_FAILED, e);
    }
  }

  void requireWithinLimit(long bytes) {
    if (bytes > maxUnzippedBytes) {
      throw GustException.tooLarge(
          "Unzipped size must be smaller than " + maxUnzippedBytes + " bytes");
    }
  }

  private static boolean executable(Planned p, Path target) {
    if (p.mode != 0) {
      return ZipCentralDirectory.isExecutable(p.mode);
    }
    // A zip made without Unix modes (e.g. on Windows) still needs a runnable custom runtime.
    return p.path.equals(target.resolve("bootstrap"));
  }

  /** Copies one entry, counting inflated bytes against the limit as they arrive. */
  private long copy(ZipFile zf, ZipEntry entry, Path path, long totalSoFar) throws IOException {
    long total = totalSoFar;
    long written = 0;
    CRC32 crc = new CRC32();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = zf.getInputStream(entry);
        OutputStream out =
            Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while ((n = readZip(in, buffer)) > 0) {
        total += n;
        written += n;
        requireWithinLimit(total);
        crc.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    }
    if (entry.getSize() >= 0 && written != entry.getSize()) {
      throw new ZipException(
          entry.getName() + " holds " + written + " bytes but declares " + entry.getSize());
    }
    if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
      throw new ZipException(entry.getName() + " fails its CRC-32 check");
    }
    return total;
  }

  /** Reads inflated bytes; a failure here is a corrupt zip, not a disk problem. */
  private static int readZip(InputStream in, byte[] buffer) throws ZipException {
    return readZip(in, buffer, 0);
  }

  private static int readZip(InputStream in, byte[] buffer, int offset) throws ZipException {
    try {
      return in.read(buffer, offset, buffer.length - offset);
    } catch (ZipException e) {
      throw e;
    } catch (IOException e) {
      ZipException corrupt = new ZipException("corrupt entry data: " + e.getMessage());
      corrupt.initCause(e);
      throw corrupt;
    }
  }

  private static String readLinkTarget(ZipFile zf, ZipEntry entry) throws IOException {
    try (InputStream in = zf.getInputStream(entry)) {
      byte[] buffer = new byte[MAX_LINK_TARGET + 1];
      int length = 0;
      int n;
      while (length < buffer.length && (n = readZip(in, buffer, length)) > 0) {
        length += n;
      }
      byte[] bytes = Arrays.copyOf(buffer, length);
      if (bytes.length > MAX_LINK_TARGET) {
        throw new ZipException("symbolic link " + entry.getName() + " has an oversized target");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static void createLinkIfContained(Path root, Link link) throws IOException {
    if (!ZipPaths.linkStaysInside(root, link.path, link.target)) {
      // Not an error: virtualenvs hold links such as bin/python -> /usr/bin/python3.
      LOG.log(
          System.Logger.Level.WARNING,
          "Skipped symbolic link {0} -> {1}: it points outside the code package",
          root.relativize(link.path),
          link.target);
      return;
    }
    Files.createDirectories(link.path.getParent());
    Files.createSymbolicLink(link.path, Path.of(link.target));
  }
}

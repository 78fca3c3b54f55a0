package dev.gust.store;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipException;

/** Path rules for unpacked code: what may be written where, and who may change it after. */
final class ZipPaths {
  private static final Set<PosixFilePermission> READ_ONLY =
      PosixFilePermissions.fromString("r--r--r--");
  private static final Set<PosixFilePermission> READ_EXECUTE =
      PosixFilePermissions.fromString("r-xr-xr-x");
  private static final Set<PosixFilePermission> OWNER_ALL =
      PosixFilePermissions.fromString("rwxr-xr-x");

  private ZipPaths() {}

  /**
   * Where an entry named {@code name} goes under {@code root} (absolute and normalized).
   *
   * @throws ZipException when the name is absolute or leads outside {@code root}
   */
  static Path inside(Path root, String name) throws ZipException {
    if (name.isEmpty()
        || name.indexOf('\0') >= 0
        || name.startsWith("/")
        || name.startsWith("\\")
        || name.matches("[A-Za-z]:.*")) {
      throw new ZipException("entry '" + name + "' has an absolute or empty path");
    }
    Path path = root.resolve(name).normalize();
    if (!path.startsWith(root)) {
      throw new ZipException("entry '" + name + "' leads outside the package");
    }
    return path;
  }

  /**
   * Whether a symbolic link at {@code link} to {@code target} provably resolves inside {@code
   * root}. The rule is deliberately simple so that it is sound even with links through links: the
   * target is relative, its {@code ..} components all come first and climb no higher than the root,
   * and no directory between the root and the link is itself a link. Every link created so
   * satisfies the rule, so following a chain of them never leaves the root.
   */
  static boolean linkStaysInside(Path root, Path link, String target) {
    if (target.isEmpty()
        || target.startsWith("/")
        || target.indexOf('\0') >= 0
        || target.indexOf('\\') >= 0) {
      return false;
    }
    int depth = 0;
    for (Path p = link.getParent(); !p.equals(root); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) {
        return false;
      }
      depth++;
    }
    int up = 0;
    boolean descended = false;
    for (String part : target.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (descended) {
          return false;
        }
        up++;
      } else {
        descended = true;
      }
    }
    return up <= depth;
  }

  /**
   * Removes every write permission under {@code root}, so that neither a function nor a bug of ours
   * can change stored code; files in {@code executables} and directories stay searchable.
   */
  static void makeReadOnly(Path root, Collection<Path> executables) throws IOException {
    Set<Path> exec = new HashSet<>(executables);
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (attrs.isRegularFile()) {
              Files.setPosixFilePermissions(file, exec.contains(file) ? READ_EXECUTE : READ_ONLY);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.setPosixFilePermissions(dir, READ_EXECUTE);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Deletes a file or a tree made read-only by {@link #makeReadOnly}; missing is fine. */
  static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(path);
      return;
    }
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.setPosixFilePermissions(dir, OWNER_ALL);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
              throw e;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
